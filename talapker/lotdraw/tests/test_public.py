"""The draw as a party's representative and a voter see it: the page in Kyrgyz and Russian
and the API, before the commitment, between commitment and draw (no secret shown), and
after (the protocol, which re-checks)."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from talapker.lotdraw.services import commit, verify
from talapker.lotdraw.tests.conftest import WITNESSES
from talapker.parties.models import Party

pytestmark = pytest.mark.django_db
PAGE = "/{lang}/elections/jk-2026/draw/"
API = "/api/v1/elections/jk-2026/draw"


def page(client: Client, lang: str = "ky") -> str:
    response = client.get(PAGE.format(lang=lang))
    assert response.status_code == 200
    return response.content.decode()


def test_before_the_commitment_the_page_says_so(client: Client, election) -> None:  # type: ignore[no-untyped-def]
    assert "Комиссия бул чүчүкулак үчүн хэшти али жарыялай элек." in page(client)
    assert client.get(API).json() == {"election": "jk-2026", "status": "none"}
    assert client.get("/ky/elections/jk-2026/draw/protocol.json").status_code == 404


def test_the_commitment_is_public_and_the_secret_is_not(client: Client, election) -> None:  # type: ignore[no-untyped-def]
    draw = commit(election, "commission")
    for lang in ("ky", "ru", "en"):
        body = page(client, lang)
        assert draw.commitment in body
        assert draw.secret not in body
    answer = client.get(API).json()
    assert answer["status"] == "committed" and answer["commitment"] == draw.commitment
    assert draw.secret not in json.dumps(answer)


def test_after_the_draw_the_order_and_the_protocol_are_public(client: Client, drawn) -> None:  # type: ignore[no-untyped-def]
    names = {p.code: p.name_ky for p in Party.objects.filter(election=drawn.election)}
    body = page(client, "ky")
    places = [body.index(names[code]) for code in drawn.order]
    assert places == sorted(places)  # listed in the drawn order
    assert drawn.secret in body and drawn.seed in body and WITNESSES[0] in body
    download = client.get("/ky/elections/jk-2026/draw/protocol.json")
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    protocol = json.loads(download.content)
    assert verify(protocol) is None
    answer = client.get(API).json()
    assert answer["status"] == "drawn" and answer["order"] == drawn.order
    election_page = client.get("/ky/elections/jk-2026/").content.decode()
    assert "/ky/elections/jk-2026/draw/" in election_page
    shown = [election_page.index(names[code]) for code in drawn.order]
    assert shown == sorted(shown)  # the election page lists the parties in ballot order


def test_an_unknown_election_is_a_404(client: Client, db) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/ky/elections/nope/draw/").status_code == 404
    assert client.get("/api/v1/elections/nope/draw").status_code == 404
