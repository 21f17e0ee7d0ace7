"""`elections/{election}/funds/{fund}/reports`: a fund's filed reports, and the filers'
`POST` of a report (formats.md section 4, JSON) with an `Idempotency-Key` header: a retry
with the same key and body returns the first receipt.

The body is the report's JSON (`Content-Type: application/json`), or a multipart form with the
JSON in a `report` part and the signed scan (PDF) in a `scan` part.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import BaseParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from talapker.accounts.permissions import IsFiler, can_file
from talapker.core.api.exports import RENDERERS, ExportMixin
from talapker.core.api.pagination import StableCursorPagination
from talapker.core.errors import InputError
from talapker.core.pseudonyms import fund_public_code
from talapker.filings.formats.jsonbody import read_json_report
from talapker.filings.formats.model import Upload
from talapker.filings.formats.problems import ReportInvalid
from talapker.filings.formats.registry import report_format
from talapker.filings.models import Contribution, Expenditure, ReportVersion
from talapker.filings.services import IdempotencyConflict, report_file
from talapker.funds.models import Fund

MAX_KEY = 200


class RawJSONParser(BaseParser):
    """Keeps the JSON body as bytes: the report reader checks it, with its own caps."""

    media_type = "application/json"

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        cap = report_format("json").max_bytes()
        data = stream.read(cap + 1) if stream else b""
        if len(data) > cap:
            raise ValidationError({"detail": _("the report is too large")})
        return data


class VersionSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(
        source="report.kind", help_text=gettext_lazy("The kind of report: interim or final.")
    )
    contributions_total = serializers.DecimalField(
        max_digits=16,
        decimal_places=2,
        help_text=gettext_lazy("The sum of its contributions, som."),
    )
    expenditures_total = serializers.DecimalField(
        max_digits=16, decimal_places=2, help_text=gettext_lazy("The sum of its expenditures, som.")
    )
    contributions = serializers.IntegerField(
        source="contribution_count", help_text=gettext_lazy("The number of its contributions.")
    )
    expenditures = serializers.IntegerField(
        source="expenditure_count", help_text=gettext_lazy("The number of its expenditures.")
    )
    has_scan = serializers.SerializerMethodField(
        help_text=gettext_lazy("Whether a signed scan came with it.")
    )

    class Meta:
        model = ReportVersion
        fields = [
            "receipt",
            "kind",
            "number",
            "period_from",
            "period_to",
            "filed_at",
            "channel",
            "content_sha256",
            "is_current",
            "is_late",
            "due_on",
            "contributions",
            "contributions_total",
            "expenditures",
            "expenditures_total",
            "has_scan",
        ]
        extra_kwargs = {
            "receipt": {"help_text": gettext_lazy("The receipt number the filer was given.")},
            "number": {"help_text": gettext_lazy("The version's number (1 for the first filing).")},
            "period_from": {"help_text": gettext_lazy("The first day the report covers.")},
            "period_to": {"help_text": gettext_lazy("The last day the report covers.")},
            "filed_at": {"help_text": gettext_lazy("When it was filed.")},
            "channel": {"help_text": gettext_lazy("How it was filed: web, api or cli.")},
            "content_sha256": {
                "help_text": gettext_lazy(
                    "The SHA-256 of the report's content, whatever file it came in."
                )
            },
            "is_current": {
                "help_text": gettext_lazy(
                    "Whether it is the report's current version (not superseded)."
                )
            },
            "is_late": {"help_text": gettext_lazy("Whether it was filed after its due date.")},
            "due_on": {"help_text": gettext_lazy("The last day to file it.")},
        }

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_has_scan(self, version: ReportVersion) -> bool:
        return bool(version.scan)


def _fund(election: str, public: str) -> Fund:
    """The fund by its public id (core/pseudonyms.py): a party's code, or `candidate-` and
    the pseudonym of the candidate's PIN. A PIN itself finds nothing: it is never public."""
    funds = Fund.objects.select_related("election", "party").filter(election__code=election)
    if not public.startswith("candidate-"):
        return get_object_or_404(funds, party__code=public)
    for fund in funds.filter(party__isnull=True):
        if fund_public_code(fund.code, None) == public:
            return fund
    raise Http404


def _with_totals(versions: QuerySet[ReportVersion]) -> QuerySet[ReportVersion]:
    """Each version with the count and sum of its rows (a subquery per table, so the two
    tables do not multiply each other's rows)."""
    annotations: dict[str, Any] = {}
    for model, name in ((Contribution, "contribution"), (Expenditure, "expenditure")):
        rows = model.objects.filter(version=OuterRef("pk")).order_by().values("version")
        annotations[f"{name}_count"] = Coalesce(
            Subquery(rows.annotate(n=Count("id")).values("n")), 0
        )
        annotations[f"{name}s_total"] = Coalesce(
            Subquery(rows.annotate(s=Sum("amount")).values("s")),
            Value(Decimal("0"), output_field=DecimalField()),
        )
    return versions.annotate(**annotations)


class ReportList(ExportMixin, generics.ListCreateAPIView):
    """Every filed version of the fund's reports (GET, public), or file a report (POST, the
    fund's filers, with an `Idempotency-Key` header)."""

    serializer_class = VersionSerializer
    pagination_class = StableCursorPagination
    renderer_classes = RENDERERS
    export_name = "reports"
    parser_classes = [RawJSONParser, MultiPartParser]

    def get_permissions(self) -> list[Any]:
        if self.request.method == "POST":
            return [IsFiler()]
        return [AllowAny()]  # said, not left empty: the OpenAPI document reads it

    def get_queryset(self) -> QuerySet[ReportVersion]:
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI generator's dry run
            return ReportVersion.objects.none()
        fund = _fund(self.kwargs["election"], self.kwargs["fund"])
        versions = ReportVersion.objects.filed().filter(report__fund=fund)
        return _with_totals(versions).select_related("report").order_by("id")

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                OpenApiParameter.HEADER,
                required=True,
                description="A unique key per report: a retry with the same key and body "
                "returns the first receipt and files nothing twice.",
            )
        ],
        request={"application/json": dict, "multipart/form-data": dict},
        responses={201: dict, 200: dict, 422: dict},
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fund = _fund(kwargs["election"], kwargs["fund"])
        if not can_file(request.user, fund):
            raise NotFound()
        key = request.headers.get("Idempotency-Key", "").strip()
        if not key or len(key) > MAX_KEY:
            raise ValidationError(
                {"detail": _("an Idempotency-Key header (at most 200 characters) is required")}
            )
        body, scan = _body_and_scan(request)
        digest = hashlib.sha256(body + b"\0" + (scan.data if scan else b"")).hexdigest()
        try:
            report = read_json_report(Upload("report.json", body))
            filed = report_file(
                fund,
                report.kind,
                report.period_from,
                report.period_to,
                report.data,
                channel="api",
                actor=f"api ({request.user.get_username()})",
                scan=scan,
                sources=[Upload("report.json", body)],
                idempotency_key=key,
                request_sha256=digest,
            )
        except ReportInvalid as err:
            return Response(
                {"detail": err.localized(), "problems": [p.as_dict() for p in err.problems]},
                status=status.HTTP_422_UNPROCESSABLE_ENTITY,
            )
        except IdempotencyConflict as err:
            return Response(
                {"detail": err.reason, "code": "idempotency_key_reused"},
                status=status.HTTP_422_UNPROCESSABLE_ENTITY,
            )
        except InputError as err:
            return Response(
                {"detail": err.localized()}, status=status.HTTP_422_UNPROCESSABLE_ENTITY
            )
        code = status.HTTP_200_OK if filed.replayed else status.HTTP_201_CREATED
        response = Response(filed.receipt(), status=code)
        if filed.replayed:
            response["Idempotent-Replayed"] = "true"
        return response


def _body_and_scan(request: Request) -> tuple[bytes, Upload | None]:
    if isinstance(request.data, bytes):
        return request.data, None
    form: Any = request.data
    part = request.FILES.get("report")
    text = form.get("report") if part is None else None
    if part is not None:
        cap = report_format("json").max_bytes()
        if part.size > cap:
            raise ValidationError({"report": _("the report is too large")})
        body = part.read()
    elif isinstance(text, str):
        # Django decodes form fields with replacement, so no surrogate should be here; if one
        # is, its bytes reach the reader, which refuses them as not UTF-8 instead of a 500.
        body = text.encode("utf-8", "surrogatepass")
    else:
        raise ValidationError({"report": _("the report's JSON is missing")})
    scan_part = request.FILES.get("scan")
    scan = Upload(scan_part.name or "scan.pdf", scan_part.read()) if scan_part else None
    return body, scan
