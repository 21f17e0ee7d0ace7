"""Reads for the commission staff's pages: elections at a glance and one fund's reconciliation.

Each function runs a fixed number of queries whatever the number of funds, statements or
transactions: counts and sums are aggregated in the database (one query per table), and
transaction pages select their items and bank lines in the same query.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from talapker.banking.models import Statement, Transaction
from talapker.elections.models import Election
from talapker.filings.models import Contribution, Expenditure, ReportKind, ReportVersion
from talapker.funds.models import Account, Fund

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class ReportState:
    """A fund's report of one kind: its current filed version (if any) and when it is due."""

    kind: str
    due_on: dt.date
    current: ReportVersion | None
    overdue: bool  # due before today and not filed


@dataclass
class FundSummary:
    fund: Fund
    reports: list[ReportState]
    statements: int = 0
    last_received: dt.datetime | None = None
    by_status: dict[str, int] = field(default_factory=dict)

    @property
    def agrees(self) -> int:
        return self.by_status.get(Transaction.Status.AGREES, 0)

    @property
    def differs(self) -> int:
        return self.by_status.get(Transaction.Status.DIFFERS, 0)

    @property
    def pending(self) -> int:
        return self.by_status.get(Transaction.Status.PENDING, 0)


@dataclass(frozen=True)
class ElectionSummary:
    election: Election
    funds: list[FundSummary]


def _due(election: Election, kind: str) -> dt.date:
    if kind == ReportKind.FINAL:
        return election.final_report_due
    return election.interim_report_due


def election_overview(*, today: dt.date) -> list[ElectionSummary]:
    """Every election with, per fund, its reports, statements and transactions by status.

    Five queries: elections, funds, current report versions, statements and transactions,
    the last two aggregated per fund in the database.
    """
    elections = list(Election.objects.all())
    funds = Fund.objects.select_related("party").order_by("code")
    current: dict[tuple[int, str], ReportVersion] = {
        (v.report.fund_id, v.report.kind): v
        for v in ReportVersion.objects.current().select_related("report")
    }
    received: dict[int, tuple[int, dt.datetime | None]] = {
        row["account__fund_id"]: (row["count"], row["last"])
        for row in Statement.objects.order_by()
        .values("account__fund_id")
        .annotate(count=Count("id"), last=Max("received_at"))
    }
    by_status: dict[int, dict[str, int]] = defaultdict(dict)
    for row in Transaction.objects.order_by().values("fund_id", "status").annotate(n=Count("id")):
        by_status[row["fund_id"]][row["status"]] = row["n"]

    per_election: dict[int, list[FundSummary]] = defaultdict(list)
    by_pk = {e.pk: e for e in elections}
    for fund in funds:
        election = by_pk[fund.election_id]
        fund.election = election  # already fetched: no query per fund for its election
        reports = []
        for kind in (ReportKind.INTERIM, ReportKind.FINAL):
            version = current.get((fund.pk, kind))
            due_on = _due(election, kind)
            reports.append(ReportState(kind, due_on, version, not version and due_on < today))
        statements, last_received = received.get(fund.pk, (0, None))
        per_election[election.pk].append(
            FundSummary(
                fund=fund,
                reports=reports,
                statements=statements,
                last_received=last_received,
                by_status=by_status[fund.pk],
            )
        )
    return [ElectionSummary(e, per_election[e.pk]) for e in elections]


def fund_get(*, election_code: str, fund_code: str) -> Fund:
    """The fund, with its election and party; `Fund.DoesNotExist` if there is none."""
    return Fund.objects.select_related("election", "party").get(
        election__code=election_code, code=fund_code
    )


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int


def status_counts(fund: Fund) -> list[StatusCount]:
    """How many of the fund's transactions are in each status (zeros included)."""
    rows = Transaction.objects.filter(fund=fund).order_by().values("status").annotate(n=Count("id"))
    counts = {row["status"]: row["n"] for row in rows}
    return [
        StatusCount(str(value), str(label), counts.get(value, 0))
        for value, label in Transaction.Status.choices
    ]


def transaction_list(fund: Fund, *, status: str = "") -> QuerySet[Transaction]:
    """The fund's transactions by date, with their items and bank lines in the same query."""
    found = Transaction.objects.filter(fund=fund).select_related(
        "contribution", "expenditure", "bank_line"
    )
    if status:
        found = found.filter(status=status)
    return found.order_by("date", "id")


@dataclass(frozen=True)
class TransactionRow:
    """One transaction as the reconciliation table shows it."""

    transaction: Transaction
    item: str  # "contribution, line 4", or "" for a bank line no report declares
    reference: str  # the bank's reference, or the one the report gave
    counterparty: str
    bank_amount: Decimal | None  # the statement's amount, where it differs from the item's


def transaction_rows(transactions: list[Transaction]) -> list[TransactionRow]:
    rows = []
    for t in transactions:
        line = t.bank_line
        item: Contribution | Expenditure | None = t.contribution or t.expenditure
        if t.contribution:
            label = _("contribution, line %(line)s") % {"line": t.contribution.line}
            name = t.contribution.donor_name
        elif t.expenditure:
            label = _("expenditure, line %(line)s") % {"line": t.expenditure.line}
            name = t.expenditure.payee_name
        else:
            label, name = "", ""
        reference = line.reference if line else (item.bank_ref if item else "")
        differs = line is not None and line.amount != t.amount
        rows.append(
            TransactionRow(
                transaction=t,
                item=label,
                reference=reference,
                counterparty=name or (line.counterparty_name if line else ""),
                bank_amount=line.amount if line and differs else None,
            )
        )
    return rows


@dataclass(frozen=True)
class Totals:
    """Money in (positive) and out (negative) in som, as one source shows it."""

    money_in: Decimal
    money_out: Decimal

    @property
    def balance(self) -> Decimal:
        return self.money_in + self.money_out


@dataclass(frozen=True)
class AccountTotals(Totals):
    account: Account
    lines: int


def account_totals(fund: Fund) -> list[AccountTotals]:
    """Per special account of the fund, the money in and out its bank's statements show
    (one query, summed in the database)."""
    accounts = Account.objects.filter(fund=fund).annotate(
        money_in=Sum("lines__amount", filter=Q(lines__amount__gt=0), default=ZERO),
        money_out=Sum("lines__amount", filter=Q(lines__amount__lt=0), default=ZERO),
        line_count=Count("lines"),
    )
    return [
        AccountTotals(money_in=a.money_in, money_out=a.money_out, account=a, lines=a.line_count)
        for a in accounts.order_by("number")
    ]


@dataclass(frozen=True)
class ReportTotals(Totals):
    """A current version's declared money: contributions in, expenditures out (negative,
    as in the bank's statements); in-kind items are included."""

    version: ReportVersion
    standing: bool  # the version the reconciliation reads


def report_versions(fund: Fund) -> list[ReportVersion]:
    """Every filed version of the fund's reports, interim first, by version number."""
    return list(
        ReportVersion.objects.filed()
        .filter(report__fund=fund)
        .select_related("report")
        .order_by("report__kind", "number")
    )


def report_totals(versions: list[ReportVersion]) -> list[ReportTotals]:
    """Money in and out as each current version declares it (two queries).

    The standing version is the current final report if one is filed, else the current
    interim report (`ReportVersion.objects.standing()`).
    """
    current = [v for v in versions if v.is_current]
    if not current:
        return []
    ids = [v.pk for v in current]
    money_in = dict(
        Contribution.objects.filter(version_id__in=ids)
        .values("version_id")
        .annotate(total=Sum("amount"))
        .values_list("version_id", "total")
    )
    money_out = dict(
        Expenditure.objects.filter(version_id__in=ids)
        .values("version_id")
        .annotate(total=Sum("amount"))
        .values_list("version_id", "total")
    )
    has_final = any(v.report.kind == ReportKind.FINAL for v in current)
    return [
        ReportTotals(
            version=v,
            money_in=money_in.get(v.pk) or ZERO,
            money_out=-(money_out.get(v.pk) or ZERO),
            standing=(v.report.kind == ReportKind.FINAL) == has_final,
        )
        for v in current
    ]


def statement_list(fund: Fund) -> list[Statement]:
    """The statements received for the fund's accounts, newest first."""
    return list(
        Statement.objects.filter(account__fund=fund)
        .select_related("account")
        .order_by("-received_at", "-id")
    )
