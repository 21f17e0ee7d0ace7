"""A fund's money as the public pages show it: read from the totals kept at filing time.

Every figure comes from the fund's *standing* version (its current final report if filed,
else its current interim report), so a correction replaces the numbers it corrects and an
amended report is never counted twice. The sums were computed once when the version was
filed (`filings.VersionTotals`), so a page reads a row per fund whatever the number of
contributions; the lists of transactions are paged queries over one version's rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db.models import Count, Max, Q, Sum

from talapker.banking.models import BankLine, Statement, Transaction
from talapker.compliance.models import Finding, Review
from talapker.disclosure.charts import gauge_state
from talapker.disclosure.donors import donor_refs
from talapker.elections.models import Election
from talapker.filings.models import DonorTotal, ReportVersion, VersionTotals
from talapker.filings.totals import BANDS_CI, SMALL_BANDS
from talapker.funds.models import Fund

ZERO = Decimal("0.00")
CENTS = Decimal(100)
TOP_DONORS = 10


def som(cents: int) -> Decimal:
    """Tyiyn as som, exactly."""
    return (Decimal(cents) / CENTS).quantize(Decimal("0.01"))


def share_of(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    """`part` as a share of `whole` (0.25 for a quarter), or None when there is no whole.
    Pages write it with the `percent` filter, which cuts rather than rounds, as the charts
    do, so a page and its chart never disagree."""
    if not whole:
        return None
    return Decimal(part) / Decimal(whole)


@dataclass(frozen=True)
class Gauge:
    """An amount against its legal cap."""

    value: Decimal
    cap: Decimal

    @property
    def share(self) -> Decimal | None:
        return share_of(self.value, self.cap)

    @property
    def state(self) -> str:
        """ "over" past the cap, "near" from 80 % of it, else "ok" (the charts' rule)."""
        return gauge_state(self.value, self.cap)


@dataclass(frozen=True)
class Band:
    """Donors whose gifts to the fund add up to at most `upper` som (None: open above)."""

    upper: Decimal | None
    donors: int
    amount: Decimal


@dataclass(frozen=True)
class FundMoney:
    """One fund's money from its standing version, with the caps of its election."""

    fund: Fund
    version: ReportVersion | None
    raised: Gauge
    spent: Gauge
    donors: int = 0
    contributions: int = 0
    expenditures: int = 0
    legal_entity: Decimal = ZERO
    bands: list[Band] = field(default_factory=list)
    categories: dict[str, Decimal] = field(default_factory=dict)
    days: list[tuple[dt.date, Decimal, Decimal]] = field(default_factory=list)
    open_findings: int = 0
    confirmed_findings: int = 0
    bank_until: dt.date | None = None
    bank_received: dt.datetime | None = None

    @property
    def filed(self) -> bool:
        return self.version is not None

    @property
    def balance(self) -> Decimal:
        return self.raised.value - self.spent.value

    @property
    def legal_entity_share(self) -> Decimal | None:
        return share_of(self.legal_entity, self.raised.value)

    @property
    def small(self) -> Decimal:
        return sum((band.amount for band in self.bands[:SMALL_BANDS]), ZERO)

    @property
    def small_share(self) -> Decimal | None:
        return share_of(self.small, self.raised.value)

    @property
    def small_limit(self) -> Decimal | None:
        return self.bands[SMALL_BANDS - 1].upper if self.bands else None

    @property
    def updated_at(self) -> dt.datetime | None:
        return self.version.filed_at if self.version else None


def _standing(funds: Sequence[Fund]) -> dict[int, ReportVersion]:
    """The standing version of each fund, with its report and totals (one query)."""
    versions = (
        ReportVersion.objects.standing()
        .filter(report__fund__in=[f.pk for f in funds])
        .select_related("report", "totals")
    )
    return {v.report.fund_id: v for v in versions}


def _bank_freshness(funds: Sequence[Fund]) -> dict[int, tuple[dt.date | None, dt.datetime]]:
    """Up to which date each fund's bank statements reach, and when the last came: the
    statements' closing dates, or for a bank whose files carry none (a CSV export) the last
    booking date of the fund's lines (one query, two when a closing date is missing)."""
    rows = (
        Statement.objects.filter(account__fund__in=[f.pk for f in funds])
        .order_by()
        .values("account__fund")
        .annotate(until=Max("closing_date"), received=Max("received_at"))
    )
    found = {row["account__fund"]: (row["until"], row["received"]) for row in rows}
    undated = [fund for fund, (until, _received) in found.items() if until is None]
    if undated:
        booked = (
            BankLine.objects.filter(account__fund__in=undated)
            .order_by()
            .values("account__fund")
            .annotate(until=Max("booking_date"))
        )
        for row in booked:
            found[row["account__fund"]] = (row["until"], found[row["account__fund"]][1])
    return found


def _finding_counts(funds: Sequence[Fund]) -> dict[int, tuple[int, int]]:
    """Open and confirmed findings of each fund found by the latest screening (one query)."""
    rows = (
        Finding.objects.public()
        .filter(fund__in=[f.pk for f in funds], active=True)
        .order_by()
        .values("fund")
        .annotate(
            open=Count("id", filter=Q(review=Review.OPEN)),
            confirmed=Count("id", filter=Q(review=Review.CONFIRMED)),
        )
    )
    return {row["fund"]: (row["open"], row["confirmed"]) for row in rows}


def small_gift_limit(election: Election) -> Decimal:
    """The most a donor may give in all and still count as a small donor, in som."""
    return Decimal(BANDS_CI[SMALL_BANDS - 1]) * Decimal(election.rule("calculated_index_kgs"))


def _bands(totals: VersionTotals, index_kgs: Decimal) -> list[Band]:
    uppers: list[Decimal | None] = [Decimal(ci) * index_kgs for ci in BANDS_CI]
    uppers.append(None)
    return [
        Band(upper, int(donors), som(cents))
        for upper, (donors, cents) in zip(uppers, totals.bands, strict=False)
    ]


def funds_money(election: Election, funds: Sequence[Fund]) -> list[FundMoney]:
    """The money of each of the election's funds given, in their order: four queries
    whatever the number of funds and rows."""
    standing = _standing(funds)
    bank = _bank_freshness(funds)
    findings = _finding_counts(funds)
    fund_cap = election.cap_kgs("fund_cap_ci")
    spending_cap = election.cap_kgs("spending_cap_ci")
    index_kgs = Decimal(election.rule("calculated_index_kgs"))
    result = []
    for fund in funds:
        version = standing.get(fund.pk)
        bank_until, bank_received = bank.get(fund.pk, (None, None))
        open_count, confirmed = findings.get(fund.pk, (0, 0))
        plain = FundMoney(
            fund=fund,
            version=version,
            raised=Gauge(ZERO, fund_cap),
            spent=Gauge(ZERO, spending_cap),
            open_findings=open_count,
            confirmed_findings=confirmed,
            bank_until=bank_until,
            bank_received=bank_received,
        )
        totals: VersionTotals | None = getattr(version, "totals", None) if version else None
        if totals is None:
            result.append(plain)
            continue
        result.append(
            replace(
                plain,
                raised=Gauge(som(totals.raised_cents), fund_cap),
                spent=Gauge(som(totals.spent_cents), spending_cap),
                donors=totals.donors,
                contributions=totals.contributions,
                expenditures=totals.expenditures,
                legal_entity=som(totals.legal_entity_cents),
                bands=_bands(totals, index_kgs),
                categories={k: som(v) for k, v in sorted(totals.categories.items())},
                days=[
                    (dt.date.fromisoformat(day), som(cents_in), som(cents_out))
                    for day, cents_in, cents_out in totals.days
                ],
            )
        )
    return result


def election_funds(election: Election) -> list[Fund]:
    """The election's funds with their parties, in ballot order, then by code."""
    return list(
        Fund.objects.filter(election=election)
        .select_related("party")
        .order_by("party__ballot_position", "code")
    )


@dataclass(frozen=True)
class TopDonor:
    donor_id: str
    donor_kind: str
    name: str
    total: Decimal
    gifts: int
    ref: str | None  # the donor's public id (never the donor_id: it may be a PIN)


def top_donors(version: ReportVersion, *, limit: int = TOP_DONORS) -> list[TopDonor]:
    """The version's largest donors by what each gave in all (three queries: the kept
    totals, one name as filed for each, their public ids)."""
    totals = list(
        DonorTotal.objects.filter(version=version)
        .exclude(donor_id="")
        .exclude(donor_kind="party_own")  # the party's own money is not a gift
        .order_by("-cents", "donor_id")[:limit]
    )
    names = dict(
        version.contributions.filter(donor_id__in=[t.donor_id for t in totals])
        .order_by("donor_id", "line")
        .values_list("donor_id", "donor_name")
        .distinct()
    )
    refs = donor_refs(t.donor_id for t in totals)
    return [
        TopDonor(
            t.donor_id,
            t.donor_kind,
            names.get(t.donor_id, ""),
            som(t.cents),
            t.rows,
            refs.get(t.donor_id),
        )
        for t in totals
    ]


def party_own_total(version: ReportVersion) -> Decimal | None:
    """The party's own money the version declares (no gift, so not among the donors), or
    None if it declares none."""
    cents = DonorTotal.objects.filter(version=version, donor_kind="party_own").aggregate(
        total=Sum("cents")
    )["total"]
    return som(cents) if cents else None


@dataclass(frozen=True)
class Undeclared:
    """Bank lines of the fund that no filed report declares."""

    lines: int
    money_in: Decimal
    money_out: Decimal


def undeclared(fund: Fund) -> Undeclared:
    """Money the bank moved that the reports do not declare, as a count and sums (the
    counterparties are not named: a bank line may be a private person's)."""
    row = Transaction.objects.filter(fund=fund, reported=Transaction.Reported.UNDECLARED).aggregate(
        lines=Count("id"),
        money_in=Sum("amount", filter=Q(amount__gt=0)),
        money_out=Sum("amount", filter=Q(amount__lt=0)),
    )
    return Undeclared(row["lines"], row["money_in"] or ZERO, -(row["money_out"] or ZERO))


def versions_of(fund: Fund) -> list[ReportVersion]:
    """Every filed version of the fund's reports, newest first within each report."""
    return list(
        ReportVersion.objects.filed()
        .filter(report__fund=fund)
        .select_related("report", "totals")
        .order_by("report__kind", "-number")
    )


@dataclass(frozen=True)
class ItemFindings:
    """What screening found on one filed row: the confirmed findings, and how many are open
    (shown as a count only: an open finding is a question, not an accusation)."""

    confirmed: list[Finding]
    open: int


def item_findings(fund: Fund, table: str, line: int) -> ItemFindings:
    found = list(
        Finding.objects.public()
        .filter(fund=fund, source=table, line=str(line), active=True)
        .exclude(review=Review.DISMISSED)
        .order_by("rule")
    )
    return ItemFindings(
        confirmed=[f for f in found if f.review == Review.CONFIRMED],
        open=sum(1 for f in found if f.review == Review.OPEN),
    )
