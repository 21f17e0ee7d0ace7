"""The election's data page lists its snapshots with sizes and checksums, a listed file
downloads, and nothing else of the data folder can be reached through it."""

from __future__ import annotations

import hashlib

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from talapker.opendata.snapshot import snapshot_write

pytestmark = pytest.mark.django_db


@pytest.fixture
def snapshot(filled):  # type: ignore[no-untyped-def]
    written, _tables = snapshot_write(filled.election, actor="test")
    return written


def _page(client: Client, language: str = "en") -> str:
    with translation.override(language):
        url = reverse("opendata:election-data", kwargs={"election": "jk-2026"})
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_lists_the_snapshot_with_sizes_and_checksums(client: Client, snapshot) -> None:
    html = _page(client)
    for listed in snapshot.files:
        assert listed.name in html
        assert listed.sha256 in html
    assert "contributions.parquet" in html and "datapackage.json" in html


def test_a_listed_file_downloads_whole(client: Client, snapshot) -> None:
    path = reverse("opendata:snapshot-file", args=["jk-2026", snapshot.stamp, "contributions.csv"])
    response = client.get(path)
    assert response.status_code == 200
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert hashlib.sha256(body).hexdigest() == next(
        f.sha256 for f in snapshot.files if f.name == "contributions.csv"
    )
    assert response["Content-Type"].startswith("text/csv")
    latest = client.get(reverse("opendata:snapshot-file", args=["jk-2026", "latest", "SHA256SUMS"]))
    assert latest.status_code == 200


@pytest.mark.parametrize(
    "name",
    ["../../talapker.sqlite3", "..%2F..%2Fsecret_key", "%2Fetc%2Fpasswd", "notes.txt", ".."],
)
def test_a_name_the_snapshot_does_not_list_is_not_found(client: Client, snapshot, name) -> None:
    (snapshot.path / "notes.txt").write_text("not listed", encoding="utf-8")
    url = f"/en/elections/jk-2026/data/{snapshot.stamp}/{name}"
    assert client.get(url).status_code == 404


def test_an_unknown_snapshot_or_election_is_not_found(client: Client, snapshot) -> None:
    assert client.get("/en/elections/jk-2026/data/20200101T000000Z/SHA256SUMS").status_code == 404
    assert client.get("/en/elections/nope/data/").status_code == 404
    assert client.get(f"/en/elections/nope/data/{snapshot.stamp}/SHA256SUMS").status_code == 404


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_the_page_has_no_english_words(client: Client, snapshot, language: str) -> None:
    from tests.test_languages import ALLOWED_WORDS, english_in_context, english_words

    html = _page(client, language)
    assert not english_words(html, ALLOWED_WORDS), english_in_context(html, ALLOWED_WORDS)


def test_the_finance_page_links_to_the_data(client: Client, filled) -> None:
    html = client.get("/en/elections/jk-2026/finance/").content.decode()
    assert "/en/elections/jk-2026/data/" in html
