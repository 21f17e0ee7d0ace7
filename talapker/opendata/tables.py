"""The public tables of an open-data snapshot: each is one list of the API, read whole for
one election. Adding a table (ads, results) is one `Table` in `TABLES`: its name, what it
holds in the three languages, the API list's URL name, the URL arguments of each list to
read (one for most; one per party for candidates, one per fund for reports) and the columns
that identify a row. The columns themselves, their types and descriptions come from the
list's serializer (`columns.py`), so a table cannot say something its API does not.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from talapker.elections.models import Election

Scope = Callable[[Election, "Reader"], Iterator[dict[str, str]]]


class Reader:
    """What a scope needs to know about the other tables: their rows' values (to list the
    funds whose reports to read, by the id the funds list gives them)."""

    def values(self, table: str, column: str, election: Election) -> list[Any]:
        raise NotImplementedError


@dataclass(frozen=True)
class Added:
    """A column a table adds to its list's own: the value of one URL argument (the reports
    of a fund carry no fund; the snapshot puts every fund's in one table)."""

    name: str
    argument: str
    description: Promise


def _once(election: Election, reader: Reader) -> Iterator[dict[str, str]]:
    yield {"election": election.code}


def _per_party(election: Election, reader: Reader) -> Iterator[dict[str, str]]:
    for code in reader.values("parties", "code", election):
        yield {"election": election.code, "party": code}


def _per_fund(election: Election, reader: Reader) -> Iterator[dict[str, str]]:
    for code in reader.values("funds", "code", election):
        yield {"election": election.code, "fund": code}


def _this_election(queryset: QuerySet[Any], election: Election) -> QuerySet[Any]:
    return queryset.filter(pk=election.pk)


@dataclass(frozen=True)
class Table:
    name: str
    title: Promise
    description: Promise
    url_name: str
    primary_key: tuple[str, ...]
    scope: Scope = _once
    narrow: Callable[[QuerySet[Any], Election], QuerySet[Any]] | None = None
    added: tuple[Added, ...] = field(default=())


TABLES: list[Table] = [
    Table(
        "elections",
        _("Election"),
        _("The election itself: its dates and the rule parameters the checks apply."),
        "api-elections",
        ("code",),
        scope=lambda election, reader: iter([{}]),
        narrow=_this_election,
    ),
    Table(
        "parties",
        _("Parties"),
        _("The parties registered for the election, in ballot order once it is drawn."),
        "api-parties",
        ("code",),
    ),
    Table(
        "candidates",
        _("Candidates"),
        _("Every party's list of candidates, in list order; no personal number, no birth date."),
        "api-candidates",
        ("party", "position"),
        scope=_per_party,
    ),
    Table(
        "funds",
        _("Election funds"),
        _("The election funds and the parties they belong to."),
        "api-funds",
        ("code",),
    ),
    Table(
        "reports",
        _("Report versions"),
        _(
            "Every filed version of every fund's finance reports, superseded ones included, "
            "with their row counts and totals."
        ),
        "api-reports",
        ("receipt",),
        scope=_per_fund,
        added=(Added("fund", "fund", _("The public id of the fund whose report it is.")),),
    ),
    Table(
        "contributions",
        _("Contributions"),
        _("Every contribution in every fund's standing report (the latest version counts)."),
        "api-contributions",
        ("fund", "line"),
    ),
    Table(
        "expenditures",
        _("Expenditures"),
        _("Every expenditure in every fund's standing report (the latest version counts)."),
        "api-expenditures",
        ("fund", "line"),
    ),
    Table(
        "donors",
        _("Donors"),
        _(
            "Every donor of the election once, under a pseudonymous public id, with the total "
            "given across every fund."
        ),
        "api-donors",
        ("ref",),
    ),
    Table(
        "findings",
        _("Confirmed findings"),
        _("The findings of the preliminary analysis that the commission has confirmed."),
        "api-findings",
        (),
    ),
    Table(
        "ads",
        _("Political ads"),
        _(
            "Every political ad the ad libraries show for the election: its page, payer (as "
            "exported, no personal number), dates, spend as exported and in som, impressions "
            "and confirmed findings."
        ),
        "api-ads",
        ("ad_id",),
    ),
    Table(
        "protocols",
        _("Precinct protocols"),
        _(
            "Every precinct protocol received on election night, every version (re-sent and "
            "recounted ones included), with the control relations each breaks."
        ),
        "api-protocols",
        ("precinct", "count", "version"),
    ),
]


def table_get(name: str) -> Table:
    return next(table for table in TABLES if table.name == name)
