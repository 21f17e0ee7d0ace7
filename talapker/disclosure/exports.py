"""CSV export of any API list (`?format=csv`): every row, streamed, no cap.

The list's filters apply; pagination does not. Nested objects flatten to dotted columns
(`name.ky`, `name.ru`, `name.en`), so the CSV has the same fields as the JSON.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from django.http import StreamingHttpResponse
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request

CHUNK = 2000


class CSVRenderer(BaseRenderer):
    """Declares the `csv` format; the streaming itself is done by CSVExportMixin."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        if isinstance(data, dict) and "detail" in data:  # an error response
            return str(data["detail"]).encode()
        rows = data.get("results", []) if isinstance(data, dict) else data
        return "".join(_lines(list(rows))).encode()


def flatten(row: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, dict):
            flat.update(flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


class _Echo:
    def write(self, value: str) -> str:
        return value


def _lines(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    writer = None
    echo = _Echo()
    for row in rows:
        flat = flatten(row)
        if writer is None:
            writer = csv.DictWriter(echo, fieldnames=list(flat), lineterminator="\n")  # type: ignore[arg-type]
            yield writer.writeheader()  # type: ignore[func-returns-value]
        yield writer.writerow(flat)


class CSVExportMixin:
    """For a ListAPIView: `?format=csv` streams every filtered row as CSV."""

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        if getattr(request.accepted_renderer, "format", None) != "csv":
            return super().list(request, *args, **kwargs)  # type: ignore[misc]
        queryset = self.filter_queryset(self.get_queryset())  # type: ignore[attr-defined]
        serializer_class = self.get_serializer_class()  # type: ignore[attr-defined]
        context = self.get_serializer_context()  # type: ignore[attr-defined]

        def rows() -> Iterator[dict[str, Any]]:
            for obj in queryset.iterator(chunk_size=CHUNK):
                yield serializer_class(obj, context=context).data

        response = StreamingHttpResponse(_lines(rows()), content_type="text/csv; charset=utf-8")
        name = getattr(self, "export_name", "export")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(response, StreamingHttpResponse):
            return response
        return super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
