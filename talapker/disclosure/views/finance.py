"""The money pages: a fund's finances, its transactions one by one, and the election's money
with one search across every fund (interfaces.md, "Pages")."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from talapker.disclosure import (
    ad_charts,
    ad_list,
    findings,
    fund_charts,
    money,
    selectors,
    transactions,
)
from talapker.disclosure.views import _not_found_if_missing
from talapker.elections.models import Election
from talapker.filings import scantext
from talapker.filings.models import Contribution, Expenditure, ReportVersion
from talapker.funds.models import Fund
from talapker.parties.models import Party

LATEST = 10  # rows of each table on the fund's page; the list pages show them all
SCAN_HITS = 20  # pages of signed scans listed beside a search's contributions


def _fund_of(party: Party) -> Fund:
    try:
        return Fund.objects.select_related("party").get(party=party)
    except Fund.DoesNotExist:
        raise Http404 from None


def _party_and_fund(election: str, party: str) -> tuple[Party, Fund]:
    found = selectors.party_get(election_code=election, party_code=party)
    return found, _fund_of(found)


@require_safe
@_not_found_if_missing
def fund_finance(request: HttpRequest, election: str, party: str) -> HttpResponse:
    found, fund = _party_and_fund(election, party)
    (fund_money,) = money.funds_money(found.election, [fund])
    context: dict[str, Any] = {
        "election": found.election,
        "party": found,
        "fund": fund,
        "money": fund_money,
        "versions": money.versions_of(fund),
        "undeclared": money.undeclared(fund),
        "fund_findings": findings.fund_findings(fund),
    }
    online = fund_money.categories.get("online", Decimal(0))
    spend = ad_list.fund_ad_spend(found, online)
    if spend is not None:  # the election's ads were imported
        context["ad_spend"] = spend
        context["ad_chart"] = ad_charts.ads_chart([spend], key="fund-ads")
    if fund_money.version is not None:
        context["charts"] = fund_charts.fund_charts(fund_money)
        versions = [fund_money.version.pk]
        context["top_donors"] = money.top_donors(fund_money.version)
        context["party_own"] = money.party_own_total(fund_money.version)
        context["latest_contributions"] = transactions.rows_of(
            list(transactions.contributions(versions, {})[:LATEST]), "contribution"
        )
        context["latest_expenditures"] = transactions.rows_of(
            list(transactions.expenditures(versions, {})[:LATEST]), "expenditure"
        )
    return render(request, "disclosure/fund_finance.html", context)


def _list(request: HttpRequest, election: str, party: str, table: str) -> HttpResponse:
    found, fund = _party_and_fund(election, party)
    (fund_money,) = money.funds_money(found.election, [fund])
    query_class = (
        transactions.ContributionQuery if table == "contribution" else transactions.ExpenditureQuery
    )
    form = query_class(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    versions = transactions.standing_versions(fund=fund)
    select = transactions.contributions if table == "contribution" else transactions.expenditures
    page, rows = transactions.page_of(select(versions, data), request.GET.get("page"), table)
    return render(
        request,
        "disclosure/fund_transactions.html",
        {
            "table": table,
            "election": found.election,
            "party": found,
            "fund": fund,
            "money": fund_money,
            "form": form,
            "page": page,
            "rows": rows,
        },
    )


@require_safe
@_not_found_if_missing
def fund_contributions(request: HttpRequest, election: str, party: str) -> HttpResponse:
    return _list(request, election, party, "contribution")


@require_safe
@_not_found_if_missing
def fund_expenditures(request: HttpRequest, election: str, party: str) -> HttpResponse:
    return _list(request, election, party, "expenditure")


def _item(fund: Fund, table: str, line: int) -> tuple[ReportVersion, Contribution | Expenditure]:
    version = ReportVersion.objects.standing().select_related("report").get(report__fund=fund)
    model = Contribution if table == "contribution" else Expenditure
    return version, model.objects.get(version=version, line=line)


def _detail(request: HttpRequest, election: str, party: str, line: int, table: str) -> HttpResponse:
    found, fund = _party_and_fund(election, party)
    version, item = _item(fund, table, line)
    (row,) = transactions.rows_of([item], table)
    return render(
        request,
        "disclosure/transaction.html",
        {
            "election": found.election,
            "party": found,
            "fund": fund,
            "version": version,
            "table": table,
            "item": item,
            "row": row,
            "findings": money.item_findings(fund, table, line),
        },
    )


@require_safe
@_not_found_if_missing
def contribution_detail(request: HttpRequest, election: str, party: str, line: int) -> HttpResponse:
    return _detail(request, election, party, line, "contribution")


@require_safe
@_not_found_if_missing
def expenditure_detail(request: HttpRequest, election: str, party: str, line: int) -> HttpResponse:
    return _detail(request, election, party, line, "expenditure")


@require_safe
@_not_found_if_missing
def election_finance(request: HttpRequest, election: str) -> HttpResponse:
    found = Election.objects.get(code=election)
    funds = money.election_funds(found)
    form = transactions.ContributionQuery(request.GET or None)
    funds_money = money.funds_money(found, funds)
    context: dict[str, Any] = {
        "election": found,
        "funds_money": funds_money,
        "charts": fund_charts.election_charts(found, funds_money),
        "election_caps": {
            "fund": found.cap_kgs("fund_cap_ci"),
            "spending": found.cap_kgs("spending_cap_ci"),
        },
        "small_limit": money.small_gift_limit(found),
        "form": form,
    }
    if request.GET and form.is_valid():
        versions = transactions.standing_versions(election=found)
        page, rows = transactions.page_of(
            transactions.contributions(versions, form.cleaned_data),
            request.GET.get("page"),
            "contribution",
        )
        context.update(page=page, rows=rows)
        name = form.cleaned_data.get("name") or ""
        if name.strip():
            context["scan_hits"] = scantext.scan_search(found, name, limit=SCAN_HITS)
            context["scan_hit_count"] = scantext.scan_search_count(found, name)
    return render(request, "disclosure/election_finance.html", context)
