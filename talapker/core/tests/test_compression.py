"""Pages, API answers and exports go out gzip-compressed to a client that accepts it, with
`Vary: Accept-Encoding`, and decompress to what an uncompressed request gets."""

from __future__ import annotations

import gzip

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PATHS = [
    "/ru/elections/jk-2026/",  # a page
    "/api/v1/elections/jk-2026/parties",  # JSON
    "/api/v1/elections/jk-2026/parties?format=csv",  # a streamed export
]


def _body(response) -> bytes:  # type: ignore[no-untyped-def]
    if response.streaming:
        return b"".join(response.streaming_content)
    return bytes(response.content)


@pytest.mark.parametrize("path", PATHS)
def test_a_response_is_compressed_for_a_client_that_accepts_gzip(
    election,  # type: ignore[no-untyped-def]
    client: Client,
    path: str,
) -> None:
    plain = client.get(path)
    packed = client.get(path, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert plain.status_code == packed.status_code == 200
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"] and "Accept-Encoding" in plain["Vary"]
    assert not plain.has_header("Content-Encoding")
    assert gzip.decompress(_body(packed)) == _body(plain)
