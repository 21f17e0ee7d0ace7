"""Cursor pagination with a stable order: pages never skip or repeat rows while data grows.

A cursor comes back from the client, so it is input like any other: one that does not
decode, or decodes to a position that is not a value of the ordering field ("p=abc" for a
list ordered by an integer), is refused with 400 `invalid_cursor`, before any query.
"""

from __future__ import annotations

from base64 import b64decode
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Field, ForeignKey, QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import APIException, NotFound
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.pagination import Cursor, CursorPagination
from rest_framework.request import Request


class InvalidCursor(APIException):
    status_code = 400
    default_detail = _("Invalid cursor")
    default_code = "invalid_cursor"


class StableCursorPagination(CursorPagination):
    ordering: str | tuple[str, ...] = "pk"
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        """The OpenAPI document says what `get_page_size` accepts."""
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": self.max_page_size,
                    "default": self.page_size,
                }
        return parameters

    def get_page_size(self, request: Request) -> int:
        """`page_size` from 1 to 1,000; anything else is a 400 naming it (DRF would quietly
        give 100 rows for `abc` and 1,000 for a million, and the client would not know)."""
        given = request.query_params.get(self.page_size_query_param)
        if given is None:
            return self.page_size
        try:
            size = int(given)
        except ValueError:
            size = 0
        if not 1 <= size <= self.max_page_size:
            raise ApiValidationError(
                {
                    self.page_size_query_param: [
                        _("A whole number from 1 to %(most)d.") % {"most": self.max_page_size}
                    ]
                },
                code="invalid_page_size",
            )
        return size

    def paginate_queryset(
        self, queryset: Any, request: Request, view: Any = None
    ) -> list[Any] | None:
        self._queryset: QuerySet[Any] = queryset  # decode_cursor checks the position with it
        return super().paginate_queryset(queryset, request, view)

    def decode_cursor(self, request: Request) -> Cursor | None:
        encoded = request.query_params.get(self.cursor_query_param)
        try:
            if encoded is not None:  # DRF's decoding skips what is not base64: "!!!" is ""
                b64decode(encoded.encode("ascii"), validate=True)
            cursor = super().decode_cursor(request)
        except (NotFound, ValueError):  # DRF says 404 to a cursor it cannot read: it is a 400
            raise InvalidCursor() from None
        if cursor is not None and cursor.position is not None:
            self._check_position(cursor.position)
        return cursor

    def _check_position(self, position: object) -> None:
        field = self._ordering_field()
        if field is None:
            return
        try:
            value = field.to_python(position)
            for validator in field.validators:  # the column's range (an integer's bounds)
                validator(value)
            field.get_prep_value(value)
        except (ValidationError, ValueError, TypeError, OverflowError):
            raise InvalidCursor() from None

    def _ordering_field(self) -> Field[Any, Any] | None:
        """The field (or annotation) that the cursor's position is a value of."""
        name = self.ordering[0].lstrip("-")
        query = self._queryset.query
        if name in query.annotations:
            field: Field[Any, Any] | None = getattr(query.annotations[name], "output_field", None)
            return field
        opts = self._queryset.model._meta
        if name == "pk":
            return opts.pk
        try:
            found = opts.get_field(name)
        except FieldDoesNotExist:
            return None
        if isinstance(found, ForeignKey):  # the column holds the target's values
            return found.target_field
        return found if isinstance(found, Field) else None
