"""Reads: which complaints a member of staff sees, the queue, and what the complainant's
tracking page shows.

A complaint handler sees the complaints of the bodies of their memberships and no other: to
them any other complaint does not exist (404, as an unknown code). Auditors and
administrators see every complaint, routed or not. The complainant's name and contact are
shown to those who see the complaint, and to nobody else anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import Http404

from talapker.accounts.permissions import UserLike, bodies_of, is_auditor
from talapker.complaints.models import (
    OPEN_STATES,
    PUBLIC_STEPS,
    Body,
    Complaint,
    State,
    Step,
    StepKind,
)
from talapker.complaints.overdue import overdue_q

OPEN_FIRST = Case(
    When(state__in=OPEN_STATES, then=Value(0)), default=Value(1), output_field=IntegerField()
)


def visible_to(user: UserLike | None) -> QuerySet[Complaint]:
    """The complaints this member of staff may see and handle."""
    complaints = Complaint.objects.select_related("election", "body")
    if is_auditor(user):
        return complaints
    return complaints.filter(body__code__in=bodies_of(user))


def bodies_visible_to(user: UserLike | None) -> list[Body]:
    """The bodies whose queue the user reads: every body for auditors, else their own."""
    bodies = Body.objects.order_by("kind", "code")
    if is_auditor(user):
        return list(bodies)
    return list(bodies.filter(code__in=bodies_of(user)))


def complaint_for_staff(user: UserLike | None, code: str) -> Complaint:
    """The complaint with this code if the user may see it; else 404, as for no complaint."""
    found = visible_to(user).filter(tracking_code=code).first()
    if found is None:
        raise Http404
    return found


def queue(user: UserLike | None, chosen: dict[str, str]) -> QuerySet[Complaint]:
    """The user's complaints as the filter chose them: open first, the nearest deadline
    first (overdue ones lead), then the newest decided."""
    complaints = visible_to(user)
    if chosen.get("show") == "open":
        complaints = complaints.filter(state__in=OPEN_STATES)
    elif chosen.get("show") == "overdue":
        complaints = complaints.filter(overdue_q())
    for field in ("state", "category", "region"):
        if chosen.get(field):
            complaints = complaints.filter(**{field: chosen[field]})
    if chosen.get("election"):
        complaints = complaints.filter(election__code=chosen["election"])
    if chosen.get("body"):
        complaints = complaints.filter(body__code=chosen["body"])
    return complaints.order_by(OPEN_FIRST, "deadline", "pk")


@dataclass(frozen=True)
class Tracking:
    """What the complainant's tracking page shows of a complaint: its own facts, and for
    a joined complaint the main complaint's state and answer (never its code, its text or
    anything of its complainant)."""

    complaint: Complaint
    shown: Complaint  # the complaint whose state and answer count: itself, or its main one
    steps: list[Step]
    question: Step | None  # the staff's open question, while they wait for the complainant
    files: int

    @property
    def joined(self) -> bool:
        return self.complaint.state == State.JOINED


def tracking(complaint: Complaint) -> Tracking:
    shown = complaint
    seen: set[Any] = {complaint.pk}
    while shown.duplicate_of_id is not None and shown.duplicate_of_id not in seen:
        seen.add(shown.duplicate_of_id)
        shown = Complaint.objects.select_related("body").get(pk=shown.duplicate_of_id)
    steps = list(
        complaint.steps.filter(kind__in=PUBLIC_STEPS).select_related("body").order_by("at", "pk")
    )
    question = None
    if complaint.state == State.WAITING:
        question = next((s for s in reversed(steps) if s.kind == StepKind.ASKED), None)
    return Tracking(complaint, shown, steps, question, complaint.attachments.count())
