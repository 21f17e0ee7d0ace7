"""Reading one precinct protocol (formats.md section 7): a JSON object as a ballot-counting
machine or a precinct commission sends it.

What cannot be a protocol is refused whole, naming the field and the reason (an
`InputError`): not JSON, not an object, a field missing or unknown, a count that is not a
whole number from 0 to `MAX_COUNT`, a polling station the platform does not know, a party
not on the election's ballot, a preferential vote for a list place the party does not hold.
A protocol whose numbers break a control relation is read as it is: the rules flag it
(`checks.py`), they never refuse it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.utils.translation import gettext as _

from talapker.core.errors import InputError
from talapker.core.readerrors import json_reason
from talapker.results.models import Count

MAX_BYTES = 256 * 1024
MAX_COUNT = 10_000_000
PLACE_DIGITS = 9  # a list place written with more digits than this is no place
NUMBERS = (
    "registered",
    "ballots_received",
    "ballots_issued",
    "biometric_identified",
    "ballots_in_box",
    "invalid",
    "against_all",
)
FIELDS = {"precinct", "count", "votes", "preferences", *NUMBERS}


@dataclass(frozen=True)
class ProtocolData:
    precinct: str
    count: str
    numbers: dict[str, int]
    votes: dict[str, int]
    preferences: dict[str, dict[str, int]] = field(default_factory=dict)

    def canonical(self) -> dict[str, Any]:
        """The protocol as formats.md writes it, keys sorted: what its digest covers."""
        return {
            "precinct": self.precinct,
            "count": self.count,
            **self.numbers,
            "votes": dict(sorted(self.votes.items())),
            "preferences": {
                p: dict(sorted(v.items())) for p, v in sorted(self.preferences.items())
            },
        }

    @property
    def sha256(self) -> str:
        body = json.dumps(self.canonical(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(body.encode()).hexdigest()


class Ballot(Protocol):
    """What an election's protocols may name: its stations, its parties in ballot order and
    the list places each party holds."""

    @property
    def precincts(self) -> Collection[str]: ...
    @property
    def parties(self) -> list[str]: ...
    @property
    def places(self) -> Mapping[str, Collection[int]]: ...


def parse_json(name: str, data: bytes) -> Any:
    """The JSON value of a protocol file or request body."""
    if len(data) > MAX_BYTES:
        raise InputError(
            name, _("the protocol is larger than %(kb)s KB") % {"kb": MAX_BYTES // 1024}
        )
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InputError(name, _("the protocol is not UTF-8 text")) from None
    except json.JSONDecodeError as err:
        raise InputError(
            name,
            _("the protocol is not JSON: %(reason)s") % {"reason": json_reason(err.msg)},
            line=err.lineno,
        ) from None
    except RecursionError:  # arrays or objects nested thousands deep
        raise InputError(name, _("the JSON is nested too deeply")) from None
    except ValueError as err:  # an integer of thousands of digits (Python's limit on them)
        raise InputError(
            name, _("the protocol is not JSON: %(reason)s") % {"reason": json_reason(str(err))}
        ) from None


def _count(name: str, key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_COUNT:
        raise InputError(
            name,
            _("'%(value)s' is not a whole number from 0 to %(max)s")
            % {"value": value, "max": MAX_COUNT},
            column=key,
        )
    return value


def read_protocol(name: str, value: Any, ballot: Ballot) -> ProtocolData:
    """Check one protocol against the election's ballot; refuse what cannot be one."""
    if not isinstance(value, dict):
        raise InputError(name, _("a protocol is a JSON object"))
    unknown = sorted(set(value) - FIELDS)
    if unknown:
        raise InputError(name, _("unknown field"), column=unknown[0])
    for key in ("precinct", "votes", *NUMBERS):
        if key not in value:
            raise InputError(name, _("the field is missing"), column=key)
    precinct = value["precinct"]
    if isinstance(precinct, int) and not isinstance(precinct, bool):
        precinct = str(precinct)
    if not isinstance(precinct, str) or precinct not in ballot.precincts:
        raise InputError(
            name, _("unknown polling station '%(code)s'") % {"code": precinct}, column="precinct"
        )
    count = value.get("count", Count.MACHINE)
    if count not in Count.values:
        raise InputError(name, _("the count is 'machine' or 'manual'"), column="count")
    numbers = {key: _count(name, key, value[key]) for key in NUMBERS}
    return ProtocolData(
        precinct=precinct,
        count=count,
        numbers=numbers,
        votes=_votes(name, value["votes"], ballot),
        preferences=_preferences(name, value.get("preferences", {}), ballot),
    )


def _votes(name: str, value: Any, ballot: Ballot) -> dict[str, int]:
    if not isinstance(value, dict):
        raise InputError(name, _("the votes are a JSON object of party codes"), column="votes")
    for party in value:
        if party not in ballot.parties:
            raise InputError(
                name,
                _("the party '%(party)s' is not on the ballot") % {"party": party},
                column="votes",
            )
    return {p: _count(name, f"votes.{p}", value.get(p, 0)) for p in ballot.parties}


def _preferences(name: str, value: Any, ballot: Ballot) -> dict[str, dict[str, int]]:
    if not isinstance(value, dict):
        raise InputError(name, _("the preferences are a JSON object"), column="preferences")
    read: dict[str, dict[str, int]] = {}
    for party, places in value.items():
        column = f"preferences.{party}"
        if party not in ballot.parties:
            raise InputError(
                name,
                _("the party '%(party)s' is not on the ballot") % {"party": party},
                column=column,
            )
        if not isinstance(places, dict):
            raise InputError(name, _("the preferences are a JSON object"), column=column)
        held = ballot.places.get(party, ())
        counts: dict[str, int] = {}
        for place, votes in places.items():
            if _place(place) not in held:
                raise InputError(
                    name,
                    _("the party '%(party)s' has no candidate at place %(place)s")
                    % {"party": party, "place": place},
                    column=column,
                )
            counts[str(_place(place))] = _count(name, f"{column}.{place}", votes)
        read[party] = {k: v for k, v in counts.items() if v}
    return {p: v for p, v in read.items() if v}


def _place(key: Any) -> int | None:
    """The list place a key of the preferences names: a few ASCII digits ("3", "03"), not
    every text `str.isdigit` takes ("²", which int() refuses, or thousands of digits)."""
    if isinstance(key, str) and 0 < len(key) <= PLACE_DIGITS and key.isascii() and key.isdigit():
        return int(key)
    return None
