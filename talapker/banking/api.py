"""`POST /api/v1/bank/statements`: a bank's integration account sends a statement.

The body is the statement file itself (any content type; the format is detected: MT940,
camt.053 or CSV), with its name in an `X-File-Name` header, or a multipart form with the file
in a `file` part. A statement is identified by its content: sending it again changes nothing
and answers 200 with the first import; an `Idempotency-Key` header is accepted for clients
that send one on every write, and needs no bookkeeping here.

`?dry_run=1` checks the file exactly as the import would (format, every statement, each
account held at the sender's bank, no booking before the account could hold one) and stores
nothing: 200 with what the file holds, or 422 with the reason, as a real import answers.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import BaseParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from talapker.accounts.permissions import IsBank, banks_of
from talapker.banking.services import NotYourAccount, statement_check, statement_import
from talapker.banking.statements.checks import DEFAULT_LIMITS
from talapker.banking.statements.report import file_summary
from talapker.core.errors import InputError

MAX_NAME = 200
DRY_RUN = {"1": True, "true": True, "0": False, "false": False}


class RawFileParser(BaseParser):
    """Any body that is not a form is the statement file, read up to the size cap."""

    media_type = "*/*"

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        cap = DEFAULT_LIMITS.max_bytes
        data = stream.read(cap + 1) if stream else b""
        if len(data) > cap:
            raise ValidationError({"detail": _("the statement is too large")})
        return data


class StatementCreate(APIView):
    permission_classes = [IsBank]
    parser_classes = [MultiPartParser, RawFileParser]

    @extend_schema(
        parameters=[
            OpenApiParameter("X-File-Name", str, OpenApiParameter.HEADER),
            OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER),
            OpenApiParameter(
                "dry_run",
                bool,
                OpenApiParameter.QUERY,
                description="check the file as the import would and store nothing",
            ),
        ],
        request={"application/octet-stream": bytes, "multipart/form-data": dict},
        responses={201: dict, 200: dict, 422: dict},
    )
    def post(self, request: Request) -> Response:
        """Import one statement file of accounts held at the sender's bank."""
        dry_run = DRY_RUN.get(request.query_params.get("dry_run", "0").lower())
        if dry_run is None:
            raise ValidationError({"dry_run": _("dry_run is 1 or 0")})
        name, data = _file(request)
        try:
            if dry_run:
                checked = statement_check(name, data, allowed_banks=banks_of(request.user))
                return Response({"dry_run": True, **file_summary(checked.file)})
            imported = statement_import(
                name,
                data,
                actor=f"api ({request.user.get_username()})",
                channel="api",
                allowed_banks=banks_of(request.user),
            )
        except NotYourAccount as err:
            return Response({"detail": err.localized()}, status=status.HTTP_403_FORBIDDEN)
        except InputError as err:
            return Response(
                {
                    "detail": err.localized(),
                    "file": err.file,
                    "line": err.line,
                    "column": err.column,
                },
                status=status.HTTP_422_UNPROCESSABLE_ENTITY,
            )
        code = status.HTTP_200_OK if imported.unchanged else status.HTTP_201_CREATED
        return Response(imported.summary(), status=code)


def _file(request: Request) -> tuple[str, bytes]:
    if not request.content_type.startswith("multipart/form-data"):
        name = request.headers.get("X-File-Name", "").strip()[:MAX_NAME] or "statement"
        data = request.data if isinstance(request.data, bytes) else b""  # no body: not parsed
    else:
        part = request.FILES.get("file")
        if part is None:
            raise ValidationError({"file": _("the statement file is missing")})
        if part.size > DEFAULT_LIMITS.max_bytes:
            raise ValidationError({"file": _("the statement is too large")})
        name, data = (part.name or "statement")[:MAX_NAME], part.read()
    return name, data
