"""CORS under /api/: any origin may read (GET, HEAD, with ETag and Retry-After exposed),
without credentials; a write, or a preflight asking leave for one, gets no allowance."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

ORIGIN = "https://data.example.org"
ELECTIONS = "/api/v1/elections"


def test_a_read_from_another_origin_is_allowed_without_credentials(
    client: Client, election
) -> None:
    response = client.get(ELECTIONS, HTTP_ORIGIN=ORIGIN)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert not response.has_header("Access-Control-Allow-Credentials")
    exposed = {h.strip().lower() for h in response["Access-Control-Expose-Headers"].split(",")}
    assert {"etag", "last-modified", "retry-after"} <= exposed
    assert "origin" in response["Vary"].lower()


def test_a_304_from_another_origin_carries_the_allowance(client: Client, election) -> None:
    etag = client.get(ELECTIONS)["ETag"]
    response = client.get(ELECTIONS, HTTP_ORIGIN=ORIGIN, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response["Access-Control-Allow-Origin"] == "*"


def test_a_preflight_for_a_conditional_read_is_allowed(client: Client) -> None:
    response = client.options(
        ELECTIONS,
        HTTP_ORIGIN=ORIGIN,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match, accept-language",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    methods = {m.strip() for m in response["Access-Control-Allow-Methods"].split(",")}
    assert methods == {"GET", "HEAD", "OPTIONS"}
    assert {"if-none-match", "accept-language"} <= {
        h.strip() for h in response["Access-Control-Allow-Headers"].split(",")
    }


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_a_preflight_for_a_write_gets_no_allowance(client: Client, method: str) -> None:
    response = client.options(
        "/api/v1/bank/statements",
        HTTP_ORIGIN=ORIGIN,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD=method,
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, content-type",
    )
    assert not response.has_header("Access-Control-Allow-Origin")
    assert not response.has_header("Access-Control-Allow-Methods")


def test_a_write_from_another_origin_gets_no_allowance(client: Client) -> None:
    response = client.post(
        "/api/v1/bank/statements", b"x", content_type="text/plain", HTTP_ORIGIN=ORIGIN
    )
    assert response.status_code in (401, 403)
    assert not response.has_header("Access-Control-Allow-Origin")


def test_pages_are_not_opened_to_other_origins(client: Client, election) -> None:
    response = client.get("/ky/", HTTP_ORIGIN=ORIGIN)
    assert response.status_code == 200
    assert not response.has_header("Access-Control-Allow-Origin")
