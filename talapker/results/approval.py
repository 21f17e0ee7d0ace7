"""The commission approves the results: an act, audit-logged in its transaction, that fixes
the tally's digest and ends the provisional marking; protocols are refused after it
(`intake.py`). Approving twice is refused."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from talapker.audit.services import audit_record
from talapker.elections.models import Election
from talapker.results import tally
from talapker.results.models import Approval
from talapker.results.standings import standing, tally_digest


class ApprovalRefused(Exception):
    """Why the results cannot be approved now (a sentence in the active language)."""


def approve(election: Election, *, actor: str, note: str = "") -> Approval:
    with transaction.atomic():
        if Approval.objects.filter(election=election).exists():
            raise ApprovalRefused(_("the results are already approved"))
        now = standing(election)
        if not now.reporting:
            raise ApprovalRefused(_("no protocol has arrived yet"))
        digest = tally_digest(tally.read(election.pk))
        approval = Approval.objects.create(
            election=election,
            approved_at=timezone.now(),
            approved_by=actor[:150],
            tally_sha256=digest,
            note=note,
        )
        audit_record(
            "results.approve",
            actor=actor,
            object_type="election",
            object_id=election.code,
            data={
                "tally_sha256": digest,
                "reporting": now.reporting,
                "precincts": now.precincts,
                "seats": {p.code: p.seats for p in now.parties if p.seats},
            },
        )
    return approval
