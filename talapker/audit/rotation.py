"""Rotating the platform's signing key (`talapker rotate-signing-key`, docs/audit.md).

A new key replaces the old one in its file at once, and the old private key is gone with
the file it was in: a key retired because it may have leaked must not sign again. What stays
is its public half, in `SigningKey` with the time it was retired and why, so that the roots it
signed before still verify, and a root it "signed" for a day after its retirement is named by
`audit-verify` as the forgery it would be. The rotation is one audited transaction; the file
is moved into place as its last step, so a rotation that fails changes nothing.

Before it goes, the old key signs the handover: a short canonical JSON naming itself, its
successor's fingerprint (the SHA-256 of its public key) and the time of the change
(`handover_message`). Whoever keeps copies of the roots and trusts the old key can then
follow a planned change without trusting the page that announces it. A key retired as
compromised (`--compromised`) signs nothing: its word on its successor would be worth
nothing, since another may hold it too, and its absence tells the followers to take the new
fingerprint from the commission's own announcement.
"""

from __future__ import annotations

import datetime as dt
import json
import os

from django.db import transaction
from django.utils import timezone

from talapker.audit import keys
from talapker.audit.models import AuditRoot, SigningKey
from talapker.audit.services import audit_record, chain_lock


def key_known(raw: bytes | None = None, *, since: dt.datetime | None = None) -> SigningKey:
    """The `SigningKey` of the current key (or of the raw public key), recorded on first
    need: in use since its first signed root, or `since`, or now."""
    raw = keys.public_key_raw() if raw is None else raw
    fingerprint = keys.fingerprint(raw)
    found = SigningKey.objects.filter(fingerprint=fingerprint).first()
    if found is None:
        first = AuditRoot.objects.filter(key=fingerprint).order_by("signed_at").first()
        used = first.signed_at if first else (since or timezone.now())
        found = SigningKey.objects.create(
            fingerprint=fingerprint, public_key=raw.hex(), first_used=used
        )
    return found


def handover_message(retired: SigningKey) -> bytes:
    """What a retired key signs of its successor: canonical JSON, keys sorted, no spaces,
    UTF-8, the time in UTC to the second (docs/audit.md gives the format to outsiders)."""
    at = retired.retired_at
    assert at is not None, "only a retired key hands over"
    body = {
        "handover": "talapker signing key",
        "retired": retired.fingerprint,
        "retired_at": at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "successor": retired.successor,
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


def handover_problems() -> list[str]:
    """What is wrong with the handovers of the retired keys, oldest first: a signature that
    does not verify with the retired key, a successor the platform does not know."""
    known = set(SigningKey.objects.values_list("fingerprint", flat=True))
    known.add(keys.fingerprint())
    problems: list[str] = []
    retired = SigningKey.objects.filter(retired_at__isnull=False).order_by("retired_at")
    for key in retired:
        where = f"key {key.fingerprint[:16]}…"
        if key.successor and key.successor not in known:
            problems.append(f"{where}: handed over to {key.successor[:16]}…, a key not known")
        if not key.handover_signature:
            continue  # retired as compromised: no handover to check
        try:
            signature = bytes.fromhex(key.handover_signature)
        except ValueError:
            signature = b""
        if not keys.verify(signature, handover_message(key), bytes.fromhex(key.public_key)):
            problems.append(
                f"{where}: its handover does not verify (the successor, the time or the "
                "signature was altered)"
            )
    return problems


def key_rotate(
    *, reason: str, actor: str, compromised: bool = False
) -> tuple[SigningKey, SigningKey]:
    """Retire the current key and put a new one in its place; return (retired, new). The old
    key signs the handover to the new one unless it is `compromised`."""
    path = keys.key_path()
    keys.private_key()  # the current key exists (made on first need) before it is retired
    staged, raw = keys.new_key_file(path)
    try:
        with transaction.atomic():
            chain_lock()  # no root is sealed with the old key meanwhile
            now = timezone.now().replace(microsecond=0)  # as the handover states it
            retired = key_known()
            new = key_known(raw, since=now)
            retired.retired_at, retired.reason = now, reason
            retired.successor = new.fingerprint
            if not compromised:  # the old key, still in its file, signs its successor
                retired.handover_signature = keys.sign(handover_message(retired)).hex()
            retired.save(update_fields=["retired_at", "reason", "successor", "handover_signature"])
            audit_record(
                "audit.key_rotated",
                actor=actor,
                object_type="signing_key",
                object_id=new.fingerprint,
                data={"retired": retired.fingerprint, "current": new.fingerprint,
                      "reason": reason, "compromised": compromised},
            )  # fmt: skip
            os.replace(staged, path)  # the last step: the old private key is gone
            folder = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(folder)  # the rename itself on the disk
            finally:
                os.close(folder)
    finally:
        staged.unlink(missing_ok=True)
    return retired, new
