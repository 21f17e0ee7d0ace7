"""Reads of the published log: the key, the roots, an event's inclusion proof.

Only an event's sequence number and hash are ever published: its data, actor and object may
name people (a voter's request, a complaint), and the hash reveals none of them."""

from __future__ import annotations

from typing import Any

from talapker.audit import keys
from talapker.audit.merkle import audit_path, leaf_hash
from talapker.audit.models import AuditEvent, AuditRoot, SigningKey
from talapker.audit.rotation import handover_message


def key_published() -> dict[str, Any]:
    """The platform's public key as published: PEM, raw hex, fingerprint; and the keys it
    signed with before (rotation.py), each with when it was in use, why it was retired, its
    successor and its signed handover (none when it was retired as compromised)."""
    raw = keys.public_key_raw()
    retired = SigningKey.objects.filter(retired_at__isnull=False).order_by("-retired_at")
    return {
        "algorithm": "Ed25519",
        "public_key_pem": keys.public_key_pem(),
        "public_key_hex": raw.hex(),
        "fingerprint": keys.fingerprint(raw),
        "retired": [
            {"fingerprint": k.fingerprint, "public_key_hex": k.public_key,
             "first_used": k.first_used, "retired_at": k.retired_at, "reason": k.reason,
             "successor": k.successor,
             "handover_message": handover_message(k).decode() if k.handover_signature else "",
             "handover_signature": k.handover_signature}
            for k in retired
        ],
    }  # fmt: skip


def proof_of(seq: int) -> dict[str, Any] | None:
    """The inclusion proof of an event in its day's signed tree (RFC 9162 §2.1.3), or None
    while its day is not sealed. Raises AuditEvent.DoesNotExist for an unknown event."""
    event = AuditEvent.objects.only("seq", "hash").get(seq=seq)
    root = AuditRoot.objects.filter(first_seq__lte=seq, last_seq__gte=seq).first()
    if root is None:
        return None
    hashes = list(
        AuditEvent.objects.filter(seq__gte=root.first_seq, seq__lte=root.last_seq)
        .order_by("seq")
        .values_list("hash", flat=True)
    )
    leaves = [leaf_hash(h) for h in hashes]
    index = seq - root.first_seq
    return {
        "seq": event.seq,
        "hash": event.hash,
        "leaf_hash": leaves[index].hex(),
        "day": root.day,
        "index": index,
        "tree_size": len(leaves),
        "audit_path": [node.hex() for node in audit_path(index, leaves)],
        "root": root,
    }
