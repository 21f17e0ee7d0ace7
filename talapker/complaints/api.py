"""The complaints' API under /api/v1/.

- `POST complaints`: file a complaint, as the page does: JSON, or multipart with the files
  as repeated `files` parts. 201 with the tracking code, the tracking page's address (in
  the request's language), the state, the body and the deadline; 400 naming the field for
  what cannot be a complaint (a file that is not what it says, too large, an unknown
  station); 429 past the per-address limit, with its translated reason.
- `GET complaints/{tracking_code}`: what the tracking page shows, as data: the state, the
  body, the deadline, whether it is overdue, the open question, the decision and its answer,
  the public steps. Never the complainant's name or contact, nor who handled it.

Neither reads a session or a token (no CSRF, nothing of a signed-in user is kept) nor the
API's default per-address limit: the complaints' own limits replace it (`limits.py`).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from talapker.complaints.deadlines import elections_open_for_complaints
from talapker.complaints.filing import ComplaintData, complaint_file
from talapker.complaints.limits import FILINGS, FINDS, WAIT, over_limit, too_many_text
from talapker.complaints.models import CONTACT_MAX, TEXT_MAX, Body, Category, Complaint
from talapker.complaints.overdue import is_overdue
from talapker.complaints.places import region_codes
from talapker.complaints.selectors import tracking
from talapker.complaints.uploads import MAX_FILES, files_check, upload_read
from talapker.elections.models import Election
from talapker.voters.requests import tracking_code_clean


class ComplaintIn(serializers.Serializer):
    election = serializers.SlugField(help_text="The election's code (`GET elections`).")
    category = serializers.ChoiceField(choices=Category.choices)
    region = serializers.ChoiceField(
        choices=region_codes(), help_text="A region's code (core/regions.py), or `abroad`."
    )
    district = serializers.CharField(required=False, allow_blank=True, max_length=200)
    precinct = serializers.CharField(
        required=False, allow_blank=True, max_length=16, help_text="A polling station's code."
    )
    occurred_on = serializers.DateField(help_text="YYYY-MM-DD, not in the future.")
    occurred_time = serializers.TimeField(required=False, allow_null=True, help_text="HH:MM")
    text = serializers.CharField(max_length=TEXT_MAX, help_text="What happened.")
    name = serializers.CharField(required=False, allow_blank=True, max_length=CONTACT_MAX)
    contact = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=CONTACT_MAX,
        help_text="A phone or e-mail, seen only by the staff examining the complaint.",
    )
    files = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        max_length=MAX_FILES,
        help_text="Multipart only: photos (JPEG, PNG, WEBP), videos (MP4, WEBM) or PDFs.",
    )


class BodyOut(serializers.Serializer):
    code = serializers.CharField()
    kind = serializers.CharField()
    name_ky = serializers.CharField()
    name_ru = serializers.CharField()
    name_en = serializers.CharField()


class ComplaintFiled(serializers.Serializer):
    tracking_code = serializers.CharField()
    url = serializers.CharField(help_text="The tracking page, in the request's language.")
    state = serializers.CharField()
    deadline = serializers.DateTimeField()
    body = BodyOut(allow_null=True)


class StepOut(serializers.Serializer):
    kind = serializers.CharField(help_text="filed, forwarded, asked, replied, decided or joined.")
    at = serializers.DateTimeField()
    text = serializers.CharField(help_text="The question, the reply or the answer; else empty.")
    body = BodyOut(allow_null=True, help_text="The body it was forwarded to.")


class ComplaintStatusOut(serializers.Serializer):
    tracking_code = serializers.CharField()
    election = serializers.CharField()
    category = serializers.CharField()
    state = serializers.CharField(help_text="new, taken, waiting, decided or joined.")
    state_label = serializers.CharField(help_text="The state in the request's language.")
    filed_at = serializers.DateTimeField()
    deadline = serializers.DateTimeField()
    overdue = serializers.BooleanField()
    body = BodyOut(allow_null=True)
    question = serializers.CharField(
        allow_null=True, help_text="The staff's open question, while they wait for a reply."
    )
    outcome = serializers.CharField(
        help_text="confirmed, not_confirmed or not_examined; empty until decided."
    )
    answer = serializers.CharField(help_text="The reasoned answer; empty until decided.")
    decided_at = serializers.DateTimeField(allow_null=True)
    steps = StepOut(many=True)


def _body(body: Body | None) -> dict[str, str] | None:
    if body is None:
        return None
    return {k: getattr(body, k) for k in ("code", "kind", "name_ky", "name_ru", "name_en")}


def _throttled(request: Request, scope: str, limit: tuple[int, int]) -> Response | None:
    if not over_limit(request, scope, limit):
        return None
    return Response(
        {"detail": too_many_text(), "code": "throttled"},
        status=status.HTTP_429_TOO_MANY_REQUESTS,
        headers={"Retry-After": str(WAIT)},
    )


def _refused(error: ValidationError, field: str) -> ApiValidationError:
    return ApiValidationError({field: error.messages})


class ComplaintCreate(APIView):
    authentication_classes = ()
    permission_classes = ()
    throttle_classes = ()
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        operation_id="complaint_file",
        request={"application/json": ComplaintIn, "multipart/form-data": ComplaintIn},
        responses={201: ComplaintFiled},
        description=(
            "File a complaint about a violation, anonymously unless a name or contact is "
            "given. 400 names the refused field (a file refused says why); 429: too many "
            "complaints from this address."
        ),
    )
    def post(self, request: Request) -> Response:
        """File a complaint; answers its tracking code."""
        refusal = _throttled(request, "file", FILINGS)
        if refusal is not None:
            return refusal
        given = ComplaintIn(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        election = Election.objects.filter(code=data["election"]).first()
        if election is None or election not in elections_open_for_complaints():
            raise ApiValidationError(
                {"election": [_("No election with this code accepts complaints now.")]}
            )
        try:
            files = files_check([upload_read(f) for f in data.get("files") or []])
        except ValidationError as error:
            raise _refused(error, "files") from None
        try:
            complaint = complaint_file(_complaint(election, data, files), channel="api")
        except ValidationError as error:
            raise _refused(error, "non_field_errors") from None
        answer = {
            "tracking_code": complaint.tracking_code,
            "url": reverse("complaints:complaint", args=[complaint.tracking_code]),
            "state": complaint.state,
            "deadline": complaint.deadline,
            "body": _body(complaint.body),
        }
        return Response(ComplaintFiled(answer).data, status=status.HTTP_201_CREATED)


def _complaint(election: Election, data: dict[str, Any], files: Any) -> ComplaintData:
    return ComplaintData(
        election=election,
        category=data["category"],
        region=data["region"],
        occurred_on=data["occurred_on"],
        occurred_time=data.get("occurred_time"),
        text=data["text"],
        district=data.get("district", ""),
        precinct=data.get("precinct", ""),
        name=data.get("name", ""),
        contact=data.get("contact", ""),
        language=(get_language() or "ky")[:2],
        files=tuple(files),
    )


class ComplaintStatus(APIView):
    authentication_classes = ()
    permission_classes = ()
    throttle_classes = ()

    @extend_schema(
        operation_id="complaint_status",
        responses={200: ComplaintStatusOut, 404: OpenApiResponse(description="No such code.")},
        description=(
            "A complaint followed by its tracking code: its state, body, deadline, the open "
            "question and the decision. Never the complainant's name or contact. 429: too "
            "many unknown codes from this address."
        ),
    )
    def get(self, request: Request, tracking_code: str) -> Response:
        """What became of a complaint."""
        code = tracking_code_clean(tracking_code)
        complaint = (
            Complaint.objects.select_related("election", "body").filter(tracking_code=code).first()
            if code
            else None
        )
        if complaint is None:
            refusal = _throttled(request, "find", FINDS)
            if refusal is not None:
                return refusal
            raise NotFound()
        followed = tracking(complaint)
        shown = followed.shown
        answer = {
            "tracking_code": complaint.tracking_code,
            "election": complaint.election.code,
            "category": complaint.category,
            "state": complaint.state,
            "state_label": complaint.get_state_display(),
            "filed_at": complaint.filed_at,
            "deadline": shown.deadline,
            "overdue": is_overdue(shown),
            "body": _body(shown.body),
            "question": followed.question.text if followed.question else None,
            "outcome": shown.outcome,
            "answer": shown.answer,
            "decided_at": shown.decided_at,
            "steps": [
                {"kind": s.kind, "at": s.at, "text": _step_text(s), "body": _body(s.body)}
                for s in followed.steps
            ],
        }
        return Response(ComplaintStatusOut(answer).data)


def _step_text(step: Any) -> str:
    return "" if step.kind in ("filed", "forwarded", "joined") else step.text
