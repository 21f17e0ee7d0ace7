"""Building a register in the background: after a population snapshot, a station import, an
import of registrations abroad, an approved request or a `load-election`, once the write has
committed (`talapker serve` runs the queue's consumer; tests run it in-process)."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone
from huey.contrib.djhuey import db_task

from talapker.elections.models import Election
from talapker.voters.build import register_build
from talapker.voters.models import RegisterBuild

logger = logging.getLogger(__name__)


@db_task(retries=2, retry_delay=30)
def build_register(election_id: int, trigger: str) -> int:
    """Build one election's register; returns its voters. An election gone is skipped."""
    election = Election.objects.filter(pk=election_id).first()
    if election is None:
        return 0
    return register_build(election, trigger=trigger).voters


def build_on_commit(election: Election, trigger: str) -> None:
    def enqueue() -> None:
        try:
            build_register(election.pk, trigger)
        except Exception:
            logger.exception("building the register of %s after %s failed", election, trigger)

    transaction.on_commit(enqueue)


def elections_to_keep_current() -> list[Election]:
    """The elections whose register follows the registers: those not yet held, and any
    without a register yet. A held election's register stays as it was on its day."""
    built = RegisterBuild.objects.values_list("election_id", flat=True)
    today = timezone.localdate()
    return list(
        Election.objects.filter(election_day__gte=today) | Election.objects.exclude(pk__in=built)
    )
