"""Importing the polling stations (`precincts.csv`, formats.md section 7) at home and abroad.

The file is the whole list: it is read and checked first (a duplicate code, an unknown
country code, a coordinate off the globe or a missing name is an error naming its line and
column, and nothing is stored), then one transaction brings the stations in line with it:
new ones added, changed ones updated, ones no longer listed removed. The same file again
changes nothing. The registers of the elections being kept current are rebuilt after.
An optional column `capacity` (voters a station can serve) is an extension of formats.md.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from talapker.audit.services import audit_record
from talapker.core import csvfiles as c
from talapker.core.errors import InputError
from talapker.core.formats import COLUMNS
from talapker.voters.models import Precinct
from talapker.voters.tasks import build_on_commit, elections_to_keep_current

COUNTRY = re.compile(r"^[A-Z]{3}$")
CODE = re.compile(r"^[0-9A-Za-z-]{1,16}$")
FIELDS = ("name_ky", "name_ru", "region", "district", "address", "country", "latitude",
          "longitude", "capacity")  # fmt: skip


@dataclass(frozen=True)
class PrecinctRow:
    code: str
    name_ky: str
    name_ru: str
    region: str
    district: str
    address: str
    country: str
    latitude: Decimal
    longitude: Decimal
    capacity: int | None


def _coordinate(limit: int) -> Any:
    def parse(value: str) -> Decimal:
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise ValueError(_("'%(value)s' is not a number") % {"value": value}) from None
        if not number.is_finite() or not -limit <= number <= limit:
            raise ValueError(
                _("'%(value)s' is not a coordinate: it must lie between -%(limit)s and %(limit)s")
                % {"value": value, "limit": limit}
            )
        return number.quantize(Decimal("0.000001"))

    return parse


def country_code(value: str) -> str:
    if not COUNTRY.match(value):
        raise ValueError(
            _("'%(value)s' is not a country code (ISO 3166-1 alpha-3)") % {"value": value}
        )
    return value


def _capacity(value: str) -> int | None:
    return c.parse_positive_int(value) if value else None


def _text(path: Path, line: int, column: str, value: str, *, required: bool = True) -> str:
    value = " ".join(value.split())
    if required and not value:
        raise InputError(path, _("a value is required"), line=line, column=column)
    return value


def read_precincts(path: Path) -> list[PrecinctRow]:
    rows: list[PrecinctRow] = []
    seen: dict[str, int] = {}
    for line, row in c.read_rows(path, COLUMNS["precincts"]):
        code = row["code"].strip()
        if not CODE.match(code):
            raise InputError(
                path, _("'%(value)s' is not a station code") % {"value": code},
                line=line, column="code",
            )  # fmt: skip
        if code in seen:
            raise InputError(
                path,
                _("station %(code)s appears twice (first on line %(first)s)")
                % {"code": code, "first": seen[code]},
                line=line,
                column="code",
            )
        seen[code] = line
        rows.append(
            PrecinctRow(
                code=code,
                name_ky=_text(path, line, "name_ky", row["name_ky"]),
                name_ru=_text(path, line, "name_ru", row["name_ru"]),
                region=_text(path, line, "region", row["region"], required=False),
                district=_text(path, line, "district", row["district"], required=False),
                address=_text(path, line, "address", row["address"]),
                country=c.field(path, line, "country", country_code, row["country"]),
                latitude=c.field(path, line, "latitude", _coordinate(90), row["latitude"]),
                longitude=c.field(path, line, "longitude", _coordinate(180), row["longitude"]),
                capacity=c.field(path, line, "capacity", _capacity, row.get("capacity", "")),
            )
        )
    if not rows:
        raise InputError(path, _("the file lists no station"), line=1)
    return rows


def precincts_import(path: str | Path, *, actor: str = "command line") -> dict[str, int]:
    """Bring the stations in line with the file; return how many were created, updated and
    removed (all zero for the file the platform holds already)."""
    path = Path(path)
    rows = {r.code: asdict(r) for r in read_precincts(path)}
    counts = {"created": 0, "updated": 0, "removed": 0}
    with transaction.atomic():
        held = {p.code: p for p in Precinct.objects.select_for_update()}
        new = [Precinct(**row) for code, row in rows.items() if code not in held]
        changed = []
        for code, precinct in held.items():
            row = rows.get(code)
            if row is not None and any(getattr(precinct, k) != row[k] for k in FIELDS):
                for k in FIELDS:
                    setattr(precinct, k, row[k])
                changed.append(precinct)
        gone = [code for code in held if code not in rows]
        Precinct.objects.bulk_create(new, batch_size=1000)
        Precinct.objects.bulk_update(changed, FIELDS, batch_size=1000)
        Precinct.objects.filter(code__in=gone).delete()
        counts = {"created": len(new), "updated": len(changed), "removed": len(gone)}
        if any(counts.values()):
            audit_record(
                "voters.precincts_imported",
                actor=actor,
                object_type="precincts",
                object_id=path.name,
                data={**counts, "stations": len(rows)},
            )
            for election in elections_to_keep_current():
                build_on_commit(election, f"stations imported ({actor})")
    return counts
