"""`GET elections/{election}/findings`: the findings the commission has confirmed, for the
public. Open findings are not published one by one (an auditor has not looked yet); their
number per fund is, in `open_by_fund` of the first page. No evidence is published: it holds
register data (PINs, birth dates). The explanation is the public one (`public.py`): what the
party filed and what the rule says, never what a register holds about a private person.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from talapker.compliance.models import Finding, Review
from talapker.compliance.public import public_explanations
from talapker.compliance.registry import load_rules
from talapker.core.api.exports import RENDERERS, ExportMixin
from talapker.core.api.pagination import StableCursorPagination
from talapker.core.api.serializers import TextsSerializer
from talapker.core.pseudonyms import fund_public_code
from talapker.elections.models import Election
from talapker.funds.models import Fund


class FindingSerializer(serializers.ModelSerializer):
    fund = serializers.SerializerMethodField(
        help_text=_("The public id of the fund the finding is about.")
    )
    still_found = serializers.BooleanField(
        source="active",
        help_text=_(
            "Whether the latest screening still finds it; a finding no longer found (the "
            "report was corrected, the money refunded) stays listed."
        ),
    )
    title = serializers.SerializerMethodField(help_text=_("What the rule checks."))
    explanation = serializers.SerializerMethodField(
        help_text=_("What the party filed and what the rule says, without register facts.")
    )
    line = serializers.CharField(
        help_text=_("The row the finding is about: its line in the report or the statement.")
    )

    class Meta:
        model = Finding
        fields = [
            "rule", "title", "severity", "fund", "source", "line", "amount", "explanation",
            "reviewed_at", "still_found",
        ]  # fmt: skip
        extra_kwargs = {
            "rule": {"help_text": _("The rule's code (docs/rules.md).")},
            "severity": {"help_text": _("violation, warning or notice.")},
            "source": {
                "help_text": _(
                    "What the finding is about: contribution, expenditure, bank, ad, report "
                    "or fund."
                )
            },
            "amount": {"help_text": _("The amount at issue, som; empty when there is none.")},
            "reviewed_at": {"help_text": _("When an auditor confirmed it.")},
        }

    @extend_schema_field(OpenApiTypes.STR)
    def get_fund(self, finding: Finding) -> str:
        """The fund's public id: a candidate's fund code is a PIN (core/pseudonyms.py)."""
        party = finding.fund.party
        return fund_public_code(finding.fund.code, party.code if party else None)

    @extend_schema_field(TextsSerializer)
    def get_title(self, finding: Finding) -> dict[str, str]:
        return load_rules()[finding.rule].titles()

    @extend_schema_field(TextsSerializer)
    def get_explanation(self, finding: Finding) -> dict[str, str]:
        return public_explanations(finding)


class FindingFilter(django_filters.FilterSet):
    fund = django_filters.CharFilter(method="filter_fund", help_text=_("A fund's public id."))
    still_found = django_filters.BooleanFilter(
        field_name="active", help_text=_("Whether the latest screening still finds it.")
    )

    class Meta:
        model = Finding
        fields = ["rule", "severity", "source"]

    def filter_fund(self, queryset: QuerySet[Finding], name: str, value: str) -> Any:
        if not value.startswith("candidate-"):
            return queryset.filter(fund__party__code=value)
        wanted = [
            fund.pk
            for fund in Fund.objects.filter(party__isnull=True, findings__in=queryset).distinct()
            if fund_public_code(fund.code, None) == value
        ]
        return queryset.filter(fund__in=wanted)


class FindingPagination(StableCursorPagination):
    """Pages of findings; the first page also carries `open_by_fund` (FindingList.list)."""

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        page = super().get_paginated_response_schema(schema)
        page["properties"]["open_by_fund"] = {
            "type": "object",
            "additionalProperties": {"type": "integer"},
            "description": "On the first page only (no cursor): the number of findings per "
            "fund (by the fund's public id) that still wait for an auditor's review.",
            "example": {"ata-jurt": 3},
        }
        return page


class FindingList(ExportMixin, generics.ListAPIView):
    """Confirmed findings of an election, those no longer found included (`still_found`);
    filters `rule`, `severity`, `source`, `fund`, `still_found`."""

    queryset = Finding.objects.none()
    serializer_class = FindingSerializer
    filterset_class = FindingFilter
    pagination_class = FindingPagination
    renderer_classes = RENDERERS
    export_name = "findings"

    def get_queryset(self) -> QuerySet[Finding]:
        if getattr(self, "swagger_fake_view", False):
            return Finding.objects.none()
        election = get_object_or_404(Election, code=self.kwargs["election"])
        return (
            Finding.objects.public()
            .filter(election=election, review=Review.CONFIRMED)
            .select_related("fund__party")
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)
        data = getattr(response, "data", None)  # a CSV export streams, with no data
        if isinstance(data, dict) and not request.query_params.get("cursor"):
            election = get_object_or_404(Election, code=kwargs["election"])
            counts = (
                Finding.objects.public()
                .filter(election=election, active=True, review=Review.OPEN)
                .values("fund__code", "fund__party__code")
                .annotate(n=Count("id"))
                .order_by("fund__code")
            )
            data["open_by_fund"] = {
                fund_public_code(row["fund__code"], row["fund__party__code"]): row["n"]
                for row in counts
            }
        return response
