"""`GET elections/{election}/changes?since=T`: what changed in the election's public record,
oldest first (interfaces.md: "the change feed"). The changes themselves: `changes.py`.

A journalist asks "what is new since I last looked": `since` is the time of the last change
they saw (inclusive, so nothing stamped that very moment is lost; an item is known by `kind`
and `id`). Without `since` the list starts at the election's first change, so the first
request of a newcomer reads the whole record, page by page. A time must carry its zone
(`Z`, `+06:00`): a bare clock time means one moment in Bishkek and another in a newsroom's
server, so it is refused rather than guessed; a bare date is that day from midnight in
Bishkek, the commission's time.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db.models import DateTimeField, Field
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError

from talapker.core.api.exports import RENDERERS, ExportMixin
from talapker.core.api.pagination import StableCursorPagination
from talapker.core.api.serializers import NamesSerializer, TextsSerializer
from talapker.disclosure import change_texts, changes
from talapker.disclosure.public_ids import fund_by_public_code, fund_codes
from talapker.elections.models import Election

DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def since_from(value: str | None) -> dt.datetime | None:
    """The moment `since` names, or a 400 naming the parameter. A `+` of a zone that a
    client did not percent-encode arrives as a space, and is read as the `+` it was."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if " " in text and "T" in text:
        text = text.replace(" ", "+")
    day = moment = None
    try:
        if DATE.fullmatch(text):
            day = parse_date(text)
        else:
            moment = parse_datetime(text)
    except ValueError:  # well formed, but no such day or hour (2026-02-30)
        pass
    if day is not None:
        return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    if moment is None:
        raise ValidationError(
            {
                "since": [
                    _(
                        "«since» must be a date (2026-10-01) or a date and time with its "
                        "zone (2026-10-01T09:30:00+06:00 or 2026-10-01T03:30:00Z)."
                    )
                ]
            }
        )
    if timezone.is_naive(moment):
        raise ValidationError(
            {
                "since": [
                    _(
                        "«since» needs the time zone of its time: add Z for UTC or +06:00 "
                        "for Bishkek (2026-10-01T09:30:00+06:00)."
                    )
                ]
            }
        )
    return moment


def kinds_from(values: list[str]) -> tuple[str, ...]:
    """The kinds asked for (`kind=filing&kind=finding`, or comma-separated), or all."""
    asked = [part.strip() for value in values for part in value.split(",") if part.strip()]
    unknown = [kind for kind in asked if kind not in changes.KINDS]
    if unknown:
        raise ValidationError(
            {
                "kind": [
                    _("«kind» must be one of %(kinds)s, not «%(value)s».")
                    % {"kinds": ", ".join(changes.KINDS), "value": unknown[0]}
                ]
            }
        )
    return tuple(asked) or changes.KINDS


class ChangeSerializer(serializers.Serializer):
    at = serializers.DateTimeField(help_text="When it happened.")
    kind = serializers.ChoiceField(
        choices=changes.KINDS,
        help_text="filing: a report version was filed; statement: a bank statement of the "
        "fund's account was received; finding: an auditor confirmed a finding.",
    )
    id = serializers.IntegerField(
        source="item", help_text="The filed version's, statement's or finding's id in its kind."
    )
    fund = serializers.SerializerMethodField()
    party = serializers.SerializerMethodField()
    summary = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    report = serializers.CharField(
        source="report_kind",
        allow_null=True,
        help_text="filing: the report's kind (interim, final).",
    )
    version = serializers.IntegerField(
        source="version_no", allow_null=True, help_text="filing: the version number."
    )
    receipt = serializers.CharField(
        source="receipt_no", allow_null=True, help_text="filing: the receipt number."
    )
    corrects = serializers.IntegerField(
        allow_null=True,
        help_text="filing: the number of the version this one corrects; null for a first version.",
    )
    lines = serializers.IntegerField(
        source="line_count",
        allow_null=True,
        help_text="statement: how many lines the statement holds.",
    )
    rule = serializers.CharField(
        source="rule_code", allow_null=True, help_text="finding: the rule's code."
    )
    severity = serializers.CharField(
        source="severity_code", allow_null=True, help_text="finding: its severity."
    )

    @extend_schema_field(OpenApiTypes.STR)
    def get_fund(self, row: dict[str, Any]) -> str:
        """The fund's public id: its party's code, or `candidate-` and a pseudonym for a
        candidate's own fund (never the candidate's PIN, its code)."""
        return str(self.context["fund_codes"].get(row["fund_ref"], ""))

    @extend_schema_field(NamesSerializer(allow_null=True))
    def get_party(self, row: dict[str, Any]) -> dict[str, str] | None:
        """The party's name in ky, ru and en; null for a candidate's own fund."""
        if not row["party_code"]:
            return None
        return {code: row[f"party_{code}"] for code in change_texts.LANGUAGES}

    @extend_schema_field(TextsSerializer)
    def get_summary(self, row: dict[str, Any]) -> dict[str, str]:
        return change_texts.summaries(row)

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, row: dict[str, Any]) -> str:
        """The public page of the change, in the language of the request."""
        request = self.context["request"]
        return str(request.build_absolute_uri(change_texts.page(row, self.context["election"])))


class ChangePagination(StableCursorPagination):
    """By time, then kind and id, so changes of one moment keep their places."""

    ordering = changes.ORDERING

    def _ordering_field(self) -> Field[Any, Any]:
        """The cursor's position is a moment: checked as one before any query."""
        return DateTimeField()


SINCE = OpenApiParameter(
    "since",
    OpenApiTypes.STR,
    description="Changes from this moment on, inclusive: a date (from midnight in Bishkek) "
    "or a date and time with its zone, ISO 8601 (2026-10-01T09:30:00+06:00, ...Z). "
    "Without it, every change from the first.",
)
FUND = OpenApiParameter(
    "fund", OpenApiTypes.STR, description="A fund's public id (a party's code): its changes alone."
)
KIND = OpenApiParameter(
    "kind",
    OpenApiTypes.STR,
    many=True,
    enum=list(changes.KINDS),
    description="Only these kinds (repeat the parameter, or separate them by commas).",
)


@extend_schema(parameters=[SINCE, FUND, KIND])
class ChangeList(ExportMixin, generics.ListAPIView):
    """Every public change of the election since a moment, oldest first: report versions
    filed, bank statements received, findings confirmed; filters `since`, `fund`, `kind`."""

    serializer_class = ChangeSerializer
    pagination_class = ChangePagination
    renderer_classes = RENDERERS
    # No FilterSet: the criteria go into each branch of the union (get_queryset); the
    # filter backend refuses any other parameter.
    query_params = ("since", "fund", "kind")
    export_name = "changes"

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI generator wants a model
            return Election.objects.none()
        election = get_object_or_404(Election, code=self.kwargs["election"])
        self.fund_codes = fund_codes(election)
        params = self.request.query_params
        fund = params.get("fund", "").strip()
        criteria = changes.Criteria(
            since=since_from(params.get("since")),
            # An unknown fund has no changes (0 is no fund's id), as other lists' filters.
            fund=(fund_by_public_code(election, fund) or 0) if fund else None,
            kinds=kinds_from(params.getlist("kind")),
        )
        return changes.changes(election, criteria)

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        context["election"] = self.kwargs.get("election", "")
        context["fund_codes"] = getattr(self, "fund_codes", {})
        return context
