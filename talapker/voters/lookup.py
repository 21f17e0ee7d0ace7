""" "Am I on the list?": one voter's own polling station, by PIN and birth date.

The page (`lookup_views.py`), the API (`lookup_api.py`) and the chat-bot webhook (`bot.py`)
all answer through `voter_lookup` and are limited by `lookup_limit`.

What an answer may tell: the station of the voter whose PIN and birth date were given, and
nothing else. Every failure — a wrong birth date, an unknown PIN, a malformed PIN, a person
who is not a voter of that election — is the same "not found", reached by the same single
query (a malformed PIN is replaced by one that matches no one), so that neither the answer
nor its time tells them apart. No lookup is logged or audited: the PIN is personal data, and
a log of who looked whom up would be a second register.

The limits count lookups per client address (per chat on the bot) and for everyone together
(a scan spread over many addresses is stopped by the second): `TALAPKER_LOOKUP_RATE` and
`TALAPKER_LOOKUP_GLOBAL_RATE`, rates such as `10/minute`; None or "" turns one off. They are
counted in the counters every worker shares (core/http/counters.py).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from talapker.core.countries import country_name
from talapker.core.forms import DAY_FORMATS
from talapker.core.http.throttles import SlidingWindowThrottle
from talapker.elections.models import Election
from talapker.registers.models import Person
from talapker.voters.models import Precinct, RegisterBuild, Voter

PIN = re.compile(r"\d{14}")
NO_ONE = "00000000000000"  # stands in for a malformed PIN: the same query, no row
DEFAULT_RATE = "10/minute"
DEFAULT_GLOBAL_RATE = "1800/minute"

# One query whatever the outcome: the election (if its register is built), its voter with
# this PIN whose person in the population register has this birth date, and their station.
# No row: no such register; a row of NULLs: not found.
QUERY = f"""
SELECT s.code, s.name_ky, s.name_ru, s.address, s.country, s.latitude, s.longitude
FROM {Election._meta.db_table} e
LEFT JOIN {Voter._meta.db_table} v ON v.election_id = e.id AND v.pin = %(pin)s
LEFT JOIN {Person._meta.db_table} p ON p.pin = v.pin AND p.birth_date = %(born)s
LEFT JOIN {Precinct._meta.db_table} s ON s.code = v.precinct AND p.pin IS NOT NULL
WHERE e.code = %(election)s
  AND EXISTS (SELECT 1 FROM {RegisterBuild._meta.db_table} b WHERE b.election_id = e.id)
"""  # noqa: S608 - table names from the models, values as parameters
MICRO = Decimal("0.000001")


class NoRegister(Exception):
    """No election of this code has a register to look in."""


@dataclass(frozen=True)
class Station:
    """What a voter learns of their own station: nothing of the voter."""

    code: str
    name_ky: str
    name_ru: str
    address: str
    country: str
    latitude: Decimal
    longitude: Decimal

    @property
    def name(self) -> str:
        """The Kyrgyz name under Kyrgyz, the Russian one otherwise."""
        return self.name_ky if (get_language() or "").startswith("ky") else self.name_ru

    @property
    def country_name(self) -> str:
        return country_name(self.country)

    @property
    def map(self) -> str:
        """The station on OpenStreetMap."""
        lat, lon = f"{self.latitude:f}", f"{self.longitude:f}"
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name_ky": self.name_ky,
            "name_ru": self.name_ru,
            "address": self.address,
            "country": self.country,
            "latitude": float(self.latitude),
            "longitude": float(self.longitude),
            "map": self.map,
        }


def lookup_elections() -> list[Election]:
    """The elections whose register has been built, the latest election day first."""
    built = RegisterBuild.objects.values("election")
    return list(Election.objects.filter(pk__in=built).order_by("-election_day", "code"))


def lookup_default(elections: list[Election], today: dt.date) -> Election | None:
    """The election to look in unless the voter chooses: the nearest one not yet past, or
    else the latest."""
    coming = [e for e in elections if e.election_day >= today]
    if coming:
        return min(coming, key=lambda e: (e.election_day, e.code))
    return max(elections, key=lambda e: e.election_day, default=None)


def birth_date_parse(text: str) -> dt.date | None:
    """A birth date written DD.MM.YYYY or YYYY-MM-DD; None for anything else."""
    for pattern in DAY_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), pattern).date()  # noqa: DTZ007 - a date
        except ValueError:
            continue
    return None


def voter_lookup(election: str, pin: str, birth_date: dt.date) -> Station | None:
    """The station of the voter with this PIN and birth date in the register of the election
    of this code, or None for every kind of failure alike (one query, the same for all).
    Raises NoRegister when the election has no register."""
    pin = pin.strip()
    if not PIN.fullmatch(pin):
        pin = NO_ONE
    params = {
        "election": election,
        "pin": pin,
        "born": connection.ops.adapt_datefield_value(birth_date),
    }
    with connection.cursor() as cursor:
        cursor.execute(QUERY, params)
        rows = cursor.fetchall()
    if not rows:
        raise NoRegister(election)
    code, name_ky, name_ru, address, country, latitude, longitude = rows[0]
    if code is None:
        return None
    return Station(
        code,
        name_ky,
        name_ru,
        address,
        country,
        Decimal(str(latitude)).quantize(MICRO),
        Decimal(str(longitude)).quantize(MICRO),
    )


# The limits.


class _Limit(SlidingWindowThrottle):
    """One of the lookup limits: a rate read from a setting, counted under one key."""

    def __init__(self, setting: str, default: str, key: str) -> None:
        self.setting, self.default, self.key = setting, default, key
        super().__init__()

    def get_rate(self) -> str | None:
        rate = getattr(settings, self.setting, self.default)
        return rate if isinstance(rate, str) and rate else None

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        return self.key


@dataclass(frozen=True)
class Refusal:
    """A lookup refused by a limit: whose (`client` or `everyone`) and for how long."""

    whose: str
    wait: int

    @property
    def text(self) -> str:
        """The refusal, for a person, in the active language."""
        if self.whose == "client":
            return _("Too many lookups from your connection. Please wait a minute and try again.")
        return _(
            "Too many people are looking themselves up right now. "
            "Please try again in a few minutes."
        )


def lookup_limit(request: Any, client: str | None = None) -> Refusal | None:
    """Count a lookup against the limits; the refusal if one is exceeded, else None.

    `client` names the one asking when it is not the connecting address (a bot's chat);
    by default the address is the one the nearest proxy saw (core/http/throttles.py)."""
    own = _Limit("TALAPKER_LOOKUP_RATE", DEFAULT_RATE, "")
    own.key = f"voter-lookup:{client or own.get_ident(request)}"
    everyone = _Limit("TALAPKER_LOOKUP_GLOBAL_RATE", DEFAULT_GLOBAL_RATE, "voter-lookup:*")
    for whose, limit in (("client", own), ("everyone", everyone)):
        if not limit.allow_request(request, None):
            return Refusal(whose, math.ceil(limit.wait() or 60))
    return None
