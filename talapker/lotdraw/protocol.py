"""The draw's protocol: the JSON that anyone re-checks without the platform (docs/draw.md).

`protocol_check` answers which part fails first: "commitment" (the revealed secret does not
hash to the published commitment), "seed" (the seed is not the hash of the inputs),
"order" (the order is not what the algorithm gives for that seed) or, for a signed protocol,
"signature" (its Ed25519 signature does not hold for its contents and the key it names).

A protocol drawn since the platform has a signing key (audit/keys.py, the key of the audit
log's daily roots, published on `/{lang}/audit/`) carries `signature`: `algorithm`
("Ed25519"), `public_key` (the raw 32 bytes in hex), `key` (their SHA-256: the fingerprint
the audit page shows) and `value`, the signature of the protocol without `signature`
written as canonical JSON (keys sorted, no spaces, UTF-8).
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from talapker.lotdraw import algorithm

PARTS = ("commitment", "seed", "order", "signature")
_HEX64 = re.compile(r"[0-9a-f]{64}")
_TEXT_FIELDS = ("election", "commitment", "secret", "seed", "committed_at", "drawn_at")
_LIST_FIELDS = ("parties", "witnesses", "order")


class ProtocolMalformed(ValueError):
    """A file that is not a protocol at all: a field missing or of the wrong type."""


def protocol_shape(protocol: Any) -> None:
    """Refuse what is not shaped like a protocol, naming the first field that is wrong."""
    if not isinstance(protocol, dict):
        raise ProtocolMalformed("the protocol is not a JSON object")
    for name in _TEXT_FIELDS:
        if not isinstance(protocol.get(name), str):
            raise ProtocolMalformed(f"field {name!r} is missing or not a string")
    for name in _LIST_FIELDS:
        value = protocol.get(name)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ProtocolMalformed(f"field {name!r} is missing or not a list of strings")
    found = protocol.get("algorithm")
    if not (
        isinstance(found, dict)
        and isinstance(found.get("name"), str)
        and isinstance(found.get("version"), int)
    ):
        raise ProtocolMalformed("field 'algorithm' is missing or not {name, version}")


def protocol_check(protocol: dict[str, Any]) -> str | None:
    """The first part of a well-shaped protocol that fails, or None when it holds."""
    secret, parties = protocol["secret"], protocol["parties"]
    if not (_HEX64.fullmatch(secret) and algorithm.commitment_of(secret) == protocol["commitment"]):
        return "commitment"
    canonical = parties == sorted(set(parties))
    seed = algorithm.seed_of(protocol["election"], parties, secret, protocol["witnesses"])
    if not (canonical and seed == protocol["seed"]):
        return "seed"
    known = protocol["algorithm"] == {"name": algorithm.NAME, "version": algorithm.VERSION}
    if not (known and algorithm.shuffle(parties, seed) == protocol["order"]):
        return "order"
    if "signature" in protocol and not signature_holds(protocol):
        return "signature"
    return None


def canonical(protocol: dict[str, Any]) -> bytes:
    """What the signature covers: the protocol without its signature, as canonical JSON."""
    body = {k: v for k, v in protocol.items() if k != "signature"}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def signature_holds(protocol: dict[str, Any]) -> bool:
    found = protocol.get("signature")
    if not isinstance(found, dict) or found.get("algorithm") != "Ed25519":
        return False
    try:
        raw = bytes.fromhex(str(found.get("public_key", "")))
        value = bytes.fromhex(str(found.get("value", "")))
        if hashlib.sha256(raw).hexdigest() != found.get("key"):
            return False
        Ed25519PublicKey.from_public_bytes(raw).verify(value, canonical(protocol))
    except (ValueError, InvalidSignature):
        return False
    return True
