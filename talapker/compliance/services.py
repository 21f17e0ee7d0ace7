"""Auditors' writes on findings: the review (confirm or dismiss, with a reason) and the
party's response with any refund. Each is audit-logged in the same transaction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from talapker.audit.services import audit_record
from talapker.compliance.models import Finding, Review


def finding_review(finding: Finding, review: str, reason: str, *, actor: str) -> Finding:
    """Confirm or dismiss a finding (or reopen it); a reason is required."""
    if review not in Review.values:
        raise ValidationError(_("unknown review state %(state)s"), params={"state": review})
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("give the reason for the decision"))
    with transaction.atomic():
        locked = Finding.objects.select_for_update().get(pk=finding.pk)
        before = locked.review
        locked.review = review
        locked.review_reason = reason
        locked.reviewed_by = actor
        locked.reviewed_at = timezone.now()
        locked.save(update_fields=["review", "review_reason", "reviewed_by", "reviewed_at"])
        audit_record(
            "finding.reviewed",
            actor=actor,
            object_type="compliance.finding",
            object_id=locked.key,
            data={"from": before, "to": review, "reason": reason},
        )
    return locked


def finding_response(
    finding: Finding,
    response: str,
    *,
    refunded_amount: Decimal | None,
    refunded_on: dt.date | None,
    actor: str,
) -> Finding:
    """Record the party's response to a finding and the money it returned, if any."""
    if (refunded_amount is None) != (refunded_on is None):
        raise ValidationError(_("give both the amount refunded and the date, or neither"))
    if refunded_amount is not None and refunded_amount <= 0:
        raise ValidationError(_("the amount refunded must be positive"))
    with transaction.atomic():
        locked = Finding.objects.select_for_update().get(pk=finding.pk)
        locked.party_response = response.strip()
        locked.refunded_amount = refunded_amount
        locked.refunded_on = refunded_on
        locked.save(update_fields=["party_response", "refunded_amount", "refunded_on"])
        audit_record(
            "finding.response",
            actor=actor,
            object_type="compliance.finding",
            object_id=locked.key,
            data={
                "response": locked.party_response,
                "refunded_amount": str(refunded_amount) if refunded_amount else None,
                "refunded_on": refunded_on.isoformat() if refunded_on else None,
            },
        )
    return locked
