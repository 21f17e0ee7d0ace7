"""Precinct tokens: the credential a precinct commission's machine sends its protocols with
(`X-Precinct-Token`). One per precinct and election, random (256 bits), shown once when
issued (`talapker protocol-tokens`); the database keeps its SHA-256. Issuing again revokes
the precinct's earlier token. A token sends the protocols of its own precinct only."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from talapker.audit.services import audit_record
from talapker.elections.models import Election
from talapker.results.models import ProtocolToken

HEADER = "X-Precinct-Token"


def _sha256(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def issue(election: Election, precincts: Iterable[str], *, actor: str) -> dict[str, str]:
    """New tokens for these precincts (earlier ones revoked): precinct → key."""
    keys = {code: secrets.token_urlsafe(32) for code in sorted(set(precincts))}
    now = timezone.now()
    with transaction.atomic():
        ProtocolToken.objects.filter(election=election, precinct__in=list(keys)).update(
            revoked=True
        )
        ProtocolToken.objects.bulk_create(
            ProtocolToken(election=election, precinct=code, sha256=_sha256(key), issued_at=now)
            for code, key in keys.items()
        )
        audit_record(
            "protocol.tokens",
            actor=actor,
            object_type="election",
            object_id=election.code,
            data={"precincts": len(keys)},
        )
    return keys


def precinct_of(election: Election, key: str) -> str | None:
    """The precinct a token speaks for in this election; None for an unknown or revoked one."""
    if not key:
        return None
    found = ProtocolToken.objects.filter(
        election=election, sha256=_sha256(key), revoked=False
    ).first()
    return found.precinct if found else None
