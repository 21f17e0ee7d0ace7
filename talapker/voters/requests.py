"""Voters' requests to vote at a station abroad (`MoveRequest`): asking, following, deciding.

A voter asks for one election and one station abroad, proving who they are with their PIN
and birth date. The request is accepted only for someone on that election's register whose
birth date in the population register matches; every mismatch gets the same refusal, so
that the form cannot tell an unknown PIN from a wrong birth date. Requests close
`abroad_request_days_before` days before election day (that day included, in Bishkek's
dates). A voter holds at most one open request per election: asking again while one waits
answers with that request instead of a new one.

A request is followed by its tracking code: eight characters from an alphabet without the
look-alikes 0/O and 1/I (40 bits, drawn by `secrets`), shown and stored as `XXXX-XXXX`.

Staff approve or refuse each request once (a refusal gives its reason). An approval changes
no list by itself: the register is rebuilt after the commit (`build.py` moves the voter to
the station abroad), so the home station's list changes only on approval. Every write is
audit-logged in its own transaction, never with the PIN (the tracking code and the station
name the request).
"""

from __future__ import annotations

import datetime as dt
import re
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from talapker.audit.services import audit_record
from talapker.elections.models import Election
from talapker.registers.models import Person
from talapker.voters.models import HOME, MoveRequest, Precinct, RegisterBuild, RequestState, Voter
from talapker.voters.tasks import build_on_commit

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0, O, 1 or I: easy to read aloud
CODE_LENGTH = 8
CODE_SHAPE = re.compile(rf"^[{CODE_ALPHABET}]{{{CODE_LENGTH}}}$")
REASON_MAX = 2000


class AlreadyAsked(Exception):
    """The voter already has a request waiting for review in this election."""

    def __init__(self, request: MoveRequest) -> None:
        super().__init__(request.tracking_code)
        self.request = request


def tracking_code_new() -> str:
    """A fresh random tracking code, `XXXX-XXXX`."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def tracking_code_clean(text: str) -> str | None:
    """The tracking code as stored (`XXXX-XXXX`) from what someone typed (any case, spaces
    or dashes), or None if it cannot be one."""
    raw = re.sub(r"[\s\-]", "", text or "").upper()
    if not CODE_SHAPE.match(raw):
        return None
    return f"{raw[:4]}-{raw[4:]}"


def request_deadline(election: Election) -> dt.date:
    """The last day (Bishkek's date) on which a voter may ask to vote abroad."""
    days = int(election.rule("abroad_request_days_before"))
    return election.election_day - dt.timedelta(days=days)


def requests_open(election: Election, *, at: dt.datetime | None = None) -> bool:
    return timezone.localdate(at) <= request_deadline(election)


def elections_open_for_requests(*, at: dt.datetime | None = None) -> list[Election]:
    """The elections a voter may ask in now: a register built, the deadline not passed."""
    built = RegisterBuild.objects.values_list("election_id", flat=True)
    today = timezone.localdate(at)
    candidates = Election.objects.filter(pk__in=built, election_day__gte=today)
    return [e for e in candidates.order_by("election_day", "code") if requests_open(e, at=at)]


def stations_abroad() -> list[Precinct]:
    """Every station abroad, by country and code."""
    return list(Precinct.objects.exclude(country=HOME).order_by("country", "code"))


def _refused_identity() -> ValidationError:
    # One message for every mismatch: an unknown PIN, a wrong birth date, not on the register.
    return ValidationError(
        _(
            "We could not confirm that you are a voter of this election with this PIN and "
            "date of birth. Check both and try again, or ask at a consulate."
        ),
        code="not_confirmed",
    )


def _assigned_station(election: Election, voter: Voter) -> str:
    """The station the voter votes at, or will once the register is rebuilt after an
    approval (the latest approved request wins, as in `build.py`)."""
    approved = (
        MoveRequest.objects.filter(election=election, pin=voter.pin, state=RequestState.APPROVED)
        .order_by("-pk")
        .values_list("precinct", flat=True)
        .first()
    )
    return approved or voter.precinct


def request_create(
    election: Election,
    pin: str,
    birth_date: dt.date,
    precinct_code: str,
    *,
    channel: str = "web",
    at: dt.datetime | None = None,
) -> MoveRequest:
    """Record a voter's request to vote at the station abroad `precinct_code`.

    Raises ValidationError when requests are closed, the station is not one abroad, the
    voter cannot be confirmed (one message for every mismatch) or already votes there;
    AlreadyAsked (carrying the open request) when one is waiting already. `at` dates the
    request (the demonstration's past), and is also the day checked against the deadline.
    """
    deadline = request_deadline(election)
    if timezone.localdate(at) > deadline:
        raise ValidationError(
            _("Requests to vote abroad in this election closed on %(date)s.")
            % {"date": deadline.isoformat()},
            code="closed",
        )
    station = Precinct.objects.exclude(country=HOME).filter(code=precinct_code).first()
    if station is None:
        raise ValidationError(_("Choose a polling station abroad."), code="not_abroad")
    with transaction.atomic():
        # Locks the voter's row on PostgreSQL, so that two requests at once make only one.
        voter = Voter.objects.select_for_update().filter(election=election, pin=pin).first()
        born_so = Person.objects.filter(pin=pin, birth_date=birth_date).exists()
        if voter is None or not born_so:
            raise _refused_identity()
        waiting = MoveRequest.objects.filter(
            election=election, pin=pin, state=RequestState.PENDING
        ).first()
        if waiting is not None:
            raise AlreadyAsked(waiting)
        if _assigned_station(election, voter) == station.code:
            raise ValidationError(
                _("You already vote at this station; there is nothing to move."),
                code="same_station",
            )
        move = _create(election, pin, station, channel=channel, at=at or timezone.now())
        audit_record(
            "voters.request_created",
            actor=f"voter ({channel})",
            object_type="move_request",
            object_id=move.tracking_code,
            data={
                "election": election.code,
                "precinct": station.code,
                "country": station.country,
                "channel": channel,
            },
        )
    return move


def _create(
    election: Election, pin: str, station: Precinct, *, channel: str, at: dt.datetime
) -> MoveRequest:
    for attempt in range(5):
        try:
            with transaction.atomic():  # a savepoint: a code drawn twice is drawn again
                return MoveRequest.objects.create(
                    election=election,
                    pin=pin,
                    tracking_code=tracking_code_new(),
                    country=station.country,
                    precinct=station.code,
                    channel=channel[:16],
                    created_at=at,
                )
        except IntegrityError:
            # Another request of the voter came in at the same moment (one pending per voter:
            # the constraint decides on SQLite, where no row lock does), or the code was drawn
            # twice: then it is drawn again.
            waiting = MoveRequest.objects.filter(
                election=election, pin=pin, state=RequestState.PENDING
            ).first()
            if waiting is not None:
                raise AlreadyAsked(waiting) from None
            if attempt == 4:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def request_decide(
    request: MoveRequest,
    approve: bool,
    reason: str,
    *,
    actor: str,
    at: dt.datetime | None = None,
) -> MoveRequest:
    """Approve or refuse a waiting request, once; a refusal needs its reason. An approval
    queues the rebuild of the election's register after the commit, which moves the voter."""
    reason = (reason or "").strip()
    if not approve and not reason:
        raise ValidationError(_("Give the reason for refusing the request."), code="no_reason")
    if len(reason) > REASON_MAX:
        raise ValidationError(
            _("The reason is too long (at most %(max)s characters).") % {"max": REASON_MAX},
            code="long_reason",
        )
    with transaction.atomic():
        move = MoveRequest.objects.select_for_update().select_related("election").get(pk=request.pk)
        if move.state != RequestState.PENDING:
            raise ValidationError(
                _("This request was decided already (%(state)s).")
                % {"state": move.get_state_display()},
                code="decided",
            )
        move.state = RequestState.APPROVED if approve else RequestState.REFUSED
        move.reason = reason
        move.decided_at = at or timezone.now()
        move.decided_by = actor[:150]
        move.save(update_fields=["state", "reason", "decided_at", "decided_by"])
        audit_record(
            "voters.request_approved" if approve else "voters.request_refused",
            actor=actor,
            object_type="move_request",
            object_id=move.tracking_code,
            data={
                "election": move.election.code,
                "precinct": move.precinct,
                "country": move.country,
                "reason": reason,
            },
        )
        if approve:
            build_on_commit(move.election, f"request approved ({actor})")
    for field in ("state", "reason", "decided_at", "decided_by"):
        setattr(request, field, getattr(move, field))
    return move
