"""The results API under /api/v1/.

- `POST elections/{election}/protocols`: a precinct commission's machine sends one protocol
  (formats.md section 7) as the JSON body, with its precinct token in `X-Precinct-Token` and
  optionally an `Idempotency-Key`. 201 with the receipt (version, whether it counts, the
  flags the control relations raised); 200 with the first receipt when the same protocol
  (or the same key) comes again; 422 naming the field for what cannot be a protocol (an
  unknown station, a party not on the ballot); 403 for a missing or revoked token or another
  precinct's protocol. No session, no CSRF, and not the per-address limit of the public API:
  on election night every precinct of a district may send through one operator's address.
- `GET elections/{election}/results`: the results as they stand (`standings.py`), marked
  provisional until the commission approves them.
- `GET elections/{election}/protocols`: every protocol received, every version, with the
  flags of its control relations; filter by precinct, count and whether it counts.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import django_filters
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import BaseParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from talapker.core.api.exports import RENDERERS, ExportMixin
from talapker.core.api.pagination import StableCursorPagination
from talapker.core.errors import InputError
from talapker.elections.models import Election
from talapker.results import checks, intake
from talapker.results.models import Channel, Protocol
from talapker.results.reading import MAX_BYTES, parse_json
from talapker.results.standings import standing
from talapker.results.tokens import HEADER, precinct_of


class RawJsonParser(BaseParser):
    """The body as bytes, up to the cap: `reading.py` parses it and names what is wrong."""

    media_type = "*/*"

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        return stream.read(MAX_BYTES + 1) if stream else b""


class ResultsView(APIView):
    @extend_schema(responses={200: dict})
    def get(self, request: Request, election: str) -> Response:
        """The tally, turnout and seats as they stand (provisional until approved)."""
        return Response(standing(get_object_or_404(Election, code=election)).as_json())


class ProtocolPagination(StableCursorPagination):
    ordering = ("id",)  # the order of arrival


class ProtocolFilter(django_filters.FilterSet):
    class Meta:
        model = Protocol
        fields = ["precinct", "count", "effective"]


class JsonObjectField(serializers.JSONField):
    """An object in the JSON answer; its JSON text in a CSV or XLSX cell (a file has no
    nested values, and Python's own writing of a dict is no format)."""

    def to_representation(self, value: Any) -> Any:
        if _in_a_file(self.context):
            return json.dumps(value, ensure_ascii=False, sort_keys=True)
        return value


def _in_a_file(context: Mapping[str, Any]) -> bool:
    renderer = getattr(context.get("request"), "accepted_renderer", None)
    return getattr(renderer, "format", None) in ("csv", "xlsx")


HELP = {
    "precinct": gettext_lazy("The polling station's code."),
    "count": gettext_lazy("machine: the counting machine's printout; manual: a recount by hand."),
    "version": gettext_lazy("1, 2, … for each precinct and count, in the order received."),
    "effective": gettext_lazy(
        "Whether this version counts in the results (the latest manual count, else the "
        "latest machine count)."
    ),
    "received_at": gettext_lazy("When the platform received it."),
    "channel": gettext_lazy(
        "How it came: api (from the precinct), upload (by staff) or file (imported)."
    ),
    "registered": gettext_lazy("Voters on the precinct's list."),
    "ballots_received": gettext_lazy("Ballots the precinct received."),
    "ballots_issued": gettext_lazy("Ballots issued to voters: those who took part."),
    "biometric_identified": gettext_lazy("Voters identified biometrically."),
    "ballots_in_box": gettext_lazy("Ballots found in the boxes."),
    "invalid": gettext_lazy("Invalid ballots."),
    "against_all": gettext_lazy("Ballots marked against all."),
}


class ProtocolSerializer(serializers.ModelSerializer):
    votes = JsonObjectField(help_text=gettext_lazy("The votes of each party, by party code."))
    preferences = JsonObjectField(
        help_text=gettext_lazy(
            "Preferential votes: party code, then list place, then votes (open lists)."
        )
    )
    flags = serializers.SerializerMethodField(
        help_text=gettext_lazy(
            "The control relations this version breaks (the protocol rules' codes)."
        )
    )

    def get_flags(self, obj: Protocol) -> list[str] | str:
        rules = [f.rule for f in checks.control_flags(intake.as_data(obj))]
        return " ".join(rules) if _in_a_file(self.context) else rules

    class Meta:
        model = Protocol
        fields = [
            "precinct", "count", "version", "effective", "received_at", "channel",
            "registered", "ballots_received", "ballots_issued", "biometric_identified",
            "ballots_in_box", "invalid", "against_all", "votes", "preferences", "flags",
        ]  # fmt: skip
        extra_kwargs = {name: {"help_text": text} for name, text in HELP.items()}


class ProtocolList(ExportMixin, generics.ListAPIView):
    """Every protocol received, every version, with its flags (GET); a precinct's machine
    sends one (POST): no session, token or CSRF but the precinct's, and no per-address limit."""

    queryset = Protocol.objects.none()
    serializer_class = ProtocolSerializer
    filterset_class = ProtocolFilter
    pagination_class = ProtocolPagination
    renderer_classes = RENDERERS
    export_name = "protocols"

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        self.posting = request.method == "POST"
        return super().dispatch(request, *args, **kwargs)

    def get_authenticators(self) -> list[Any]:
        return [] if getattr(self, "posting", False) else super().get_authenticators()

    def get_throttles(self) -> list[Any]:
        return [] if getattr(self, "posting", False) else super().get_throttles()

    def get_parsers(self) -> list[Any]:
        return [RawJsonParser()] if getattr(self, "posting", False) else super().get_parsers()

    @extend_schema(
        parameters=[
            OpenApiParameter(HEADER, str, OpenApiParameter.HEADER, required=True),
            OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER),
        ],
        request={"application/json": dict},
        responses={201: dict, 200: dict, 403: dict, 422: dict},
    )
    def post(self, request: Request, election: str) -> Response:
        """Receive one precinct protocol."""
        found = get_object_or_404(Election, code=election)
        precinct = precinct_of(found, request.headers.get(HEADER, ""))
        if precinct is None:
            raise PermissionDenied(_("a valid precinct token is required"))
        body = request.data if isinstance(request.data, bytes) else b""
        try:
            data = intake.read(found, "protocol", parse_json("protocol", body))
            if data.precinct != precinct:
                raise PermissionDenied(_("this token sends the protocols of another precinct"))
            receipt = intake.receive(
                found,
                data,
                channel=Channel.API,
                sender=f"precinct {precinct}",
                idempotency_key=request.headers.get("Idempotency-Key", ""),
            )
        except InputError as err:
            return Response(
                {"detail": err.localized(), "column": err.column, "line": err.line},
                status=status.HTTP_422_UNPROCESSABLE_ENTITY,
            )
        code = status.HTTP_201_CREATED if receipt.created else status.HTTP_200_OK
        return Response(receipt.summary(), status=code)

    def get_queryset(self) -> QuerySet[Protocol]:
        if getattr(self, "swagger_fake_view", False):
            return Protocol.objects.none()
        found = get_object_or_404(Election, code=self.kwargs["election"])
        return Protocol.objects.filter(election=found)
