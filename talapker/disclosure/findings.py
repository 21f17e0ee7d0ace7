"""Reads for the public register of findings (`/{lang}/elections/{e}/findings/`) and for the
findings block of a fund's finance page.

What is published, and why:
- A *confirmed* finding is published one by one: its rule, the article of law, the public
  explanation (`compliance.public`: what the party filed and what the rule says, never a
  register's facts about a private person), the amount, the party's response and any refund.
  It stays published when a later run no longer finds it (the report was corrected, the money
  returned): the commission confirmed it, and the correction is part of the record, so the
  page marks it "no longer found" rather than hiding it. Only a finding that is still found
  links to its transaction, whose line in a corrected report may now be another item.
- An *open* finding is an auditor's question, not yet an answer: it is published only as a
  number per fund and rule (of those the latest run still finds), never one by one.
- A *dismissed* finding is not published; only how many there are.

Each read is a fixed number of queries whatever the number of findings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Max, QuerySet
from django.urls import NoReverseMatch, reverse

from talapker.compliance.models import Finding, Review, ScreeningRun, Severity, Source
from talapker.compliance.public import mask_ids, public_explanation
from talapker.compliance.registry import article_text, load_rules
from talapker.core.i18n import localized
from talapker.disclosure.selectors import collation_key
from talapker.elections.models import Election
from talapker.funds.models import Fund
from talapker.parties.models import Party

PER_PAGE = 50
FUND_LATEST = 10  # confirmed findings shown on a fund's page; the register has them all
SEVERITIES = Severity.choices
SEVERITY_RANK = {code: rank for rank, (code, _label) in enumerate(SEVERITIES)}
# A finding of these sources names a line of the fund's standing report, a transaction page.
TRANSACTION_PAGES: dict[str, str] = {
    Source.CONTRIBUTION.value: "disclosure:contribution",
    Source.EXPENDITURE.value: "disclosure:expenditure",
}


@dataclass(frozen=True)
class Filters:
    """What the reader chose: a party's code, a rule code, a severity ("" for all)."""

    party: str = ""
    rule: str = ""
    severity: str = ""

    def query(self) -> dict[str, str]:
        return {k: v for k, v in vars(self).items() if v}


@dataclass(frozen=True)
class PublicFinding:
    """A confirmed finding as the public reads it: no evidence, no PIN."""

    pk: int
    rule: str
    title: str
    article: str
    severity: str
    severity_label: str
    party: Party | None
    source: str
    source_label: str
    line: str
    explanation: str
    amount: Decimal | None
    response: str
    refunded_amount: Decimal | None
    refunded_on: dt.date | None
    confirmed_at: dt.datetime | None
    still_found: bool
    transaction_url: str | None


@dataclass(frozen=True)
class OpenCount:
    """How many findings of one rule about one fund wait for an auditor."""

    party: Party | None
    rule: str
    title: str
    severity: str
    severity_label: str
    count: int


@dataclass(frozen=True)
class AsOf:
    """When the data last changed: the latest screening run, the latest review decision."""

    screened_at: dt.datetime | None
    reviewed_at: dt.datetime | None


@dataclass(frozen=True)
class FundFindings:
    """The findings block of a fund's finance page (`disclosure/_fund_findings.html`)."""

    election_code: str
    party: Party | None
    confirmed: list[PublicFinding]
    confirmed_count: int
    open_counts: list[OpenCount]
    open_count: int
    as_of: AsOf


def rule_title(code: str) -> str:
    """The rule's title in the active language (its code if it is not registered)."""
    rule = load_rules().get(code)
    return str(rule.title) if rule else code


def rule_article(code: str) -> str:
    """The article of law the rule applies, as the active language cites it."""
    rule = load_rules().get(code)
    return article_text(rule.article) if rule else "—"


def transaction_url(finding: Finding, election_code: str) -> str | None:
    """The page of the contribution or expenditure a finding is about, if there is one: a
    finding still found, about a numbered line of a party's fund."""
    name = TRANSACTION_PAGES.get(finding.source)
    party = finding.fund.party
    if name is None or party is None or not finding.active or not finding.line.isdigit():
        return None
    kwargs = {"election": election_code, "party": party.code, "line": int(finding.line)}
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


def public_finding(finding: Finding, election_code: str) -> PublicFinding:
    """A confirmed finding (its fund and party selected) for the public."""
    return PublicFinding(
        pk=finding.pk,
        rule=finding.rule,
        title=rule_title(finding.rule),
        article=rule_article(finding.rule),
        severity=finding.severity,
        severity_label=finding.get_severity_display(),
        party=finding.fund.party,
        source=finding.source,
        source_label=finding.get_source_display(),
        line=mask_ids(finding.line),
        explanation=public_explanation(finding),
        amount=finding.amount,
        response=mask_ids(finding.party_response),
        refunded_amount=finding.refunded_amount,
        refunded_on=finding.refunded_on,
        confirmed_at=finding.reviewed_at,
        still_found=finding.active,
        transaction_url=transaction_url(finding, election_code),
    )


def _filtered(findings: QuerySet[Finding], filters: Filters) -> QuerySet[Finding]:
    if filters.party:
        findings = findings.filter(fund__party__code=filters.party)
    if filters.rule:
        findings = findings.filter(rule=filters.rule)
    if filters.severity:
        findings = findings.filter(severity=filters.severity)
    return findings


def confirmed_findings(election: Election, filters: Filters = Filters()) -> QuerySet[Finding]:
    """The confirmed findings of the election (still found or not), latest confirmed first."""
    findings = Finding.objects.public().filter(election=election, review=Review.CONFIRMED)
    return (
        _filtered(findings, filters)
        .select_related("fund__party")
        .order_by("-reviewed_at", "fund__code", "rule", "line", "pk")
    )


def open_counts(
    election: Election, funds: dict[int, Fund], filters: Filters = Filters()
) -> list[OpenCount]:
    """The findings that wait for an auditor, counted per fund and rule (one query), of the
    `funds` given (by id, their parties selected)."""
    findings = Finding.objects.public().filter(
        election=election, fund_id__in=list(funds), review=Review.OPEN, active=True
    )
    rows = (
        _filtered(findings, filters)
        .values_list("fund_id", "rule", "severity")
        .annotate(n=Count("pk"))
        .order_by()
    )
    labels = dict(SEVERITIES)
    counts = [
        OpenCount(
            party=funds[fund_id].party if fund_id in funds else None,
            rule=rule,
            title=rule_title(rule),
            severity=severity,
            severity_label=str(labels.get(severity, severity)),
            count=n,
        )
        for fund_id, rule, severity, n in rows
    ]
    return sorted(
        counts,
        key=lambda c: (
            collation_key(localized(c.party, "name")) if c.party else (),
            SEVERITY_RANK.get(c.severity, 9),
            c.rule,
        ),
    )


def dismissed_count(election: Election, filters: Filters = Filters()) -> int:
    findings = Finding.objects.public().filter(election=election, review=Review.DISMISSED)
    return _filtered(findings, filters).count()


def as_of(election: Election, fund: Fund | None = None) -> AsOf:
    """When the findings last changed: the latest screening run of the election (or of the
    fund, or of the whole election, which screens the fund too) and the latest review."""
    runs = ScreeningRun.objects.filter(election=election)
    findings = Finding.objects.public().filter(election=election)
    if fund is not None:
        runs = runs.filter(fund__isnull=True) | runs.filter(fund=fund)
        findings = findings.filter(fund=fund)
    screened = runs.aggregate(at=Max("started_at"))["at"]
    reviewed = findings.aggregate(at=Max("reviewed_at"))["at"]
    return AsOf(screened_at=screened, reviewed_at=reviewed)


def party_funds(election: Election) -> dict[int, Fund]:
    """The election's funds by id, with their parties (one query)."""
    return {f.pk: f for f in Fund.objects.filter(election=election).select_related("party")}


def filter_choices(election: Election, funds: dict[int, Fund]) -> dict[str, list[tuple[str, str]]]:
    """What the filters offer: the parties whose funds the election has (by code: a
    candidate's fund is coded by a PIN and is not offered), the rules of the findings the
    register shows or counts, and the severities."""
    load_rules()
    parties = sorted(
        (f.party for f in funds.values() if f.party is not None),
        key=lambda p: collation_key(localized(p, "name")),
    )
    published = (
        Finding.objects.public()
        .filter(election=election)
        .exclude(review=Review.DISMISSED)
        .exclude(review=Review.OPEN, active=False)
        .values_list("rule", flat=True)
        .distinct()
        .order_by("rule")
    )
    return {
        "party": [(p.code, localized(p, "name")) for p in parties],
        "rule": [(code, f"{code} · {rule_title(code)}") for code in published],
        "severity": [(code, str(label)) for code, label in SEVERITIES],
    }


def fund_findings(fund: Fund) -> FundFindings:
    """The findings that concern one fund: its latest confirmed ones (the register has them
    all), and the open ones counted per rule. Five queries."""
    load_rules()
    election = fund.election
    confirmed = Finding.objects.public().filter(fund=fund, review=Review.CONFIRMED)
    latest = confirmed.select_related("fund__party").order_by("-reviewed_at", "rule", "pk")
    shown = [public_finding(f, election.code) for f in latest[:FUND_LATEST]]
    counts = open_counts(election, {fund.pk: fund})
    return FundFindings(
        election_code=election.code,
        party=fund.party,
        confirmed=shown,
        confirmed_count=confirmed.count() if len(shown) == FUND_LATEST else len(shown),
        open_counts=counts,
        open_count=sum(c.count for c in counts),
        as_of=as_of(election, fund),
    )
