"""The draw's protocol: the JSON that anyone re-checks without the platform (docs/draw.md).

`protocol_check` answers which part fails first: "commitment" (the revealed secret does not
hash to the published commitment), "seed" (the seed is not the hash of the inputs) or
"order" (the order is not what the algorithm gives for that seed).
"""

from __future__ import annotations

import re
from typing import Any

from talapker.lotdraw import algorithm

PARTS = ("commitment", "seed", "order")
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
    return None
