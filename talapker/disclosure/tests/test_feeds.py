"""Atom feeds of an election and of a fund: valid Atom that a feed reader follows, in the
language of the address, each entry leading to its public page; and the pages announce
them (`<link rel="alternate">`, a visible "follow" link)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as ET
import pytest
from django.test import Client

from talapker.disclosure.tests.test_changes import CANDIDATE_PIN, at, build_story
from talapker.funds.models import Fund

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
ELECTION_FEED = "/{language}/elections/jk-2026/feed.atom"
FUND_FEED = "/{language}/elections/jk-2026/parties/{party}/finance/feed.atom"


@pytest.fixture
def story(fund: Fund) -> dict[str, Any]:
    """The change feed's story (test_changes.py): filings, a correction, a statement, a
    confirmed finding and a candidate's own fund."""
    return build_story(fund)


def feed(client: Client, address: str) -> Element:
    response = client.get(address)
    assert response.status_code == 200, address
    assert response["Content-Type"].startswith("application/atom+xml")
    root: Element = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return root


def text(element: Element, name: str) -> str:
    found = element.find(f"{ATOM}{name}")
    assert found is not None and found.text, f"<{name}> is missing or empty"
    return found.text


def assert_valid_atom(root: Element) -> None:
    """RFC 4287's required elements: the feed's id, title, updated and author (or each
    entry's); each entry's id, title, updated and a link; ids unique; times RFC 3339."""
    for name in ("id", "title", "updated"):
        text(root, name)
    assert root.find(f"{ATOM}author/{ATOM}name") is not None
    self_link = [link for link in root.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert self_link and self_link[0].get("href", "").startswith("http")
    ids = []
    for entry in root.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated"):
            text(entry, name)
        dt.datetime.fromisoformat(text(entry, "updated"))
        [link] = entry.findall(f"{ATOM}link")
        assert link.get("href", "").startswith("http://testserver/")
        ids.append(text(entry, "id"))
    assert len(ids) == len(set(ids))
    dt.datetime.fromisoformat(text(root, "updated"))


def entries(root: Element) -> list[Element]:
    return root.findall(f"{ATOM}entry")


class TestElectionFeed:
    def test_is_valid_atom_newest_first(self, client, story):
        root = feed(client, ELECTION_FEED.format(language="en"))
        assert_valid_atom(root)
        updated = [dt.datetime.fromisoformat(text(e, "updated")) for e in entries(root)]
        assert len(updated) == 6
        assert updated == sorted(updated, reverse=True)
        assert updated[0] == at(10, 8)
        assert dt.datetime.fromisoformat(text(root, "updated")) == at(10, 8)

    @pytest.mark.parametrize(
        ("language", "title"),
        [("ky", "Ата-Журт Кыргызстан"), ("ru", "Ата-Журт Кыргызстан"), ("en", "Ata-Jurt")],
    )
    def test_speaks_the_language_of_its_address(self, client, story, language, title):
        root = feed(client, ELECTION_FEED.format(language=language))
        assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == language
        pk = story["correction"].pk
        [entry] = [e for e in entries(root) if text(e, "id").endswith(f"/filing/{pk}")]
        assert title in text(entry, "title") and "2" in text(entry, "title")
        if language != "en":
            assert "report" not in text(entry, "title") + text(entry, "summary")
        [link] = entry.findall(f"{ATOM}link")
        assert link.get("href", "").startswith(f"http://testserver/{language}/elections/jk-2026/")

    def test_an_entry_keeps_its_id_in_every_language(self, client, story):
        ids = {
            language: [
                text(e, "id")
                for e in entries(feed(client, ELECTION_FEED.format(language=language)))
            ]
            for language in ("ky", "ru", "en")
        }
        assert ids["ky"] == ids["ru"] == ids["en"]
        assert all(
            re.fullmatch(r"tag:testserver,\d{4}-\d\d-\d\d:jk-2026/\w+/\d+", i) for i in ids["en"]
        )

    def test_entries_lead_to_the_public_pages(self, client, story):
        root = feed(client, ELECTION_FEED.format(language="en"))
        by_kind = {text(e, "id").split("/")[-2]: e for e in entries(root)}
        assert set(by_kind) == {"filing", "statement", "finding"}
        for entry in by_kind.values():
            href = entry.find(f"{ATOM}link").get("href")  # type: ignore[union-attr]
            assert client.get(href.removeprefix("http://testserver")).status_code == 200, href
        summary = text(by_kind["finding"], "summary")
        assert "the commission confirmed a finding" in summary

    def test_no_pin_and_no_account_number(self, client, story):
        body = client.get(ELECTION_FEED.format(language="en")).content.decode()
        assert CANDIDATE_PIN not in body
        assert "1350100012345678" not in body
        assert "A candidate's own fund" in body

    def test_an_election_without_changes_is_still_valid_atom(self, client, election):
        root = feed(client, ELECTION_FEED.format(language="ky"))
        for name in ("id", "title", "updated"):
            text(root, name)
        assert entries(root) == []

    def test_an_unknown_election_is_404(self, client, story):
        assert client.get("/en/elections/nope/feed.atom").status_code == 404


class TestFundFeed:
    def test_holds_the_funds_changes_alone(self, client, story):
        root = feed(client, FUND_FEED.format(language="en", party="ata-jurt"))
        assert_valid_atom(root)
        kinds = [text(e, "id").split("/")[-2] for e in entries(root)]
        assert kinds == ["finding", "filing", "statement", "filing"]
        assert "Ata-Jurt Kyrgyzstan" in text(root, "title")
        other = feed(client, FUND_FEED.format(language="en", party="ishenim"))
        assert len(entries(other)) == 1
        assert text(root, "id") != text(other, "id")

    def test_a_party_without_a_fund_or_an_unknown_party_is_404(self, client, story):
        assert client.get(FUND_FEED.format(language="en", party="nope")).status_code == 404


class TestPagesAnnounceTheFeeds:
    def alternate(self, html: str) -> list[str]:
        return re.findall(
            r'<link rel="alternate" type="application/atom\+xml" href="([^"]+)"', html
        )

    def test_the_fund_finance_page_links_its_feed_in_head_and_in_words(self, client, story):
        html = client.get("/ky/elections/jk-2026/parties/ata-jurt/finance/").content.decode()
        head = html.split("</head>")[0]
        feed_path = FUND_FEED.format(language="ky", party="ata-jurt")
        assert self.alternate(head) == [feed_path]
        body = html.split("</head>")[1]
        assert f'<a href="{feed_path}" type="application/atom+xml">' in body
        assert feed(client, feed_path) is not None

    def test_the_election_page_links_its_feed(self, client, story):
        html = client.get("/ru/elections/jk-2026/").content.decode()
        feed_path = ELECTION_FEED.format(language="ru")
        assert self.alternate(html.split("</head>")[0]) == [feed_path]
        assert f'<a href="{feed_path}"' in html

    def test_other_pages_announce_no_feed(self, client, story):
        html = client.get("/en/elections/jk-2026/findings/").content.decode()
        assert self.alternate(html) == []
