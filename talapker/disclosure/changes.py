"""What changed in an election's public record, oldest first: the change feed that the API
(`elections/{e}/changes`) and the Atom feeds read.

Three kinds of change are public, each stamped by the moment it happened:
- `filing`: a report version was filed (`ReportVersion.filed_at`), a first version or a
  correction of the one before;
- `statement`: a bank statement of a fund's special account was received
  (`Statement.received_at`); only how many lines it held, never the account's number, the
  file's name or a counterparty;
- `finding`: an auditor confirmed a finding of the preliminary analysis
  (`Finding.reviewed_at`, review "confirmed").

A fund is named by its public id (`public_ids.py`): its party's code, or for a candidate's
fund, whose code is the candidate's PIN, `candidate-` and the PIN's pseudonym.

The list is one `UNION ALL` of three small queries, each a range of an index on its time
column, so a page reads about as many rows as it shows whatever the election's size.
`Changes` holds the three and answers the few questions of a queryset that cursor paging
and the CSV export ask (`filter` on the time, `order_by`, a slice, `iterator`, `none`):
Django cannot filter a union once made, so each filter goes into every branch. What a
change says and where it leads: `change_texts.py`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import CharField, F, IntegerField, QuerySet, Value
from django.db.models.functions import Coalesce

from talapker.banking.models import Statement
from talapker.compliance.models import Finding, Review
from talapker.elections.models import Election
from talapker.filings.models import ReportVersion

KINDS = ("filing", "statement", "finding")
ORDERING = ("at", "kind", "item")

# The columns every branch selects, in this order (a union matches columns by place).
COLUMNS = (
    "at", "kind", "item", "fund_ref", "party_code", "party_ky", "party_ru", "party_en",
    "report_kind", "version_no", "receipt_no", "corrects", "line_count", "rule_code",
    "severity_code",
)  # fmt: skip


def _text(value: str | None = None) -> Value:
    return Value(value, output_field=CharField())


def _number() -> Value:
    return Value(None, output_field=IntegerField())


def _party(prefix: str) -> dict[str, Any]:
    """The fund's id, and its party's code and names, through `prefix` (the path to the
    fund); no party for a candidate's fund."""
    return {
        "fund_ref": F(prefix.removesuffix("__")),
        "party_code": Coalesce(F(f"{prefix}party__code"), _text("")),
        "party_ky": F(f"{prefix}party__name_ky"),
        "party_ru": F(f"{prefix}party__name_ru"),
        "party_en": F(f"{prefix}party__name_en"),
    }


def filings(election: Election) -> QuerySet[Any]:
    """Filed report versions: receipt, report kind, number, and the number it corrects."""
    return (
        ReportVersion.objects.filter(
            state=ReportVersion.State.FILED, report__fund__election=election
        )
        .annotate(at=F("filed_at"), kind=_text("filing"), item=F("pk"), **_party("report__fund__"))
        .annotate(
            report_kind=F("report__kind"),
            version_no=F("number"),
            receipt_no=F("receipt"),
            corrects=F("supersedes__number"),
            line_count=_number(),
            rule_code=_text(),
            severity_code=_text(),
        )
    )


def statements(election: Election) -> QuerySet[Any]:
    """Bank statements received: how many lines, nothing of the account."""
    return Statement.objects.filter(account__fund__election=election).annotate(
        at=F("received_at"),
        kind=_text("statement"),
        item=F("pk"),
        **_party("account__fund__"),
        report_kind=_text(),
        version_no=_number(),
        receipt_no=_text(),
        corrects=_number(),
        line_count=F("lines"),
        rule_code=_text(),
        severity_code=_text(),
    )


def findings(election: Election) -> QuerySet[Any]:
    """Findings an auditor confirmed (still found by the latest screening or not: the
    register publishes both)."""
    return (
        Finding.objects.public()
        .filter(election=election, review=Review.CONFIRMED, reviewed_at__isnull=False)
        .annotate(
            at=F("reviewed_at"),
            kind=_text("finding"),
            item=F("pk"),
            **_party("fund__"),
            report_kind=_text(),
            version_no=_number(),
            receipt_no=_text(),
            corrects=_number(),
            line_count=_number(),
            rule_code=F("rule"),
            severity_code=F("severity"),
        )
    )


BRANCHES = {"filing": filings, "statement": statements, "finding": findings}
FUND_PATHS = {"filing": "report__fund", "statement": "account__fund", "finding": "fund"}


@dataclass(frozen=True)
class Criteria:
    """What a reader asks for: changes from `since` on (inclusive), of one fund (by its id;
    None for every fund), of some kinds."""

    since: dt.datetime | None = None
    fund: int | None = None
    kinds: Sequence[str] = KINDS


class Changes:
    """The union of the branches, with the parts of a queryset that paging needs."""

    def __init__(self, branches: list[QuerySet[Any]], ordering: Sequence[str] = ()) -> None:
        self.branches = branches
        self.ordering = tuple(ordering)

    def filter(self, **conditions: Any) -> Changes:
        """Every branch filtered: the conditions are on the shared columns (`at__gt`)."""
        return Changes([b.filter(**conditions) for b in self.branches], self.ordering)

    def order_by(self, *fields: str) -> Changes:
        return Changes(self.branches, fields)

    def none(self) -> Changes:
        return Changes([], self.ordering)

    def _union(self, limit: int | None = None) -> QuerySet[Any] | None:
        """The branches' union in the order asked. With a `limit`, each branch is cut to
        it first where the database can (PostgreSQL: an index range each); SQLite cannot
        order a branch of a compound query, so it sorts what the filters leave."""
        if not self.branches:
            return None
        if len(self.branches) == 1:  # no union: the branch, ordered, is sliced by the caller
            return self.branches[0].values(*COLUMNS).order_by(*self.ordering)
        cut = limit is not None and connection.features.supports_slicing_ordering_in_compound
        parts = []
        for branch in self.branches:
            part = branch.order_by().values(*COLUMNS)
            if cut:
                part = part.order_by(*self.ordering)[:limit]
            parts.append(part)
        first, *rest = parts
        return first.union(*rest, all=True).order_by(*self.ordering)

    def __getitem__(self, window: slice) -> list[dict[str, Any]]:
        union = self._union(limit=window.stop)
        return [] if union is None else list(union[window])

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return self.iterator()

    def iterator(self, chunk_size: int = 2000) -> Iterator[dict[str, Any]]:
        union = self._union()
        if union is not None:
            yield from union.iterator(chunk_size=chunk_size)


def changes(election: Election, criteria: Criteria = Criteria()) -> Changes:
    """The election's public changes that meet the criteria (unordered until paged)."""
    branches = []
    for kind in KINDS:
        if kind not in criteria.kinds:
            continue
        branch = BRANCHES[kind](election)
        if criteria.since is not None:
            branch = branch.filter(at__gte=criteria.since)
        if criteria.fund is not None:
            branch = branch.filter(**{FUND_PATHS[kind]: criteria.fund})
        branches.append(branch)
    return Changes(branches, ORDERING)
