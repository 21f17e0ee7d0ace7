"""`GET elections/{election}/donors`: every donor of an election under their pseudonym, with
what they gave (interfaces.md: "pseudonymous donor ids, totals").

One row per donor however many spellings and funds: summed from the kept per-fund rows
(`FundDonor`), grouped by donor in the order of an index, so a page reads about as many rows
as it shows. A person is known by `ref` and the name as filed only; an INN is given for a
legal entity or a party, unless the number is a person's (a sole trader's INN is their PIN).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import django_filters
from django.db import models
from django.db.models import (
    Case,
    Count,
    Exists,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import generics, serializers
from rest_framework.request import Request

from talapker.core.api.exports import RENDERERS, ExportMixin
from talapker.core.api.pagination import StableCursorPagination
from talapker.core.names import entity_name_key, name_key
from talapker.core.planner import planner_settings
from talapker.disclosure.donors import ENTITY_KINDS
from talapker.disclosure.models import FundDonor
from talapker.elections.models import Election
from talapker.filings.formats.model import DONOR_KINDS
from talapker.registers.models import LegalEntity, LegalForm, Person

CENTS = Decimal(100)
PLACEHOLDER = "ref0placeholder0"  # a slug no ref can be: refs are [a-z2-7]


class Joined(models.Aggregate):
    """The distinct values of a group joined by ',' (GROUP_CONCAT, STRING_AGG)."""

    function = "GROUP_CONCAT"
    template = "%(function)s(DISTINCT %(expressions)s)"
    output_field = models.TextField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template="%(function)s(DISTINCT %(expressions)s, ',')",
            **extra,
        )


def _som(cents: int) -> str:
    return f"{(Decimal(cents) / CENTS).quantize(Decimal('0.01'))}"


class DonorSerializer(serializers.Serializer):
    ref = serializers.CharField(
        source="donor_ref",
        help_text=_(
            "The donor's public id, the same in every fund and election (a keyed hash of "
            "the PIN or INN)."
        ),
    )
    kind = serializers.CharField(
        source="filed_kind",
        help_text=_("individual, legal_entity, party_own or candidate_own, as filed."),
    )
    name = serializers.CharField(
        source="filed_name", help_text=_("One of the donor's names as filed.")
    )
    inn = serializers.SerializerMethodField(
        help_text=_("The INN of a legal entity or party; never a person's number.")
    )
    total = serializers.SerializerMethodField(
        help_text=_("What the donor gave across every fund, som.")
    )
    contributions = serializers.IntegerField(
        source="gift_count", help_text=_("The number of the donor's contributions.")
    )
    funds = serializers.IntegerField(
        source="fund_count", help_text=_("The number of funds the donor gave to.")
    )
    parties = serializers.SerializerMethodField(
        help_text=_("The codes of the parties whose funds the donor gave to, comma-separated.")
    )
    page = serializers.SerializerMethodField(help_text=_("The donor's public page."))

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_inn(self, row: dict[str, Any]) -> str | None:
        """The INN of a legal entity or party; never a person's number."""
        if row["filed_kind"] in ENTITY_KINDS and not row["personal"]:
            return str(row["donor_number"])
        return None

    # A decimal as a string, exact (as DRF writes a DecimalField): not OpenApiTypes.DECIMAL,
    # which the document would declare a JSON number.
    @extend_schema_field(serializers.DecimalField(max_digits=16, decimal_places=2))
    def get_total(self, row: dict[str, Any]) -> str:
        return _som(row["total_cents"])

    @extend_schema_field(OpenApiTypes.STR)
    def get_parties(self, row: dict[str, Any]) -> str:
        """The codes of the parties whose funds it gave to, comma-separated (a fund without
        a party, a candidate's, is counted in `funds` and named here by nothing: its code
        is the candidate's PIN)."""
        return ",".join(sorted(code for code in (row["party_codes"] or "").split(",") if code))

    @extend_schema_field(OpenApiTypes.URI)
    def get_page(self, row: dict[str, Any]) -> str:
        """The donor's page, in the language of the request."""
        return str(self.context["donor_page"]).replace(PLACEHOLDER, row["donor_ref"])


def _som_to_cents(value: Decimal) -> int:
    return int(value * CENTS)


class DonorFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        method="filter_kind", choices=[(k, k) for k in DONOR_KINDS], label="donor kind as filed"
    )
    name = django_filters.CharFilter(
        method="filter_name", label="name contains (any spelling as filed, any script and case)"
    )
    min_total = django_filters.NumberFilter(method="filter_min", label="total at least, som")
    max_total = django_filters.NumberFilter(method="filter_max", label="total at most, som")

    class Meta:
        model = FundDonor
        fields: list[str] = []

    def filter_kind(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(filed_kind=value)

    def filter_name(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        """Donors any of whose spellings holds every word of the name's key: Cyrillic and
        Latin spellings, and any case, meet (core/names.py). A company's legal form is left
        out, as the kept keys of companies leave it out."""
        words = (entity_name_key(value) or name_key(value)).split()
        if not words:
            return queryset.none()
        condition = Q()
        for word in words:
            condition &= Q(name_keys__contains=word)
        matching = FundDonor.objects.filter(
            condition, donor=OuterRef("donor"), election=OuterRef("election")
        )
        return queryset.filter(Exists(matching))

    def filter_min(self, queryset: QuerySet[Any], name: str, value: Decimal) -> QuerySet[Any]:
        return queryset.filter(total_cents__gte=_som_to_cents(value))

    def filter_max(self, queryset: QuerySet[Any], name: str, value: Decimal) -> QuerySet[Any]:
        return queryset.filter(total_cents__lte=_som_to_cents(value))


def _personal() -> Max:
    """1 when a donor filed as an entity holds a person's number (a PIN of the population
    register, or a sole trader's INN, which is their PIN), else 0. Looked up for the rows of
    entities alone, one index probe each: `LIMIT 1` keeps PostgreSQL from hashing the whole
    population register instead, as it would for an EXISTS."""
    number = OuterRef("donor__donor_id")
    one = {"one": Value(1)}
    person = Person.objects.filter(pin=number).values(**one)[:1]
    trader = LegalEntity.objects.filter(inn=number, legal_form=LegalForm.SOLE_TRADER)
    found = Coalesce(Subquery(person), Subquery(trader.values(**one)[:1]), Value(0))
    return Max(Case(When(kind__in=ENTITY_KINDS, then=found), default=Value(0)))


class DonorPagination(StableCursorPagination):
    """In the order of the donors' kept rows: an index range, never a sort of them all."""

    ordering = ("donor",)


class DonorList(ExportMixin, generics.ListAPIView):
    """The election's donors under their public ids: kind and name as filed, the INN of a
    legal entity, the total, the number of contributions and funds; filters `kind`, `name`,
    `min_total`, `max_total` (som)."""

    queryset = FundDonor.objects.none()
    serializer_class = DonorSerializer
    filterset_class = DonorFilter
    pagination_class = DonorPagination
    renderer_classes = RENDERERS
    export_name = "donors"

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):
            return FundDonor.objects.none()
        election = get_object_or_404(Election, code=self.kwargs["election"])
        return (
            FundDonor.objects.filter(election=election)
            .values("donor")  # grouped by the donor alone: the index's order, streamed
            .annotate(
                donor_ref=Min("donor__ref"),
                donor_number=Min("donor__donor_id"),
                filed_kind=Max("kind"),
                filed_name=Min("name"),
                total_cents=Sum("cents"),
                gift_count=Sum("gifts"),
                fund_count=Count("id"),
                party_codes=Joined("fund__party__code"),
                personal=_personal(),
            )
            .order_by("donor")
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        """Without JIT on PostgreSQL: a filter on the totals makes the planner expect few
        rows and price the page high, and it would compile the query for longer (0.3 s)
        than the page takes to read (5 ms). A CSV export streams after this returns."""
        with planner_settings({"jit": "off"}):
            return super().list(request, *args, **kwargs)

    def get_serializer_context(self) -> dict[str, Any]:
        """The address of a donor's page, made once: reversing it for each of a million
        rows of an export would cost more than the rows themselves."""
        context = dict(super().get_serializer_context())
        election = self.kwargs.get("election")
        if election:  # not when the OpenAPI document is made
            path = reverse("disclosure:donor", kwargs={"election": election, "ref": PLACEHOLDER})
            context["donor_page"] = self.request.build_absolute_uri(path)
        return context
