"""Importing registrations abroad (`abroad_registrations.csv`, formats.md section 7): voters
that a mobile group or a consulate registered at a station abroad.

Each row must name a voter: a PIN the population register holds for a citizen who is alive,
of voting age on election day and biometrically registered; and a station abroad that the
platform knows, in the country the row names. Any row that fails is an error naming its
line, column and reason, and nothing of the file is stored. Files come in batches from many
groups: a registration is added, or changed when a later file names the voter again; the
same file twice changes nothing. The election's register is rebuilt after the commit: each
voter leaves their home station's list for the station abroad.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from talapker.audit.services import audit_record
from talapker.core import csvfiles as c
from talapker.core.errors import InputError
from talapker.core.formats import COLUMNS
from talapker.core.identifiers import is_pin
from talapker.elections.models import Election
from talapker.registers.models import Person
from talapker.voters.build import adult_on
from talapker.voters.models import AbroadImport, AbroadRegistration, Precinct, Source
from talapker.voters.precincts import country_code
from talapker.voters.tasks import build_on_commit

CHUNK = 500  # PINs per register query


@dataclass(frozen=True)
class RegistrationRow:
    line: int
    pin: str
    country: str
    city: str
    precinct: str
    registered_on: date
    source: str


def _pin(value: str) -> str:
    if not is_pin(value):
        raise ValueError(_("'%(value)s' is not a PIN (14 digits)") % {"value": value})
    return value


def _source(value: str) -> str:
    if value not in Source.values:
        raise ValueError(_("'%(value)s' is not mobile_group or consulate") % {"value": value})
    return value


def read_registrations(path: Path) -> list[RegistrationRow]:
    rows: list[RegistrationRow] = []
    seen: dict[str, int] = {}
    for line, row in c.read_rows(path, COLUMNS["abroad_registrations"]):
        pin = c.field(path, line, "pin", _pin, row["pin"])
        if pin in seen:
            raise InputError(
                path,
                _("this PIN is registered on line %(first)s already") % {"first": seen[pin]},
                line=line,
                column="pin",
            )
        seen[pin] = line
        city = " ".join(row["city"].split())
        if not city:
            raise InputError(path, _("a value is required"), line=line, column="city")
        rows.append(
            RegistrationRow(
                line=line,
                pin=pin,
                country=c.field(path, line, "country", country_code, row["country"]),
                city=city,
                precinct=row["precinct"].strip(),
                registered_on=c.field(
                    path, line, "registered_on", c.parse_date, row["registered_on"]
                ),
                source=c.field(path, line, "source", _source, row["source"]),
            )
        )
    if not rows:
        raise InputError(path, _("the file lists no registration"), line=1)
    return rows


def _check(path: Path, election: Election, rows: list[RegistrationRow]) -> None:
    """Every row names a station abroad in its country, and a voter of the election."""
    stations = dict(Precinct.objects.exclude(country="KGZ").values_list("code", "country"))
    for r in rows:
        if r.precinct not in stations:
            raise InputError(
                path,
                _("%(code)s is not a polling station abroad that the platform knows")
                % {"code": r.precinct or "—"},
                line=r.line,
                column="precinct",
            )
        if stations[r.precinct] != r.country:
            raise InputError(
                path,
                _("station %(code)s is in %(station)s, not in %(country)s")
                % {"code": r.precinct, "station": stations[r.precinct], "country": r.country},
                line=r.line,
                column="country",
            )
    adult = adult_on(election.election_day, election.rules["voter_min_age"])
    people: dict[str, Any] = {}
    pins = [r.pin for r in rows]
    for start in range(0, len(pins), CHUNK):
        found = Person.objects.filter(pin__in=pins[start : start + CHUNK]).values(
            "pin", "holds_kgz", "death_date", "birth_date", "biometric"
        )
        people.update({p["pin"]: p for p in found})
    for r in rows:
        person = people.get(r.pin)
        reason = None
        if person is None:
            reason = _("the PIN is not in the population register")
        elif not person["holds_kgz"]:
            reason = _("the population register does not record a citizen of the Kyrgyz Republic")
        elif person["death_date"] is not None:
            reason = _("the population register records a death")
        elif person["birth_date"] > adult:
            reason = _("under voting age on election day")
        elif not person["biometric"]:
            reason = _("no biometric data registered")
        if reason:
            raise InputError(
                path, _("not a voter: %(reason)s") % {"reason": reason}, line=r.line, column="pin"
            )


def abroad_import(
    election: Election, path: str | Path, *, actor: str = "command line"
) -> AbroadImport:
    """Store the file's registrations; return the import's record (the earlier record when
    the same file was imported before)."""
    path = Path(path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    earlier = AbroadImport.objects.filter(election=election, sha256=digest).first()
    if earlier is not None:
        return earlier
    rows = read_registrations(path)
    _check(path, election, rows)
    with transaction.atomic():
        batch = AbroadImport.objects.create(
            election=election, file_name=path.name, sha256=digest, rows=len(rows), new=0,
            imported_at=timezone.now(), imported_by=actor,
        )  # fmt: skip
        held = {
            a.pin: a
            for a in AbroadRegistration.objects.filter(
                election=election, pin__in=[r.pin for r in rows]
            )
        }
        new, changed = [], []
        fields = ("country", "city", "precinct", "registered_on", "source")
        for r in rows:
            values = {k: getattr(r, k) for k in fields}
            registration = held.get(r.pin)
            if registration is None:
                new.append(AbroadRegistration(election=election, pin=r.pin, batch=batch, **values))
            elif any(getattr(registration, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(registration, k, v)
                registration.batch = batch
                changed.append(registration)
        AbroadRegistration.objects.bulk_create(new, batch_size=1000)
        AbroadRegistration.objects.bulk_update(changed, [*fields, "batch"], batch_size=1000)
        batch.new = len(new)
        batch.save(update_fields=["new"])
        audit_record(
            "voters.abroad_imported",
            actor=actor,
            object_type="election",
            object_id=election.code,
            data={"file": path.name, "sha256": digest, "rows": len(rows), "new": len(new),
                  "changed": len(changed)},
        )  # fmt: skip
        build_on_commit(election, f"registrations abroad imported ({actor})")
    return batch
