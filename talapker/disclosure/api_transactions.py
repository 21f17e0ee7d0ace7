"""`elections/{election}/contributions` and `…/expenditures`: every row of every fund's
standing report (the current final report, else the current interim one: an amended report
never counts twice), with the filters of the finance pages' searches (transactions.py), so
a page's search and the API's answer the same question the same way.

No PIN: a donor is given by the name and kind as filed and the public id (decision 0010); a
payee by the name. Rows are read as values with their fund, report, reconciliation status
and donor id joined in SQL, so a million rows stream without a query per row or a model
object per row; `to_representation` is a plain mapping for the same reason.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import F, OuterRef, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import generics, serializers

from talapker.banking.models import Transaction
from talapker.core.api.exports import RENDERERS, ExportMixin
from talapker.core.api.filters import DeclaredFilterSet
from talapker.core.api.pagination import StableCursorPagination
from talapker.core.identifiers import mask_long_numbers
from talapker.disclosure import transactions
from talapker.disclosure.models import Donor
from talapker.disclosure.public_ids import fund_public_code
from talapker.elections.models import Election
from talapker.filings.formats.model import CATEGORIES, DONOR_KINDS, METHODS
from talapker.filings.models import Contribution, Expenditure, ReportVersion
from talapker.funds.models import Fund

# Stand for the party and the line in a page address made once per request.
PARTY = "party-placeholder"
PLACEHOLDER = 999_999_999

_SHARED = {
    "party": _("The code of the party whose fund filed the row; empty for a candidate's fund."),
    "fund": _("The fund's public id: the party's code, or candidate- and a pseudonym."),
    "report": _("The kind of the report the row is in: interim or final."),
    "version": _("The number of the report's version (1 for the first filing)."),
    "line": _("The row's line in the report's table."),
    "date": _("The day of the payment, as filed."),
    "amount": _("The amount in som, exact to the tyiyn."),
    "method": _("How it was paid: bank, cash or in_kind."),
    "status": _(
        "The three-way check of report, bank statement and signed scan: agrees, differs or "
        "pending; empty before any bank statement."
    ),
    "description": _("The row's description as filed, long numbers masked."),
    "url": _("The row's public page, with its provenance."),
}


class _RowSerializer(serializers.Serializer):
    """A row read as values: fields are declared for the OpenAPI document and the files'
    columns; the mapping itself is done by `to_representation` in one step (and reads the
    serializer's own `_context`: the `context` property walks up to the root each time)."""

    party = serializers.CharField(allow_null=True, help_text=_SHARED["party"])
    fund = serializers.CharField(help_text=_SHARED["fund"])
    report = serializers.CharField(help_text=_SHARED["report"])
    version = serializers.IntegerField(help_text=_SHARED["version"])
    line = serializers.IntegerField(help_text=_SHARED["line"])
    date = serializers.DateField(help_text=_SHARED["date"])

    page_name = ""

    def _head(self, row: dict[str, Any]) -> dict[str, Any]:
        fund, party = self._context["funds"].get(row["fund_id"], ("", None))
        return {
            "party": party,
            "fund": fund,
            "report": row["report_kind"],
            "version": row["version_number"],
            "line": row["line"],
            "date": row["date"].isoformat(),
        }

    def _tail(self, row: dict[str, Any]) -> dict[str, Any]:
        pages: dict[int, str] = self._context.get("pages", {})
        page = pages.get(row["fund_id"])
        description = row["description"]
        return {
            "amount": format(row["amount"], "f"),
            "method": row["method"],
            "status": row["status"] or "",
            "description": mask_long_numbers(description) if description else "",
            "url": f"{page}{row['line']}/" if page else None,
        }


def _tail_fields() -> tuple[serializers.Field[Any, Any, Any, Any], ...]:
    """The fields both tables end with, made where a serializer declares them: fields keep
    the order they are made in, and these come after each table's own."""
    return (
        serializers.DecimalField(max_digits=16, decimal_places=2, help_text=_SHARED["amount"]),
        serializers.ChoiceField(choices=METHODS, help_text=_SHARED["method"]),
        serializers.CharField(help_text=_SHARED["status"]),
        serializers.CharField(help_text=_SHARED["description"]),
        serializers.URLField(allow_null=True, help_text=_SHARED["url"]),
    )


class ContributionSerializer(_RowSerializer):
    donor_name = serializers.CharField(help_text=_("The donor's name as filed."))
    donor_kind = serializers.ChoiceField(
        choices=DONOR_KINDS,
        help_text=_("individual, legal_entity, party_own or candidate_own, as filed."),
    )
    donor_ref = serializers.CharField(
        allow_null=True,
        help_text=_(
            "The donor's public id, the same in every fund and election (a keyed hash of "
            "the PIN or INN); empty when the filed id identifies no one."
        ),
    )
    amount, method, status, description, url = _tail_fields()

    def to_representation(self, instance: Any) -> dict[str, Any]:
        return {
            **self._head(instance),
            "donor_name": instance["donor_name"],
            "donor_kind": instance["donor_kind"],
            "donor_ref": instance["donor_ref"],
            **self._tail(instance),
        }


class ExpenditureSerializer(_RowSerializer):
    payee_name = serializers.CharField(help_text=_("Whom it was paid to, as filed."))
    category = serializers.ChoiceField(
        choices=CATEGORIES, help_text=_("The spending category (formats.md, section 4).")
    )
    amount, method, status, description, url = _tail_fields()

    def to_representation(self, instance: Any) -> dict[str, Any]:
        return {
            **self._head(instance),
            "payee_name": instance["payee_name"],
            "category": instance["category"],
            **self._tail(instance),
        }


class _TransactionFilter(DeclaredFilterSet):
    """The finance pages' search as query parameters. The filters are declared for the form
    (its checking) and the OpenAPI document; `filter_queryset` applies them together through
    transactions.py, as the pages do."""

    fund = django_filters.CharFilter(
        method="_nothing", help_text=_("A fund's public id (a party's code).")
    )
    amount_min = django_filters.NumberFilter(method="_number", help_text=_("At least, som."))
    amount_max = django_filters.NumberFilter(method="_number", help_text=_("At most, som."))
    date_from = django_filters.DateFilter(method="_date", help_text=_("On or after (YYYY-MM-DD)."))
    date_to = django_filters.DateFilter(method="_date", help_text=_("On or before (YYYY-MM-DD)."))
    method = django_filters.ChoiceFilter(
        method="_choice", choices=[(m, m) for m in METHODS], help_text=_("How it was paid.")
    )
    status = django_filters.ChoiceFilter(
        method="_choice",
        choices=Transaction.Status.choices,
        help_text=_("The three-way check's result."),
    )

    table = ""

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        data = self.given()
        # `fund` is applied by the view, in the versions it reads (_TransactionList._versions).
        return transactions.common_filter(self._own(queryset, data), data, self.table)

    def _own(self, queryset: QuerySet[Any], data: dict[str, Any]) -> QuerySet[Any]:
        raise NotImplementedError


class ContributionFilter(_TransactionFilter):
    name = django_filters.CharFilter(
        method="_nothing",
        help_text=_("Every word in the donor's name as filed, in any script and case."),
    )
    donor = django_filters.CharFilter(method="_nothing", help_text=_("A donor's public id."))
    kind = django_filters.ChoiceFilter(
        method="_choice", choices=[(k, k) for k in DONOR_KINDS], help_text=_("The donor kind.")
    )
    rule = django_filters.CharFilter(
        method="_nothing", help_text=_("Rows with a finding of this rule code.")
    )
    table = "contribution"

    class Meta:
        model = Contribution
        fields: list[str] = []

    def _own(self, queryset: QuerySet[Any], data: dict[str, Any]) -> QuerySet[Any]:
        if "donor" in data:
            numbers = Donor.objects.filter(ref=data["donor"].strip().lower()).values("donor_id")
            queryset = queryset.filter(donor_id__in=numbers)
        return transactions.contribution_filter(queryset, data)


class ExpenditureFilter(_TransactionFilter):
    name = django_filters.CharFilter(
        method="_nothing",
        help_text=_("Every word in the payee's name as filed, in any script and case."),
    )
    category = django_filters.ChoiceFilter(
        method="_choice", choices=[(c, c) for c in CATEGORIES], help_text=_("The category.")
    )
    table = "expenditure"

    class Meta:
        model = Expenditure
        fields: list[str] = []

    def _own(self, queryset: QuerySet[Any], data: dict[str, Any]) -> QuerySet[Any]:
        return transactions.expenditure_filter(queryset, data)


class TransactionPagination(StableCursorPagination):
    ordering = ("id",)


class _TransactionList(ExportMixin, generics.ListAPIView):
    pagination_class = TransactionPagination
    renderer_classes = RENDERERS
    model: type[Contribution] | type[Expenditure] = Contribution
    columns: tuple[str, ...] = ()
    page_name = ""

    def initial(self, request: Any, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        self.election = get_object_or_404(Election, code=kwargs["election"])
        funds = Fund.objects.filter(election=self.election).values_list("id", "code", "party__code")
        self.funds = {pk: (fund_public_code(code, party), party) for pk, code, party in funds}

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        versions = self._versions()
        table = self.model.__name__.lower()
        status = (
            Transaction.objects.filter(**{table: OuterRef("pk")}).order_by().values("status")[:1]
        )
        return (
            self.model.objects.filter(version__in=versions)
            .values(
                "id",
                "line",
                "date",
                "amount",
                "method",
                "description",
                *self.columns,
                fund_id=F("version__report__fund_id"),
                report_kind=F("version__report__kind"),
                version_number=F("version__number"),
                status=Subquery(status),
            )
            .order_by("id")
        )

    def _versions(self) -> list[int]:
        """The standing versions the rows come from: one fund's alone when `fund` is asked
        for, so the database reads that version's rows in order and stops at the page,
        instead of sorting the election's million."""
        wanted = (self.request.query_params.get("fund") or "").strip()
        if not wanted:
            return transactions.standing_versions(election=self.election)
        ids = [pk for pk, (code, _party) in self.funds.items() if code == wanted]
        return list(
            ReportVersion.objects.standing()
            .filter(report__fund__in=ids)
            .values_list("pk", flat=True)
        )

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        election = self.kwargs.get("election")
        context["funds"] = getattr(self, "funds", {})
        if election:  # not for the OpenAPI document
            path = reverse(
                f"disclosure:{self.page_name}",
                kwargs={"election": election, "party": PARTY, "line": PLACEHOLDER},
            )
            # Each fund's row address but for the line, made once, not once a row.
            stem = self.request.build_absolute_uri(path).removesuffix(f"{PLACEHOLDER}/")
            context["pages"] = {
                pk: stem.replace(PARTY, party)
                for pk, (_code, party) in context["funds"].items()
                if party
            }
        return context


class ContributionList(_TransactionList):
    """The election's contributions, from every fund's standing report, oldest stored first;
    filters as the finance pages' search."""

    serializer_class = ContributionSerializer
    filterset_class = ContributionFilter
    model = Contribution
    columns = ("donor_name", "donor_kind")
    export_name = "contributions"
    page_name = "contribution"

    def get_queryset(self) -> QuerySet[Any]:
        found = super().get_queryset()
        if getattr(self, "swagger_fake_view", False):
            return found
        ref = Donor.objects.filter(donor_id=OuterRef("donor_id")).order_by().values("ref")[:1]
        return found.annotate(donor_ref=Subquery(ref))


class ExpenditureList(_TransactionList):
    """The election's expenditures, from every fund's standing report; filters as the
    finance pages' search."""

    serializer_class = ExpenditureSerializer
    filterset_class = ExpenditureFilter
    model = Expenditure
    columns = ("payee_name", "category")
    export_name = "expenditures"
    page_name = "expenditure"
