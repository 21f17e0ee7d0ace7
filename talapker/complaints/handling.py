"""The staff's steps on a complaint: take it, forward it to another body, ask the
complainant for more, decide it with a reasoned answer, join a duplicate to its main
complaint.

    received ──take──▶ being examined ──decide──▶ decided
       ▲  │                 │  ▲
       │  └──ask──┐   ask ──┘  │ reply (tracking page)
       │          ▼            │
       └── forward      waiting for the complainant
    any open state ──join──▶ joined to another complaint

Each step is one transaction that locks the complaint, checks its state, writes the step
(`Step`, the complaint's history) and its audit event (action codes below are stable):

    complaints.taken  complaints.forwarded  complaints.asked  complaints.decided
    complaints.joined

Who may take a step is the views' to say (a handler for their body's complaints, auditors
and administrators for all); these functions check only that the step fits the state.
A forward keeps the deadline: the time to decide runs from the filing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from talapker.audit.services import audit_record
from talapker.complaints.filing import text_clean
from talapker.complaints.models import (
    OPEN_STATES,
    Body,
    Complaint,
    Outcome,
    State,
    Step,
    StepKind,
)


def _closed(complaint: Complaint) -> ValidationError:
    return ValidationError(
        _("This complaint is closed (%(state)s).") % {"state": complaint.get_state_display()},
        code="closed",
    )


def _step(
    complaint: Complaint,
    action: str,
    change: Callable[[Complaint], dict[str, object]],
    *,
    actor: str,
) -> Complaint:
    """Lock the complaint, apply `change` (which checks the state, sets fields and returns
    the audit data), save what changed and write the audit event; the caller's object is
    brought up to date."""
    with transaction.atomic():
        found = (
            Complaint.objects.select_for_update(of=("self",))
            .select_related("body")
            .get(pk=complaint.pk)
        )
        data = change(found)
        found.save()
        audit_record(
            f"complaints.{action}",
            actor=actor,
            object_type="complaint",
            object_id=found.tracking_code,
            data=data,
        )
    complaint.refresh_from_db()
    return found


def complaint_take(complaint: Complaint, *, actor: str, at: dt.datetime | None = None) -> Complaint:
    """Take a received complaint for examination (or take it over from another handler)."""
    now = at or timezone.now()

    def change(found: Complaint) -> dict[str, object]:
        if found.state not in (State.NEW, State.TAKEN):
            if found.state == State.WAITING:
                raise ValidationError(
                    _("The complaint is waiting for the complainant's reply."), code="waiting"
                )
            raise _closed(found)
        if found.state == State.TAKEN and found.taken_by == actor:
            raise ValidationError(_("You are examining this complaint already."), code="yours")
        before = found.taken_by
        found.state, found.taken_by, found.taken_at = State.TAKEN, actor[:150], now
        Step.objects.create(complaint=found, kind=StepKind.TAKEN, at=now, actor=actor[:150])
        return {"from": before}

    return _step(complaint, "taken", change, actor=actor)


def complaint_forward(
    complaint: Complaint, body: Body, reason: str, *, actor: str, at: dt.datetime | None = None
) -> Complaint:
    """Send an open complaint to another body, with the reason; it waits there to be taken."""
    now = at or timezone.now()
    why = text_clean(reason)

    def change(found: Complaint) -> dict[str, object]:
        if found.state not in OPEN_STATES:
            raise _closed(found)
        if found.body_id == body.pk:
            raise ValidationError(_("The complaint is with this body already."), code="same_body")
        before = found.body.code if found.body else ""
        found.body, found.state, found.taken_by, found.taken_at = body, State.NEW, "", None
        Step.objects.create(
            complaint=found,
            kind=StepKind.FORWARDED,
            at=now,
            actor=actor[:150],
            text=why,
            body=body,
        )
        return {"from": before, "to": body.code, "reason": why}

    return _step(complaint, "forwarded", change, actor=actor)


def complaint_ask(
    complaint: Complaint, question: str, *, actor: str, at: dt.datetime | None = None
) -> Complaint:
    """Ask the complainant for more: the question shows on the tracking page, where they
    reply. Asking takes the complaint (the one who asks reads the reply)."""
    now = at or timezone.now()
    text = text_clean(question)

    def change(found: Complaint) -> dict[str, object]:
        if found.state == State.WAITING:
            raise ValidationError(
                _("The complaint is waiting for the complainant's reply."), code="waiting"
            )
        if found.state not in OPEN_STATES:
            raise _closed(found)
        if found.taken_by != actor:
            found.taken_by, found.taken_at = actor[:150], now
        found.state = State.WAITING
        Step.objects.create(
            complaint=found, kind=StepKind.ASKED, at=now, actor=actor[:150], text=text
        )
        return {"question": text}

    return _step(complaint, "asked", change, actor=actor)


def complaint_decide(
    complaint: Complaint,
    outcome: str,
    answer: str,
    *,
    public: bool,
    actor: str,
    at: dt.datetime | None = None,
) -> Complaint:
    """Decide an open complaint with a reasoned answer, which the complainant reads on the
    tracking page (and everyone on the statistics page, when `public`). Once."""
    now = at or timezone.now()
    if outcome not in Outcome.values:
        raise ValidationError(_("Choose the outcome."), code="outcome")
    try:
        text = text_clean(answer)
    except ValidationError:
        raise ValidationError(
            _("Give the reasoned answer the complainant will read."), code="no_answer"
        ) from None

    def change(found: Complaint) -> dict[str, object]:
        if found.state not in OPEN_STATES:
            raise _closed(found)
        found.state, found.outcome, found.answer = State.DECIDED, outcome, text
        found.answer_public, found.decided_at, found.decided_by = public, now, actor[:150]
        if not found.taken_by:
            found.taken_by, found.taken_at = actor[:150], now
        Step.objects.create(
            complaint=found, kind=StepKind.DECIDED, at=now, actor=actor[:150], text=text
        )
        return {
            "outcome": outcome,
            "public": public,
            "answer": text,
            "within_deadline": now <= found.deadline,
        }

    return _step(complaint, "decided", change, actor=actor)


def complaint_join(
    duplicate: Complaint, main: Complaint, *, actor: str, at: dt.datetime | None = None
) -> Complaint:
    """Join an open complaint to the complaint about the same facts that is examined
    instead (of the same election, not itself joined). The duplicate's complainant then
    follows the main complaint's state and answer on their own tracking page, never seeing
    its code or anything of its complainant. Complaints joined to the duplicate move with
    it."""
    now = at or timezone.now()
    if duplicate.pk == main.pk:
        raise ValidationError(_("A complaint cannot be joined to itself."), code="itself")

    def change(found: Complaint) -> dict[str, object]:
        if found.state not in OPEN_STATES:
            raise _closed(found)
        target = Complaint.objects.select_for_update().get(pk=main.pk)
        if target.election_id != found.election_id:
            raise ValidationError(
                _("Only complaints about the same election can be joined."), code="election"
            )
        if target.state == State.JOINED:
            raise ValidationError(
                _("That complaint is itself joined to another; join to that one."),
                code="chain",
            )
        Complaint.objects.filter(duplicate_of=found).update(duplicate_of=target)
        found.state, found.duplicate_of = State.JOINED, target
        Step.objects.create(
            complaint=found,
            kind=StepKind.JOINED,
            at=now,
            actor=actor[:150],
            text=target.tracking_code,
        )
        return {"main": target.tracking_code}

    return _step(duplicate, "joined", change, actor=actor)
