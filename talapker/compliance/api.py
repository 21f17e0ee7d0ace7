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
from drf_spectacular.utils import extend_schema_field
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from talapker.compliance.models import Finding, Review
from talapker.compliance.public import public_explanations
from talapker.compliance.registry import load_rules
from talapker.core.api.exports import RENDERERS, CSVExportMixin
from talapker.core.api.pagination import StableCursorPagination
from talapker.core.api.serializers import TextsSerializer
from talapker.elections.models import Election


class FindingSerializer(serializers.ModelSerializer):
    fund = serializers.CharField(source="fund.code")
    title = serializers.SerializerMethodField()
    explanation = serializers.SerializerMethodField()
    line = serializers.CharField()

    class Meta:
        model = Finding
        fields = [
            "rule", "title", "severity", "fund", "source", "line", "amount", "explanation",
            "reviewed_at",
        ]  # fmt: skip

    @extend_schema_field(TextsSerializer)
    def get_title(self, finding: Finding) -> dict[str, str]:
        return load_rules()[finding.rule].titles()

    @extend_schema_field(TextsSerializer)
    def get_explanation(self, finding: Finding) -> dict[str, str]:
        return public_explanations(finding)


class FindingFilter(django_filters.FilterSet):
    fund = django_filters.CharFilter(field_name="fund__code")

    class Meta:
        model = Finding
        fields = ["rule", "severity", "source"]


class FindingPagination(StableCursorPagination):
    """Pages of findings; the first page also carries `open_by_fund` (FindingList.list)."""

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        page = super().get_paginated_response_schema(schema)
        page["properties"]["open_by_fund"] = {
            "type": "object",
            "additionalProperties": {"type": "integer"},
            "description": "On the first page only (no cursor): the number of findings per "
            "fund (by fund code) that still wait for an auditor's review.",
            "example": {"ata-jurt": 3},
        }
        return page


class FindingList(CSVExportMixin, generics.ListAPIView):
    """Confirmed findings of an election; filters `rule`, `severity`, `source`, `fund`."""

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
        return Finding.objects.filter(
            election=election, active=True, review=Review.CONFIRMED
        ).select_related("fund")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)
        data = getattr(response, "data", None)  # a CSV export streams, with no data
        if isinstance(data, dict) and not request.query_params.get("cursor"):
            election = get_object_or_404(Election, code=kwargs["election"])
            counts = (
                Finding.objects.filter(election=election, active=True, review=Review.OPEN)
                .values("fund__code")
                .annotate(n=Count("id"))
                .order_by("fund__code")
            )
            data["open_by_fund"] = {row["fund__code"]: row["n"] for row in counts}
        return response
