"""Query parameters are input: one the list does not know is refused, not ignored.

A journalist who types `?ammount_min=1000` and gets every row back would publish the wrong
figure; the list answers 400 naming the parameter and the ones it knows instead. Known are
the list's filters (its FilterSet), the paging (`cursor`, `page_size`), `format`, and any
the view declares in `query_params` (such as the change feed's `since`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

ALWAYS = frozenset({"cursor", "page_size", "format"})


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter's backend, refusing a query parameter the list does not know."""

    def filter_queryset(self, request: Request, queryset: QuerySet[Any], view: Any) -> Any:
        filterset_class = self.get_filterset_class(view, queryset)
        known = set(ALWAYS) | set(getattr(view, "query_params", ()))
        if filterset_class is not None:
            known |= set(filterset_class.base_filters)
        unknown = sorted(set(request.query_params) - known)
        if unknown:
            message = _("Unknown parameter. This list knows: %(known)s.") % {
                "known": ", ".join(sorted(known))
            }
            raise ValidationError({name: [message] for name in unknown}, code="unknown_parameter")
        return super().filter_queryset(request, queryset, view)


class DeclaredFilterSet(django_filters.FilterSet):
    """A FilterSet whose filters are declared for the form's checking and the OpenAPI
    document, and applied together by its `filter_queryset` (a list that searches as a page
    does). Each filter names one of the no-op methods below; their declared types tell the
    document what the parameter takes."""

    @extend_schema_field(OpenApiTypes.STR)
    def _nothing(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset

    def _choice(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset  # no declared type: the document lists the filter's choices

    @extend_schema_field(OpenApiTypes.DECIMAL)
    def _number(self, queryset: QuerySet[Any], name: str, value: Decimal) -> QuerySet[Any]:
        return queryset

    @extend_schema_field(OpenApiTypes.DATE)
    def _date(self, queryset: QuerySet[Any], name: str, value: dt.date) -> QuerySet[Any]:
        return queryset

    def given(self) -> dict[str, Any]:
        """The parameters the request gave, checked by the form."""
        return {k: v for k, v in self.form.cleaned_data.items() if v not in ("", None)}
