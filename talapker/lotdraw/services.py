"""The lot draw's writes: commit before it, draw once, and re-check a protocol.

Each write runs in one transaction with its audit event (`draw.committed`, `draw.drawn`).
The draw also fixes the parties' `ballot_position` (1, 2, ...), which the election page,
the API and the ballot read. "Against all" is no party: the ballot prints it after the
parties by law, so the draw never moves it.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from talapker.audit import keys
from talapker.audit.services import audit_record
from talapker.elections.models import Election
from talapker.lotdraw import algorithm
from talapker.lotdraw.models import BallotDraw
from talapker.lotdraw.protocol import canonical, protocol_check, protocol_shape
from talapker.parties.models import Party


class DrawRefused(Exception):
    """A commitment or draw the procedure does not allow (a second one, or out of turn)."""


def _locked(election: Election) -> BallotDraw | None:
    Election.objects.select_for_update().get(pk=election.pk)
    return BallotDraw.objects.filter(election=election).first()


def commit(election: Election, actor: str, *, at: dt.datetime | None = None) -> BallotDraw:
    """Create the secret and its commitment (SHA-256 of its 32 bytes), to publish before
    the draw. Refused when the election already has one. `at` replaces now as the time
    recorded (for the synthetic demonstration only; the commands use the real time)."""
    with transaction.atomic():
        found = _locked(election)
        if found is not None:
            raise DrawRefused(
                f"the draw of {election.code} was already "
                + ("held" if found.drawn else "committed to")
            )
        secret = secrets.token_hex(algorithm.SECRET_BYTES)
        made = BallotDraw.objects.create(
            election=election,
            commitment=algorithm.commitment_of(secret),
            secret=secret,
            committed_at=at or timezone.now(),
        )
        audit_record(
            "draw.committed",
            actor=actor,
            object_type="election",
            object_id=election.code,
            data={"commitment": made.commitment},
        )
    return made


def draw(
    election: Election, witnesses: Sequence[str], actor: str, *, at: dt.datetime | None = None
) -> BallotDraw:
    """Hold the draw: the seed from the secret and the witnesses' inputs (in the order
    given), the parties (sorted by code) shuffled by it, their ballot positions fixed and
    the protocol written. Refused without a commitment, or when drawn already. `at` as in
    `commit`."""
    inputs = list(witnesses)
    if not inputs or any(not text.strip() for text in inputs):
        raise DrawRefused("the draw needs at least one witness input, and none empty")
    with transaction.atomic():
        found = _locked(election)
        if found is None:
            raise DrawRefused(f"no commitment for {election.code}: commit before the draw")
        if found.drawn:
            raise DrawRefused(f"the draw of {election.code} was already held")
        parties = sorted(Party.objects.filter(election=election).values_list("code", flat=True))
        if not parties:
            raise DrawRefused(f"{election.code} has no parties to draw")
        seed = algorithm.seed_of(election.code, parties, found.secret, inputs)
        order = algorithm.shuffle(parties, seed)
        found.witnesses, found.seed, found.order = inputs, seed, order
        found.algorithm, found.algorithm_version = algorithm.NAME, algorithm.VERSION
        found.drawn_at = at or timezone.now()
        found.protocol = signed(_protocol(found, parties))
        found.save()
        _fix_positions(election, order)
        audit_record(
            "draw.drawn",
            actor=actor,
            object_type="election",
            object_id=election.code,
            data={"seed": seed, "witnesses": inputs, "order": order},
        )
    return found


def verify(protocol: dict[str, Any]) -> str | None:
    """The first failing part of a protocol ("commitment", "seed", "order"), or None when
    it holds. Raises `ProtocolMalformed` when it is not shaped like a protocol."""
    protocol_shape(protocol)
    return protocol_check(protocol)


def _protocol(made: BallotDraw, parties: list[str]) -> dict[str, Any]:
    assert made.drawn_at is not None
    return {
        "election": made.election.code,
        "parties": parties,
        "commitment": made.commitment,
        "secret": made.secret,
        "witnesses": made.witnesses,
        "seed": made.seed,
        "algorithm": {"name": made.algorithm, "version": made.algorithm_version},
        "order": made.order,
        "committed_at": made.committed_at.isoformat(),
        "drawn_at": made.drawn_at.isoformat(),
    }


def signed(protocol: dict[str, Any]) -> dict[str, Any]:
    """The protocol with the platform's signature (protocol.py says what it covers)."""
    return {
        **protocol,
        "signature": {
            "algorithm": "Ed25519",
            "public_key": keys.public_key_raw().hex(),
            "key": keys.fingerprint(),
            "value": keys.sign(canonical(protocol)).hex(),
        },
    }


def _fix_positions(election: Election, order: list[str]) -> None:
    # Cleared first: positions are unique per election, and a loaded folder may carry some.
    Party.objects.filter(election=election).update(ballot_position=None)
    for position, code in enumerate(order, start=1):
        Party.objects.filter(election=election, code=code).update(ballot_position=position)
