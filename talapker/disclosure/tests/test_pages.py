"""The public pages: home, election, party, candidate and the programme download."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation

import talapker
from talapker.candidates.models import Candidate
from talapker.disclosure.selectors import collation_key
from talapker.disclosure.tests.scenario import (
    PROGRAMME_TAIL_MARKER,
    Scenario,
    build_election,
    pin_for,
)


def ky(message: str) -> str:
    """The Kyrgyz translation of a page string (which must exist)."""
    with translation.override("ky"):
        translated = translation.gettext(message)
    assert translated != message, f"{message!r} has no Kyrgyz translation"
    return translated


LANGUAGES = ("ky", "ru", "en")
OWN_NAMES = {"ky": "Кыргызча", "ru": "Русский", "en": "English"}
PAGE_BUDGET_BYTES = 150 * 1024
STATIC_DIR = Path(talapker.__file__).parent / "static"


def url(language: str, name: str, *args: object) -> str:
    with translation.override(language):
        return reverse(f"disclosure:{name}", args=args)


def page_urls(scenario: Scenario, language: str) -> list[str]:
    """Every page of the scenario's election in one language."""
    code = scenario.election.code
    urls = [url(language, "home"), url(language, "election", code)]
    for party in scenario.parties.values():
        urls.append(url(language, "party", code, party.code))
    for candidate in scenario.candidates:
        urls.append(url(language, "candidate", code, candidate.party.code, candidate.position))
    return urls


class Links(HTMLParser):
    """The attributes and text of every <a> element, and the <html lang>."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.links: list[dict[str, str]] = []
        self.html_lang = ""
        self.h1_count = 0
        self._open: dict[str, str] | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.html_lang = values.get("lang", "")
        elif tag == "h1":
            self.h1_count += 1
        elif tag == "a":
            self._open = {**values, "text": ""}
            self.links.append(self._open)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open["text"] += data

    def with_attr(self, name: str, value: str) -> list[dict[str, str]]:
        return [link for link in self.links if link.get(name) == value]


def static_bytes(path: str) -> int:
    return (STATIC_DIR / path).stat().st_size


def in_order(html: str, *texts: str) -> bool:
    positions = [html.index(text) for text in texts]
    return positions == sorted(positions)


@pytest.mark.django_db
class TestEveryPage:
    @pytest.mark.parametrize("language", LANGUAGES)
    def test_every_page_answers_in_its_language_with_one_h1(self, client, scenario, language):
        for page in page_urls(scenario, language):
            response = client.get(page)
            assert response.status_code == 200, page
            parsed = Links(response.content.decode())
            assert parsed.html_lang == language, page
            assert parsed.h1_count == 1, page

    @pytest.mark.parametrize(
        ("language", "election_name", "party_name"),
        [
            ("ky", "Жогорку Кеңешке шайлоо 2026", "Элдин Үнү"),
            ("ru", "Выборы в Жогорку Кенеш 2026", "Голос народа"),
            ("en", "Jogorku Kenesh election 2026", "Voice of the People"),
        ],
    )
    def test_data_names_are_shown_in_the_page_language(
        self, client, scenario, language, election_name, party_name
    ):
        code = scenario.election.code
        for page in (url(language, "home"), url(language, "election", code)):
            assert election_name in client.get(page).content.decode()
        party_page = client.get(url(language, "party", code, "eldin-unu")).content.decode()
        assert f"<h1>{party_name}</h1>" in party_page

    @pytest.mark.parametrize("language", LANGUAGES)
    def test_language_links_lead_to_the_same_page_in_the_other_languages(
        self, client, scenario, language
    ):
        code = scenario.election.code
        pages = {
            "party": (code, "umut"),
            "candidate": (code, "umut", 2),
            "election": (code,),
            "home": (),
        }
        for name, args in pages.items():
            parsed = Links(client.get(url(language, name, *args)).content.decode())
            for other in LANGUAGES:
                links = parsed.with_attr("hreflang", other)
                if other == language:
                    assert links == []  # the current language is not a link
                    continue
                assert len(links) == 1
                assert links[0]["href"] == url(other, name, *args)
                assert links[0]["lang"] == other
                assert links[0]["text"].strip() == OWN_NAMES[other]

    @pytest.mark.parametrize("language", LANGUAGES)
    def test_no_page_shows_a_pin_or_a_full_birth_date(self, client, scenario, language):
        secrets = []
        for candidate in scenario.candidates:
            born = candidate.birth_date
            secrets += [candidate.pin, born.isoformat(), f"{born:%d.%m.%Y}", f"{born:%d/%m/%Y}"]
            for form in ("DATE_FORMAT", "j F Y", "j E Y", "SHORT_DATE_FORMAT"):
                with translation.override(language):
                    secrets.append(formats.date_format(born, form))
        for page in page_urls(scenario, language):
            html = client.get(page).content.decode()
            leaked = [s for s in secrets if s in html]
            assert leaked == [], page

    def test_pages_carry_no_inline_script_or_style(self, client, scenario):
        for page in page_urls(scenario, "ky"):
            html = client.get(page).content.decode()
            assert "<script" not in html
            assert " style=" not in html
            assert "<style" not in html

    def test_every_page_with_its_css_and_logo_stays_under_budget(self, client, scenario):
        assets = static_bytes("talapker/site.css") + static_bytes("talapker/logo.svg")
        for language in LANGUAGES:
            for page in page_urls(scenario, language):
                size = len(client.get(page).content) + assets
                assert size < PAGE_BUDGET_BYTES, (page, size)

    def test_a_hundred_candidate_list_stays_under_budget(self, client, scenario):
        add_candidates(scenario.party("umut"), 100)
        assets = static_bytes("talapker/site.css") + static_bytes("talapker/logo.svg")
        page = client.get(url("ky", "party", scenario.election.code, "umut"))
        assert len(page.content) + assets < PAGE_BUDGET_BYTES

    def test_the_footer_links_to_the_api_documentation(self, client, scenario):
        parsed = Links(client.get(url("en", "home")).content.decode())
        assert parsed.with_attr("href", "/api/v1/docs")
        assert parsed.with_attr("href", "/api/v1/openapi.json")


@pytest.mark.django_db
class TestHome:
    def test_current_and_past_elections_are_listed_apart(self, client):
        today = timezone.localdate()
        build_election(code="parliament-next", election_day=today + dt.timedelta(days=40))
        build_election(
            code="parliament-last",
            election_day=today - dt.timedelta(days=800),
            names=("Мурунку шайлоо", "Прошлые выборы", "The previous election"),
        )
        html = client.get(url("en", "home")).content.decode()
        assert in_order(
            html,
            "Current elections",
            "Jogorku Kenesh election 2026",
            "Past elections",
            "The previous election",
        )
        assert url("en", "election", "parliament-last") in html

    def test_a_home_page_without_elections_says_so(self, client, db):
        response = client.get(url("en", "home"))
        assert response.status_code == 200
        assert "No election is under way." in response.content.decode()


@pytest.mark.django_db
class TestElectionPage:
    def test_parties_are_listed_in_ballot_order_with_their_numbers(self, client, scenario):
        html = client.get(url("ky", "election", scenario.election.code)).content.decode()
        assert in_order(html, "Элдин Үнү", "Жаңы Өрнөк", "Үмүт")
        assert ky("Parties in ballot order") in html
        assert (
            ky("The ballot order has not been drawn yet. Parties are listed alphabetically.")
            not in html
        )

    def test_before_the_draw_parties_are_alphabetical_in_the_kyrgyz_alphabet(self, client, undrawn):
        html = client.get(url("ky", "election", undrawn.election.code)).content.decode()
        # Ү comes after У and before Э in Kyrgyz, though its code point is after Я.
        assert in_order(html, "Жаңы Өрнөк", "Үмүт", "Элдин Үнү")
        assert (
            ky("The ballot order has not been drawn yet. Parties are listed alphabetically.")
            in html
        )
        assert ky("Ballot no.") not in html

    def test_before_the_draw_english_pages_sort_by_the_english_names(self, client, undrawn):
        html = client.get(url("en", "election", undrawn.election.code)).content.decode()
        assert in_order(html, "Hope", "New Landmark", "Voice of the People")

    def test_a_partly_drawn_ballot_counts_as_not_drawn(self, client, undrawn):
        party = undrawn.party("umut")
        party.ballot_position = 1
        party.save()
        html = client.get(url("ky", "election", undrawn.election.code)).content.decode()
        assert (
            ky("The ballot order has not been drawn yet. Parties are listed alphabetically.")
            in html
        )

    def test_key_dates_are_written_out_in_the_page_language(self, client, scenario):
        code = scenario.election.code
        english = client.get(url("en", "election", code)).content.decode()
        assert "29 November 2026" in english  # election day
        assert "19 November 2026" in english  # interim reports, 10 days before
        assert "9 December 2026" in english  # final reports, 10 days after
        assert "30 October 2026" in english  # campaign start
        assert "29 ноября 2026" in client.get(url("ru", "election", code)).content.decode()

    def test_money_waits_for_the_first_report(self, client, scenario):
        html = client.get(url("en", "election", scenario.election.code)).content.decode()
        assert "No report filed yet" in html


@pytest.mark.django_db
class TestPartyPage:
    def test_the_profile_shows_all_three_names_marked_with_their_language(self, client, scenario):
        html = client.get(url("ru", "party", scenario.election.code, "eldin-unu")).content.decode()
        assert "<h1>Голос народа</h1>" in html
        assert '<span lang="ky">Элдин Үнү</span>' in html
        assert '<span lang="en">Voice of the People</span>' in html
        assert "ПП-1000" in html
        assert "Сыдыкова Чолпон Төрөбековна" in html

    def test_the_website_opens_without_giving_the_party_our_window(self, client, scenario):
        html = client.get(url("en", "party", scenario.election.code, "eldin-unu")).content.decode()
        (link,) = Links(html).with_attr("href", "https://eldin-unu.example.kg")
        assert "noopener" in link["rel"].split()

    def test_the_candidate_list_shows_public_facts_in_list_order(self, client, scenario):
        html = client.get(url("en", "party", scenario.election.code, "eldin-unu")).content.decode()
        assert in_order(
            html,
            "Сыдыкова Чолпон Төрөбековна",
            "Мамбетов Эрлан Кеңешович",
            "Үмөталиева Айгүл Сооронбаевна",
            "Жумабеков Темирлан",
        )
        assert "1974" in html and "Female" in html and "Naryn Region" in html
        assert url("en", "candidate", scenario.election.code, "eldin-unu", 3) in html

    def test_the_programme_has_a_download_link_and_a_short_excerpt(self, client, scenario):
        code = scenario.election.code
        html = client.get(url("en", "party", code, "eldin-unu")).content.decode()
        (link,) = Links(html).with_attr("href", url("en", "party-programme", code, "eldin-unu"))
        assert "Download the programme of Voice of the People (PDF" in link["text"]
        assert "<details" in html and "Биздин партия" in html
        assert PROGRAMME_TAIL_MARKER not in html
        assert "The full programme is in the PDF." in html

    def test_a_short_programme_is_shown_whole(self, client, scenario):
        html = client.get(url("en", "party", scenario.election.code, "umut")).content.decode()
        assert "Биздин партия" in html
        assert "The full programme is in the PDF." not in html

    def test_a_party_without_a_programme_says_so(self, client, scenario):
        party = scenario.party("umut")
        party.programme = ""
        party.programme_text = ""
        party.save()
        html = client.get(url("en", "party", scenario.election.code, "umut")).content.decode()
        assert "The party has not published a programme yet." in html
        assert "programme.pdf" not in html


@pytest.mark.django_db
class TestProgrammeDownload:
    def test_the_programme_is_an_attachment_and_never_rendered_inline(self, client, scenario):
        code = scenario.election.code
        response = client.get(url("ky", "party-programme", code, "jany-ornok"))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert "programme.pdf" in response["Content-Disposition"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content).startswith(b"%PDF")

    def test_a_missing_programme_file_is_not_found(self, client, scenario):
        party = scenario.party("umut")
        party.programme.delete(save=False)  # the row still names the file
        response = client.get(url("ky", "party-programme", scenario.election.code, "umut"))
        assert response.status_code == 404


@pytest.mark.django_db
class TestCandidatePage:
    def test_the_candidate_page_shows_the_year_of_birth_only(self, client, scenario):
        html = client.get(
            url("en", "candidate", scenario.election.code, "umut", 2)
        ).content.decode()
        assert "<h1>Кеңешбекова Назгүл Алымбековна</h1>" in html
        assert "1988" in html and "Female" in html and "Osh Region" in html
        assert "Number 2 on the candidate list of Hope" in html
        assert url("en", "party", scenario.election.code, "umut") in html


@pytest.mark.django_db
class TestNotFound:
    @pytest.mark.parametrize(
        ("name", "args"),
        [
            ("election", ("no-such-election",)),
            ("party", ("parliament-2026", "no-such-party")),
            ("party", ("no-such-election", "umut")),
            ("candidate", ("parliament-2026", "umut", 99)),
            ("candidate", ("parliament-2026", "no-such-party", 1)),
            ("party-programme", ("parliament-2026", "no-such-party")),
        ],
    )
    def test_unknown_codes_are_not_found(self, client, scenario, name, args):
        response = client.get(url("ru", name, *args))
        assert response.status_code == 404
        parsed = Links(response.content.decode())
        assert parsed.html_lang == "ru"
        assert parsed.h1_count == 1

    def test_a_page_that_resolves_nowhere_offers_the_other_home_pages(self, client, db):
        response = client.get("/en/no-such-page/")
        assert response.status_code == 404
        parsed = Links(response.content.decode())
        assert parsed.with_attr("hreflang", "ky")[0]["href"] == "/ky/"
        assert parsed.with_attr("hreflang", "ru")[0]["href"] == "/ru/"

    def test_a_party_is_found_only_in_its_own_election(self, client, scenario):
        build_election(code="parliament-2021", election_day=dt.date(2021, 11, 28))
        Candidate.objects.filter(party__election__code="parliament-2021", position=3).delete()
        assert client.get(url("en", "candidate", "parliament-2021", "umut", 3)).status_code == 404
        assert client.get(url("en", "candidate", "parliament-2026", "umut", 3)).status_code == 200


def add_candidates(party, upto: int) -> None:
    """Lengthen a party's list to `upto` candidates, as a national list can be."""
    start = party.candidates.count() + 1
    for position in range(start, upto + 1):
        born = dt.date(1980, 1, 1) + dt.timedelta(days=position * 40)
        Candidate.objects.create(
            party=party,
            position=position,
            pin=pin_for("M", born, 900 + position),
            surname="Кадыркулов",
            name="Нурбек",
            patronymic="Өмүрбекович",
            birth_date=born,
            sex="M",
            region="Жалал-Абад облусу",
        )


@pytest.mark.django_db
class TestQueries:
    def test_pages_take_a_few_queries_however_long_the_lists(
        self, client, scenario, django_assert_max_num_queries
    ):
        code = scenario.election.code
        party = scenario.party("umut")
        for position in range(4, 60):
            born = dt.date(1980, 1, 1) + dt.timedelta(days=position)
            Candidate.objects.create(
                party=party,
                position=position,
                pin=pin_for("M", born, position),
                surname="Кадыров",
                name=f"Асан {position}",
                birth_date=born,
                sex="M",
            )
        for page, limit in [
            (url("ky", "home"), 1),
            (url("ky", "election", code), 6),  # + the funds, their versions, bank, findings
            (url("ky", "party", code, "umut"), 7),
            (url("ky", "candidate", code, "umut", 2), 2),
            (url("ky", "party-programme", code, "umut"), 1),
        ]:
            # + 1: the data version of the page's ETag (core/http/version.py)
            with django_assert_max_num_queries(limit + 1):
                assert client.get(page).status_code == 200


def test_collation_follows_the_kyrgyz_alphabet():
    names = ["Элдин Үнү", "Үмүт", "Улуу Тоолор", "Жаңы Өрнөк", "Ыйман", "Нур", "Ңа", "Оо", "Өмүр"]
    assert sorted(names, key=collation_key) == [
        "Жаңы Өрнөк",
        "Нур",
        "Ңа",
        "Оо",
        "Өмүр",
        "Улуу Тоолор",
        "Үмүт",
        "Ыйман",
        "Элдин Үнү",
    ]
