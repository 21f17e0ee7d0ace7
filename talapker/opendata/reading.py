"""An API list read whole, without a request from outside: the list's own view object is
built as DRF's dispatch builds it (its `initial` runs, so a list that looks up its election
there works as it does for a request), and its filtered queryset and serializer are what an
unfiltered `GET` would page through. No middleware, no throttle, no paging: the rows are
read in chunks by `core.api.exports.rows_of`.

The absolute links in rows (a transaction's page, a donor's page) are made for the
platform's public address (`settings.OPENDATA_PUBLIC_URL`), in the default language.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest
from django.test import RequestFactory
from django.urls import resolve, reverse
from rest_framework import serializers

from talapker.core.api.exports import fields, rows_of


@dataclass
class ListRead:
    """One API list, ready to read: its queryset and the serializer of its rows."""

    queryset: Any
    serializer: serializers.BaseSerializer[Any]

    def columns(self) -> list[tuple[str, serializers.Field[Any, Any, Any, Any]]]:
        return fields(self.serializer)

    def rows(self, header: list[str]) -> Iterator[list[Any]]:
        return rows_of(self.queryset, self.serializer, header)


def _request(path: str) -> HttpRequest:
    """A GET of `path` as if it came to the public address. The host is the operator's own
    setting, not a client's header, so it is taken as it is (ALLOWED_HOSTS guards against
    forged Host headers, which this request cannot carry)."""
    address = urlsplit(settings.OPENDATA_PUBLIC_URL)
    host = address.netloc or "localhost"
    request = RequestFactory().get(path, secure=address.scheme == "https")
    request.get_host = lambda: host  # type: ignore[method-assign]
    return request


def list_read(url_name: str, arguments: dict[str, str]) -> ListRead:
    """The API list named `url_name` for these URL arguments, as an unfiltered GET sees it.
    An unknown election, party or fund raises the view's Http404."""
    path = reverse(url_name, kwargs=arguments)
    view_class = resolve(path).func.cls  # type: ignore[attr-defined]
    view = view_class()
    view.args, view.kwargs = (), arguments
    view.request = view.initialize_request(_request(path))
    view.format_kwarg = None
    view.headers = {}
    view.throttle_classes = ()  # a snapshot is not a client: it spends no one's allowance
    view.initial(view.request, **arguments)
    queryset = view.filter_queryset(view.get_queryset())
    serializer = view.get_serializer_class()(context=view.get_serializer_context())
    return ListRead(queryset, serializer)
