"""Rotating the platform's signing key (`talapker rotate-signing-key`, docs/audit.md).

A new key replaces the old one in its file at once, and the old private key is gone with
the file it was in: a key retired because it may have leaked must not sign again. What stays
is its public half, in `SigningKey` with the time it was retired and why, so that the roots it
signed before still verify, and a root it "signed" for a day after its retirement is named by
`audit-verify` as the forgery it would be. The rotation is one audited transaction; the file
is moved into place as its last step, so a rotation that fails changes nothing.
"""

from __future__ import annotations

import datetime as dt
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


def key_rotate(*, reason: str, actor: str) -> tuple[SigningKey, SigningKey]:
    """Retire the current key and put a new one in its place; return (retired, new)."""
    path = keys.key_path()
    keys.private_key()  # the current key exists (made on first need) before it is retired
    staged, raw = keys.new_key_file(path)
    try:
        with transaction.atomic():
            chain_lock()  # no root is sealed with the old key meanwhile
            now = timezone.now()
            retired = key_known()
            retired.retired_at, retired.reason = now, reason
            retired.save(update_fields=["retired_at", "reason"])
            new = key_known(raw, since=now)
            audit_record(
                "audit.key_rotated",
                actor=actor,
                object_type="signing_key",
                object_id=new.fingerprint,
                data={"retired": retired.fingerprint, "current": new.fingerprint,
                      "reason": reason},
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
