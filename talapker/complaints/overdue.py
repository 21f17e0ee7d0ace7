"""Complaints past their deadline: marked, escalated and shown.

Whether a complaint is overdue is computed from its deadline, never stored: an open
complaint whose deadline has passed is overdue on every page at once, whether or not it has
been escalated yet. Escalating writes what must be kept: the moment (`escalated_at`), a
step in the complaint's history, and the audit event `complaints.escalated`, once per
complaint. Auditors and administrators see every overdue complaint in the queue's "overdue"
filter; a handler, those of their body.

Two things escalate, the same way: the queue's consumer every ten minutes (`tasks.py`), so
that a complaint nobody looks at is escalated on time; and the staff queue as it is read,
if the database's lock is free at once (`core.busy.write_if_free`), so that a server run
without the consumer (the demonstration, a test) escalates too and no reader ever waits
for it.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from talapker.audit.services import audit_record
from talapker.complaints.models import DEADLINE_WATCH, OPEN_STATES, Complaint, Step, StepKind

SYSTEM = DEADLINE_WATCH


def overdue_q(at: dt.datetime | None = None) -> Q:
    """The open complaints whose deadline has passed."""
    return Q(state__in=OPEN_STATES, deadline__lt=at or timezone.now())


def overdue(queryset: QuerySet[Complaint], at: dt.datetime | None = None) -> QuerySet[Complaint]:
    return queryset.filter(overdue_q(at))


def is_overdue(complaint: Complaint, at: dt.datetime | None = None) -> bool:
    return complaint.state in OPEN_STATES and complaint.deadline < (at or timezone.now())


def complaints_escalate(*, at: dt.datetime | None = None) -> int:
    """Escalate every overdue complaint not escalated yet; returns how many. One
    transaction: the rows are locked and read again, so two runs at once escalate each
    complaint once."""
    now = at or timezone.now()
    escalated = 0
    with transaction.atomic():
        due = (
            Complaint.objects.select_for_update(of=("self",))
            .filter(overdue_q(now), escalated_at__isnull=True)
            .select_related("election", "body")
            .order_by("deadline", "pk")
        )
        for complaint in due:
            complaint.escalated_at = now
            complaint.save(update_fields=["escalated_at"])
            Step.objects.create(complaint=complaint, kind=StepKind.ESCALATED, at=now, actor=SYSTEM)
            audit_record(
                "complaints.escalated",
                actor=SYSTEM,
                object_type="complaint",
                object_id=complaint.tracking_code,
                data={
                    "election": complaint.election.code,
                    "body": complaint.body.code if complaint.body else "",
                    "deadline": complaint.deadline.isoformat(),
                    "state": complaint.state,
                },
            )
            escalated += 1
    return escalated
