"""CORS under /api/: any origin may read, none may write (django-cors-headers).

`CORS_URLS_REGEX` limits CORS to the API and `CORS_ALLOW_ALL_ORIGINS` answers every origin
with `Access-Control-Allow-Origin: *`, without credentials (no cookie, no token travels with
another site's request). django-cors-headers would add its headers to any answer, though,
and lists the allowed methods without comparing them with the one asked for; here a write
(or a preflight asking leave for one: POST, PUT, PATCH, DELETE) gets no CORS header at all,
so a browser never lets another site's script send one or read its answer. Writes come
from the banks' and filers' own programs, which CORS does not concern.
"""

from __future__ import annotations

from corsheaders.middleware import CorsMiddleware
from django.http import HttpRequest
from django.http.response import HttpResponseBase

READS = frozenset({"GET", "HEAD", "OPTIONS"})


def is_read(request: HttpRequest) -> bool:
    """A read, or a preflight asking leave for a read."""
    method = request.method or ""
    if method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
        method = request.headers["Access-Control-Request-Method"].upper()
    return method in READS


class ReadOnlyCorsMiddleware(CorsMiddleware):
    def add_response_headers(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if not is_read(request):
            return response
        return super().add_response_headers(request, response)
