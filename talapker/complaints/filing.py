"""The complainant's side: filing a complaint, and replying when the staff ask for more.

A complaint is about one election (any not yet held, or held no longer ago than
`complaint_days_after_election`), of one category, in one place, on one day. It is routed
to its body (`routing.py`) and given its deadline (`deadlines.py`) as it is filed, in the
same transaction that stores its files and writes its audit event.

Nothing of who filed it is kept: no user, no address (the limits on filing count addresses
in the shared counters only, `views.py`). The audit event holds the election, category,
region, body and the number of files, never the text, a name or a contact. The text is kept
as it was typed, HTML and all: the pages escape it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from talapker.audit.services import audit_record
from talapker.complaints.deadlines import deadline_for, elections_open_for_complaints
from talapker.complaints.models import (
    COMPLAINANT,
    CONTACT_MAX,
    TEXT_MAX,
    Attachment,
    Category,
    Complaint,
    State,
    Step,
    StepKind,
)
from talapker.complaints.places import region_codes, region_of_station, station_find
from talapker.complaints.routing import route_for
from talapker.complaints.uploads import MAX_FILES, CheckedFile
from talapker.core.files import files_staged
from talapker.elections.models import Election
from talapker.voters.requests import tracking_code_new

LANGUAGES = ("ky", "ru", "en")


@dataclass(frozen=True)
class ComplaintData:
    """What a complainant tells, as the form or the API read it."""

    election: Election
    category: str
    region: str
    occurred_on: dt.date
    text: str
    occurred_time: dt.time | None = None
    district: str = ""
    precinct: str = ""
    name: str = ""
    contact: str = ""
    language: str = "ky"
    files: tuple[CheckedFile, ...] = ()


def text_clean(text: str) -> str:
    """The text as typed, its line ends made one kind and its ends trimmed; refused when
    empty or longer than `TEXT_MAX`."""
    clean = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not clean:
        raise ValidationError(_("Describe what happened."), code="no_text")
    if len(clean) > TEXT_MAX:
        raise ValidationError(
            _("The text is too long (at most %(max)s characters).") % {"max": TEXT_MAX},
            code="long_text",
        )
    return clean


def _place(data: ComplaintData) -> tuple[str, str]:
    """The region and station code: a station given decides the region."""
    if data.precinct:
        station = station_find(data.precinct)
        if station is None:
            raise ValidationError(
                _("No polling station has the number %(code)s.") % {"code": data.precinct},
                code="no_station",
            )
        return region_of_station(station) or data.region, station.code
    return data.region, ""


def _checked(data: ComplaintData, at: dt.datetime) -> None:
    if data.election not in elections_open_for_complaints(at=at):
        raise ValidationError(
            _("Complaints about this election are no longer accepted."), code="closed"
        )
    if data.category not in Category.values:
        raise ValidationError(_("Choose the kind of violation."), code="category")
    if data.region not in region_codes():
        raise ValidationError(_("Choose the region where it happened."), code="region")
    if data.occurred_on > timezone.localdate(at):
        raise ValidationError(_("The day it happened cannot be in the future."), code="future")
    if len(data.files) > MAX_FILES:
        raise ValidationError(
            _("At most %(max)s files can be sent at once.") % {"max": MAX_FILES},
            code="too_many_files",
        )


@files_staged
def complaint_file(
    data: ComplaintData, *, channel: str = "web", at: dt.datetime | None = None
) -> Complaint:
    """File a complaint: routed, given its deadline and tracking code, its files stored, its
    audit event written, all in one transaction. Raises ValidationError (nothing stored)
    for a closed election, an unknown category, region or station, an empty or too long
    text, a day in the future or too many files. `at` dates it (the demonstration's past)."""
    at = at or timezone.now()
    _checked(data, at)
    text = text_clean(data.text)
    region, precinct = _place(data)
    body = route_for(data.category, region)
    with transaction.atomic():
        complaint = _create(
            Complaint(
                election=data.election,
                category=data.category,
                region=region,
                district=data.district.strip()[:200],
                precinct=precinct,
                occurred_on=data.occurred_on,
                occurred_time=data.occurred_time,
                text=text,
                name=data.name.strip()[:CONTACT_MAX],
                contact=data.contact.strip()[:CONTACT_MAX],
                language=data.language if data.language in LANGUAGES else "ky",
                channel=channel[:8],
                body=body,
                filed_at=at,
                deadline=deadline_for(data.election, data.category, at),
            )
        )
        step = Step.objects.create(
            complaint=complaint, kind=StepKind.FILED, at=at, actor=COMPLAINANT, body=body
        )
        attachments_store(complaint, step, data.files)
        audit_record(
            "complaints.filed",
            actor=f"{COMPLAINANT} ({channel})",
            object_type="complaint",
            object_id=complaint.tracking_code,
            data={
                "election": data.election.code,
                "category": data.category,
                "region": region,
                "precinct": precinct,
                "body": body.code if body else "",
                "deadline": complaint.deadline.isoformat(),
                "files": len(data.files),
            },
        )
    return complaint


def _create(complaint: Complaint) -> Complaint:
    for attempt in range(5):
        complaint.tracking_code = tracking_code_new()
        try:
            with transaction.atomic():  # a savepoint: a code drawn twice is drawn again
                complaint.save()
                return complaint
        except IntegrityError:
            complaint.pk = None
            if attempt == 4:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def attachments_store(complaint: Complaint, step: Step, files: tuple[CheckedFile, ...]) -> None:
    """Store checked files in private storage, each under a name of its digest (the sent
    name is kept in the row, for the staff); runs inside the caller's transaction."""
    for checked in files:
        attachment = Attachment(
            complaint=complaint,
            step=step,
            kind=checked.format.kind,
            content_type=checked.format.content_type,
            name=checked.name,
            size=len(checked.data),
            sha256=checked.sha256,
        )
        stored = f"{checked.sha256[:24]}{checked.format.extension}"
        attachment.file.save(stored, ContentFile(checked.data), save=False)
        attachment.save()


@files_staged
def complaint_reply(
    complaint: Complaint,
    text: str,
    files: tuple[CheckedFile, ...] = (),
    *,
    at: dt.datetime | None = None,
) -> Complaint:
    """The complainant's answer to the staff's question (on the tracking page): the
    complaint goes back to whoever examines it. Only while it waits for the complainant."""
    at = at or timezone.now()
    clean = text_clean(text)
    if len(files) > MAX_FILES:
        raise ValidationError(
            _("At most %(max)s files can be sent at once.") % {"max": MAX_FILES},
            code="too_many_files",
        )
    with transaction.atomic():
        found = Complaint.objects.select_for_update().get(pk=complaint.pk)
        if found.state != State.WAITING:
            raise ValidationError(
                _("Nothing is asked of you on this complaint now."), code="not_waiting"
            )
        found.state = State.TAKEN if found.taken_by else State.NEW
        found.save(update_fields=["state"])
        step = Step.objects.create(
            complaint=found, kind=StepKind.REPLIED, at=at, actor=COMPLAINANT, text=clean
        )
        attachments_store(found, step, files)
        audit_record(
            "complaints.replied",
            actor=COMPLAINANT,
            object_type="complaint",
            object_id=found.tracking_code,
            data={"files": len(files)},
        )
    complaint.state = found.state
    return found
