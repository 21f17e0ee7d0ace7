"""The contributions and expenditures a reader can search: one fund's, or a whole election's.

Only the standing versions' rows count (the current final report, else the current interim
report of each fund), so an amended report never shows twice. A search is a GET form
(`TransactionQuery`), so every result has an address a journalist can share; it filters,
sorts and pages in the database, and each shown row carries its three-way status from the
reconciliation, fetched for the page's rows only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import CharField, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from talapker.banking.models import Transaction
from talapker.compliance.models import Finding
from talapker.core.forms import DAY_FORMATS
from talapker.core.names import name_key
from talapker.disclosure.donors import donor_refs
from talapker.elections.models import Election
from talapker.filings.formats.model import CATEGORIES, DONOR_KINDS, METHODS
from talapker.filings.forms import CODE_LABELS
from talapker.filings.models import Contribution, Expenditure, ReportVersion
from talapker.funds.models import Fund
from talapker.parties.models import Party

PAGE_SIZE = 50

ORDERS = {
    "date": ("date", "line"),
    "-date": ("-date", "-line"),
    "amount": ("amount", "line"),
    "-amount": ("-amount", "line"),
}


def _choices(codes: tuple[str, ...]) -> list[tuple[str, Any]]:
    return [("", _("any")), *((code, CODE_LABELS.get(code, code)) for code in codes)]


def date_filter(label: Any) -> forms.DateField:
    """A date to search from or up to, with the way to write it said beside it."""
    return forms.DateField(
        label=label,
        required=False,
        input_formats=list(DAY_FORMATS),
        help_text=_("Day, month and year: for example 15.11.2026."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )


class TransactionQuery(forms.Form):
    """What a reader may ask of a list of transactions; every field may stay empty."""

    name = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=200,
        help_text=_("Any script and case: Асанов, Asanov and АСАНОВ find the same donor."),
    )
    amount_min = forms.DecimalField(
        label=_("Amount from, som"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    amount_max = forms.DecimalField(
        label=_("Amount up to, som"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    date_from = date_filter(_("Date from"))
    date_to = date_filter(_("Date up to"))
    status = forms.ChoiceField(
        label=pgettext_lazy("transaction", "Status"),
        required=False,
        choices=[("", _("any")), *Transaction.Status.choices],
    )
    order = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[
            ("-date", _("newest first")),
            ("date", _("oldest first")),
            ("-amount", _("largest first")),
            ("amount", _("smallest first")),
        ],
    )


class ContributionQuery(TransactionQuery):
    kind = forms.ChoiceField(label=_("Donor"), required=False, choices=_choices(DONOR_KINDS))
    method = forms.ChoiceField(label=_("Paid by"), required=False, choices=_choices(METHODS))
    rule = forms.CharField(label=_("Finding (rule code)"), required=False, max_length=40)


class ExpenditureQuery(TransactionQuery):
    name = forms.CharField(label=_("Paid to"), required=False, max_length=200)
    category = forms.ChoiceField(label=_("Category"), required=False, choices=_choices(CATEGORIES))
    method = forms.ChoiceField(label=_("Paid by"), required=False, choices=_choices(METHODS))


def standing_versions(*, election: Election | None = None, fund: Fund | None = None) -> list[int]:
    """The standing versions of one fund or of every fund of an election (one query). A
    list of ids, not a subquery: with the ids written out, the database can sort a million
    rows by keeping only the page it is asked for."""
    versions = ReportVersion.objects.standing()
    if fund is not None:
        versions = versions.filter(report__fund=fund)
    else:
        versions = versions.filter(report__fund__election=election)
    return list(versions.values_list("pk", flat=True))


def _name_filter(field: str, text: str) -> Q | None:
    """Every word of the name's key in the row's key: word order and script do not matter."""
    words = name_key(text).split()
    if not words:
        return None
    condition = Q()
    for word in words:
        condition &= Q(**{f"{field}__contains": word})
    return condition


def _named(found: QuerySet[Any], field: str, text: str) -> QuerySet[Any]:
    """The rows whose name key holds every word of `text`; none for punctuation alone."""
    names = _name_filter(field, text)
    if names is not None:
        return found.filter(names)
    return found.none() if text.strip() else found


def _common(found: QuerySet[Any], data: dict[str, Any], table: str) -> QuerySet[Any]:
    return common_filter(found, data, table).order_by(
        *ORDERS.get(data.get("order") or "-date", ORDERS["-date"])
    )


def common_filter(found: QuerySet[Any], data: dict[str, Any], table: str) -> QuerySet[Any]:
    """The filters both tables share: amounts, dates, method, three-way status."""
    if data.get("amount_min") is not None:
        found = found.filter(amount__gte=data["amount_min"])
    if data.get("amount_max") is not None:
        found = found.filter(amount__lte=data["amount_max"])
    if data.get("date_from"):
        found = found.filter(date__gte=data["date_from"])
    if data.get("date_to"):
        found = found.filter(date__lte=data["date_to"])
    if data.get("method"):
        found = found.filter(method=data["method"])
    if data.get("status"):
        matched = Transaction.objects.filter(status=data["status"], **{f"{table}__isnull": False})
        found = found.filter(pk__in=matched.values(table))
    return found


def contributions(versions: list[int], data: dict[str, Any]) -> QuerySet[Contribution]:
    """The standing rows of `versions` that answer the query."""
    found = contribution_filter(Contribution.objects.filter(version__in=versions), data)
    return _common(found, data, "contribution")


def contribution_filter(found: QuerySet[Contribution], data: dict[str, Any]) -> QuerySet[Any]:
    """The contributions that answer the query's own fields (name, kind, rule)."""
    found = _named(found, "donor_key", data.get("name") or "")
    if data.get("kind"):
        found = found.filter(donor_kind=data["kind"])
    if data.get("rule"):
        flagged = Finding.objects.filter(
            fund=OuterRef("version__report__fund"),
            source="contribution",
            rule=data["rule"].strip().upper(),
            active=True,
            line=Cast(OuterRef("line"), CharField()),
        )
        found = found.filter(Exists(flagged))
    return found


def expenditures(versions: list[int], data: dict[str, Any]) -> QuerySet[Expenditure]:
    found = expenditure_filter(Expenditure.objects.filter(version__in=versions), data)
    return _common(found, data, "expenditure")


def expenditure_filter(found: QuerySet[Expenditure], data: dict[str, Any]) -> QuerySet[Any]:
    """The expenditures that answer the query's own fields (payee, category)."""
    found = _named(found, "payee_key", data.get("name") or "")
    if data.get("category"):
        found = found.filter(category=data["category"])
    return found


@dataclass(frozen=True)
class Row:
    """A listed row with its reconciliation status (None before any bank statement) and the
    party whose fund filed it (None for a candidate's own fund)."""

    item: Contribution | Expenditure
    status: Transaction | None
    party: Party | None
    donor_ref: str | None = None  # the donor's public id, for a contribution that has one


def page_of(found: QuerySet[Any], number: str | None, table: str) -> tuple[Page[Any], list[Row]]:
    """One page of rows, and their statuses and parties in two more queries. The rows are
    selected alone (no joins), so the database can keep only the page's rows while it sorts
    a million."""
    page = Paginator(found, PAGE_SIZE).get_page(number)
    return page, rows_of(list(page.object_list), table)


def rows_of(items: list[Any], table: str) -> list[Row]:
    """The rows with their reconciliation statuses, parties and, for contributions, the
    donors' public ids (three queries)."""
    found = Transaction.objects.filter(**{f"{table}__in": [i.pk for i in items]})
    statuses = {getattr(t, f"{table}_id"): t for t in found.select_related("bank_line")}
    versions = ReportVersion.objects.filter(pk__in={i.version_id for i in items})
    parties = {v.pk: v.report.fund.party for v in versions.select_related("report__fund__party")}
    refs = donor_refs(i.donor_id for i in items) if table == "contribution" and items else {}
    return [
        Row(
            item,
            statuses.get(item.pk),
            parties.get(item.version_id),
            refs.get(getattr(item, "donor_id", "")),
        )
        for item in items
    ]
