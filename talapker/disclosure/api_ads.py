"""`elections/{election}/ads`: the election's political ads as the ad libraries export them,
with spend in som, the payer's kind from the register match and each ad's confirmed
findings; the filters of the ads page (ad_list.py), so the page and the API answer the same
question the same way.

No PIN: a payer is its name as the library exports it (the library publishes it, a private
person's included) and its kind; the PIN the payer match found stays in the database for
the rules. Rows are read as values, the findings of the election's ads in one query, so an
export is a fixed number of queries.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import django_filters
from django.db.models import F, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from rest_framework import generics, serializers

from talapker.ads.models import Ad, PayerKind
from talapker.core.api.exports import RENDERERS, ExportMixin
from talapker.core.api.filters import DeclaredFilterSet
from talapker.core.api.pagination import StableCursorPagination
from talapker.disclosure import ad_list
from talapker.elections.models import Election


def _money(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


class AdSerializer(serializers.Serializer):
    """An ad read as values; `to_representation` maps it in one step."""

    ad_id = serializers.CharField(help_text=_("The ad's id in its ad library."))
    platform = serializers.CharField(
        help_text=_("Where the ad ran, as exported (facebook, instagram, youtube…).")
    )
    page_name = serializers.CharField(help_text=_("The page or advertiser that ran the ad."))
    payer = serializers.CharField(
        help_text=_(
            "Who paid for the ad, as the library names it (a private person too: the library "
            "publishes the name); never a personal number."
        )
    )
    payer_kind = serializers.ChoiceField(
        choices=PayerKind.choices,
        help_text=_(
            "The payer found in the registers: party (the party itself), legal_entity, "
            "person, or unmatched."
        ),
    )
    party = serializers.CharField(help_text=_("The code of the party the ad promotes."))
    start_date = serializers.DateField(help_text=_("The first day the ad was shown."))
    end_date = serializers.DateField(
        allow_null=True, help_text=_("The last day the ad was shown; empty while it runs.")
    )
    spend_lower = serializers.DecimalField(
        max_digits=16, decimal_places=2, help_text=_("Spend at least, as exported, in currency.")
    )
    spend_upper = serializers.DecimalField(
        max_digits=16, decimal_places=2, help_text=_("Spend at most, as exported, in currency.")
    )
    currency = serializers.CharField(help_text=_("The currency of the exported spend (ISO 4217)."))
    spend_lower_kgs = serializers.DecimalField(
        max_digits=16,
        decimal_places=2,
        help_text=_("Spend at least in som, at the official rate of the start date."),
    )
    spend_upper_kgs = serializers.DecimalField(
        max_digits=16,
        decimal_places=2,
        help_text=_("Spend at most in som, at the official rate of the start date."),
    )
    impressions_lower = serializers.IntegerField(
        allow_null=True, help_text=_("Impressions at least, as exported; empty if not given.")
    )
    impressions_upper = serializers.IntegerField(
        allow_null=True, help_text=_("Impressions at most, as exported; empty if not given.")
    )
    findings = serializers.CharField(
        help_text=_(
            "The rule codes of the confirmed findings on this ad, separated by spaces; empty "
            "when it has none."
        )
    )

    def to_representation(self, instance: Any) -> dict[str, Any]:
        row = instance
        rules: dict[str, list[str]] = self._context.get("findings", {})
        return {
            "ad_id": row["ad_id"],
            "platform": row["platform"],
            "page_name": row["page_name"],
            "payer": row["payer"],
            "payer_kind": row["payer_kind"],
            "party": row["party_code"],
            "start_date": row["start_date"].isoformat(),
            "end_date": row["end_date"].isoformat() if row["end_date"] else None,
            "spend_lower": _money(row["spend_lower"]),
            "spend_upper": _money(row["spend_upper"]),
            "currency": row["currency"],
            "spend_lower_kgs": _money(row["spend_lower_kgs"]),
            "spend_upper_kgs": _money(row["spend_upper_kgs"]),
            "impressions_lower": row["impressions_lower"],
            "impressions_upper": row["impressions_upper"],
            "findings": " ".join(rules.get(row["ad_id"], [])),
        }


class AdFilter(DeclaredFilterSet):
    """The ads page's search as query parameters; applied together by ad_list.ad_filter."""

    party = django_filters.CharFilter(method="_nothing", help_text=_("A party's code."))
    platform = django_filters.CharFilter(
        method="_nothing", help_text=_("A platform as exported (facebook, instagram…).")
    )
    payer_kind = django_filters.ChoiceFilter(
        method="_choice", choices=PayerKind.choices, help_text=_("The payer's kind.")
    )
    payer = django_filters.CharFilter(
        method="_nothing",
        help_text=_("Every word in the payer's name as exported, in any script and case."),
    )
    date_from = django_filters.DateFilter(
        method="_date", help_text=_("Shown on or after (YYYY-MM-DD).")
    )
    date_to = django_filters.DateFilter(
        method="_date", help_text=_("Started on or before (YYYY-MM-DD).")
    )
    spend_min = django_filters.NumberFilter(
        method="_number",
        help_text=_("Ads whose spend may have reached this sum (the upper bound)."),
    )
    rule = django_filters.CharFilter(
        method="_nothing", help_text=_("Ads with a confirmed finding of this rule code.")
    )

    class Meta:
        model = Ad
        fields: list[str] = []

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        data = self.given()
        election = getattr(self.request, "ads_election", None) if self.request else None
        if election is None:
            return queryset.none()
        return ad_list.ad_filter(election, queryset, data)


class AdPagination(StableCursorPagination):
    ordering = ("id",)


class AdList(ExportMixin, generics.ListAPIView):
    """The election's political ads, oldest stored first; filters as the ads page."""

    serializer_class = AdSerializer
    filterset_class = AdFilter
    pagination_class = AdPagination
    renderer_classes = RENDERERS
    export_name = "ads"

    def initial(self, request: Any, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        self.election = get_object_or_404(Election, code=kwargs["election"])
        request.ads_election = self.election  # the filter set reads it

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):
            return Ad.objects.none()
        return (
            Ad.objects.filter(election=self.election)
            .values(
                "id",
                "ad_id",
                "platform",
                "page_name",
                "payer",
                "payer_kind",
                "start_date",
                "end_date",
                "spend_lower",
                "spend_upper",
                "currency",
                "spend_lower_kgs",
                "spend_upper_kgs",
                "impressions_lower",
                "impressions_upper",
                party_code=F("party__code"),
            )
            .order_by("id")
        )

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        election = getattr(self, "election", None)
        if election is not None:
            context["findings"] = ad_list.findings_of(election)
        return context
