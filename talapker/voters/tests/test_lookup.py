""" "Am I on the list?": a voter finds their own station on the page, through the API and
through a chat bot; every failure is one "not found" reached by the same queries; scans are
stopped per address and overall; the PIN is never in a URL, a log or an answer."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from talapker.core.names import name_key
from talapker.elections.models import Election
from talapker.registers.models import Person
from talapker.voters.build import register_build
from talapker.voters.lookup import lookup_default
from talapker.voters.precincts import precincts_import

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).parent / "samples"
D = dt.date.fromisoformat
TOKEN = "bot-secret-for-tests"

VOTER = "21503198500001"  # at home, station 1001
ABROAD = "11503198500010"  # registered at home station 1003
UNDER_AGE = "23011200800003"  # in the population register, not a voter
FOUND = {
    "found": True,
    "precinct": {
        "code": "1001",
        "name_ky": "№1 мектеп",
        "name_ru": "Школа №1",
        "address": "Бишкек ш., Токтогул к., 1",
        "country": "KGZ",
        "latitude": 42.874621,
        "longitude": 74.569762,
        "map": "https://www.openstreetmap.org/?mlat=42.874621&mlon=74.569762"
        "#map=17/42.874621/74.569762",
    },
}
NOT_FOUND_CASES = {
    "wrong birth date": (VOTER, "1985-03-16"),
    "unknown PIN": ("21503198509999", "1985-03-15"),
    "malformed PIN": ("2150319850", "1985-03-15"),
    "letters for a PIN": ("abc' OR 1=1 --", "1985-03-15"),
    "not a voter": (UNDER_AGE, "2008-11-30"),
}


def person(pin: str, born: str, precinct: str = "1001") -> None:
    Person.objects.create(
        pin=pin, surname="Асанов", name="Бакыт", patronymic="", birth_date=D(born),
        sex="M" if pin[0] == "2" else "F", citizenship="KGZ", biometric=True,
        name_key=name_key("Асанов", "Бакыт"), pin_consistent=True, holds_kgz=True,
        citizenship_count=1, precinct=precinct,
    )  # fmt: skip


@pytest.fixture(autouse=True)
def _lookup_settings(settings: Any, tmp_path: Path) -> None:
    """Fresh counters for each test, no limits unless a test sets them, a bot secret."""
    settings.TALAPKER_COUNTERS = str(tmp_path / "counters.sqlite3")
    settings.TALAPKER_LOOKUP_RATE = None
    settings.TALAPKER_LOOKUP_GLOBAL_RATE = None
    settings.TALAPKER_BOT_TOKEN = TOKEN


@pytest.fixture
def register(election: Election) -> Election:
    """The sample election (day 2026-11-29) with its register built from four people."""
    precincts_import(SAMPLES / "precincts.csv")
    person(VOTER, "1985-03-15")
    person("22911200800002", "2008-11-29", "1002")
    person(UNDER_AGE, "2008-11-30")
    person(ABROAD, "1985-03-15", "1003")
    register_build(election, trigger="test")
    return election


def api(client: Client, pin: Any, born: Any, **extra: Any) -> Any:
    """A lookup through the API, in English unless the caller asks otherwise."""
    body = json.dumps({"pin": pin, "birth_date": born})
    extra.setdefault("HTTP_ACCEPT_LANGUAGE", "en")
    return client.post(
        "/api/v1/elections/jk-2026/voter-lookup", body, content_type="application/json", **extra
    )


def page(client: Client, pin: str, born: str, lang: str = "en", **extra: Any) -> Any:
    data = {"pin": pin, "birth_date": born, "election": "jk-2026"}
    return client.post(f"/{lang}/voters/", data, **extra)


def answer_of(response: Any) -> str:
    """The page's main part, without the form's CSRF token (new on every answer)."""
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", main)


def query_shapes(queries: CaptureQueriesContext) -> list[str]:
    """The SQL run, with the values taken out."""
    return [re.sub(r"'[^']*'|\b\d+\b", "?", q["sql"]) for q in queries.captured_queries]


class FakeChatAdapter:
    """A stand-in for the Telegram or WhatsApp adapter: it passes what a person types in a
    chat to the webhook and reads back what the bot would send them."""

    def __init__(self, client: Client, chat_id: str, language: str, token: str = TOKEN) -> None:
        self.client, self.chat_id, self.language, self.token = client, chat_id, language, token
        self.last: Any = None

    def send(self, text: str, election: str | None = None) -> str:
        body: dict[str, str] = {"chat_id": self.chat_id, "language": self.language, "text": text}
        if election is not None:
            body["election"] = election
        self.last = self.client.post(
            "/api/v1/bot/voter-lookup",
            json.dumps(body),
            content_type="application/json",
            headers={"X-Talapker-Bot-Token": self.token},
        )
        reply = self.last.json()
        assert reply["chat_id"] == self.chat_id
        return str(reply["text"])


# The API.


def test_a_voter_finds_their_station_through_the_api(register: Election, client: Client) -> None:
    response = api(client, VOTER, "1985-03-15")
    assert response.status_code == 200
    assert response.json() == FOUND
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("case", NOT_FOUND_CASES)
def test_every_failure_is_the_same_not_found_by_the_same_queries(
    register: Election, client: Client, case: str
) -> None:
    with CaptureQueriesContext(connection) as found_queries:
        assert api(client, VOTER, "1985-03-15").json()["found"] is True
    pin, born = NOT_FOUND_CASES[case]
    with CaptureQueriesContext(connection) as queries:
        response = api(client, pin, born)
    assert (response.status_code, response.json()) == (200, {"found": False})
    assert query_shapes(queries) == query_shapes(found_queries)


def test_the_birth_date_may_be_written_day_first(register: Election, client: Client) -> None:
    assert api(client, VOTER, "15.03.1985").json() == FOUND


@pytest.mark.parametrize(
    "body",
    [
        "[]",
        '{"pin": "21503198500001"}',
        '{"birth_date": "1985-03-15"}',
        '{"pin": "21503198500001", "birth_date": "last spring"}',
        "not json",
    ],
)
def test_only_a_body_of_another_shape_is_refused(
    register: Election, client: Client, body: str
) -> None:
    response = client.post(
        "/api/v1/elections/jk-2026/voter-lookup", body, content_type="application/json"
    )
    assert response.status_code == 400


def test_an_election_without_a_register_is_not_found(register: Election, client: Client) -> None:
    response = client.post(
        "/api/v1/elections/no-such/voter-lookup",
        json.dumps({"pin": VOTER, "birth_date": "1985-03-15"}),
        content_type="application/json",
    )
    assert response.status_code == 404


def test_the_lookup_is_in_the_openapi_document(client: Client) -> None:
    schema = json.loads(client.get("/api/v1/openapi.json").content)
    operation = schema["paths"]["/api/v1/elections/{election}/voter-lookup"]["post"]
    assert "requestBody" in operation
    assert "VoterLookupAnswer" in json.dumps(operation["responses"]["200"])
    assert "/api/v1/bot/voter-lookup" in schema["paths"]


# The page.


def test_the_page_shows_the_station_in_kyrgyz(register: Election, client: Client) -> None:
    response = page(client, VOTER, "15.03.1985", "ky")
    html = answer_of(response)
    assert response.status_code == 200
    assert "№1 мектеп" in html and "Школа №1" not in html
    assert "1001" in html and "Бишкек ш., Токтогул к., 1" in html
    assert "https://www.openstreetmap.org/?mlat=42.874621&amp;mlon=74.569762" in html
    assert VOTER not in response.content.decode()  # not echoed back, not even in the form
    assert "Асанов" not in html and "Бакыт" not in html


def test_the_page_shows_the_station_in_russian(register: Election, client: Client) -> None:
    html = answer_of(page(client, VOTER, "1985-03-15", "ru"))
    assert "Школа №1" in html and "№1 мектеп" not in html


def test_every_failure_reads_the_same_on_the_page(register: Election, client: Client) -> None:
    answers = {case: answer_of(page(client, *values)) for case, values in NOT_FOUND_CASES.items()}
    first = answers["unknown PIN"]
    assert "No voter with this PIN and date of birth" in first
    assert all(answer == first for answer in answers.values()), answers.keys()
    for pin, _born in NOT_FOUND_CASES.values():
        assert pin not in first


def test_the_form_is_empty_and_nothing_is_looked_up_by_a_get(
    register: Election, client: Client
) -> None:
    response = client.get(f"/en/voters/?pin={VOTER}&birth_date=1985-03-15&election=jk-2026")
    html = answer_of(response)
    assert response.status_code == 200
    assert 'method="post"' in html and "№1 мектеп" not in html and "Школа №1" not in html
    assert "/en/voters/abroad/" in html or "abroad" in html  # the request to vote abroad


def test_a_malformed_date_asks_again_without_writing_back_the_pin(
    register: Election, client: Client
) -> None:
    response = page(client, VOTER, "the fifteenth")
    assert response.status_code == 200
    assert "day.month.year" in answer_of(response)
    assert VOTER not in response.content.decode()


def test_the_form_needs_its_csrf_token(register: Election) -> None:
    browser = Client(enforce_csrf_checks=True)
    assert page(browser, VOTER, "15.03.1985").status_code == 403
    form = browser.get("/en/voters/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert token is not None
    data = {"pin": VOTER, "birth_date": "15.03.1985", "election": "jk-2026"}
    response = browser.post("/en/voters/", {**data, "csrfmiddlewaretoken": token[1]})
    assert response.status_code == 200 and "Школа №1" in answer_of(response)


def test_without_a_register_the_page_says_so(election: Election, client: Client) -> None:
    response = client.get("/en/voters/")
    assert "No voter list has been published yet" in answer_of(response)


def test_the_coming_election_is_the_default_else_the_latest() -> None:
    def election(code: str, day: str) -> Election:
        return Election(code=code, election_day=D(day))

    past, soon = election("a", "2025-01-01"), election("b", "2026-06-01")
    later = election("c", "2027-01-01")
    assert lookup_default([later, soon, past], D("2026-05-01")) == soon
    assert lookup_default([later, soon, past], D("2026-06-01")) == soon  # election day itself
    assert lookup_default([soon, past], D("2026-07-01")) == soon
    assert lookup_default([], D("2026-07-01")) is None


# The limits.


def test_one_address_is_stopped_after_its_share(
    register: Election, client: Client, settings: Any
) -> None:
    settings.TALAPKER_LOOKUP_RATE = "3/minute"
    for n in range(3):
        assert api(client, f"2150319850{n:04d}", "1985-03-15").status_code == 200
    refused = api(client, VOTER, "1985-03-15")
    assert refused.status_code == 429
    assert refused.json()["code"] == "throttled" and int(refused["Retry-After"]) >= 1
    assert "Too many lookups from your connection" in refused.json()["detail"]
    # The page shares the address's count, and says so in its own language.
    refused_page = page(client, VOTER, "15.03.1985", "ky")
    assert refused_page.status_code == 429
    assert '<html lang="ky">' in refused_page.content.decode()
    assert "№1 мектеп" not in answer_of(refused_page)
    other = api(client, VOTER, "1985-03-15", REMOTE_ADDR="10.0.0.2")
    assert other.json() == FOUND  # another address still has its own


def test_a_scan_across_many_addresses_is_stopped_by_the_global_limit(
    register: Election, client: Client, settings: Any
) -> None:
    settings.TALAPKER_LOOKUP_RATE = "10/minute"
    settings.TALAPKER_LOOKUP_GLOBAL_RATE = "20/minute"
    statuses = [
        api(client, f"215031985{n:05d}", "1985-03-15", REMOTE_ADDR=f"10.1.{n // 250}.{n % 250}")
        for n in range(40)
    ]
    codes = [response.status_code for response in statuses]
    assert codes[:20] == [200] * 20
    assert codes[20:] == [429] * 20  # each address sent one: only the global limit refuses
    assert "Too many people" in statuses[-1].json()["detail"]


# The chat bot.


def test_a_voter_finds_their_station_through_the_bot(register: Election, client: Client) -> None:
    chat = FakeChatAdapter(client, "42", "ky")
    reply = chat.send(f"{VOTER} 15.03.1985")
    assert chat.last.status_code == 200
    assert "1001" in reply and "№1 мектеп" in reply and "Кыргызстан" in reply
    assert "https://www.openstreetmap.org/?mlat=42.874621" in reply
    assert VOTER not in reply
    assert "Школа №1" in FakeChatAdapter(client, "43", "ru").send(f"{VOTER} 1985-03-15")


def test_the_bot_answers_every_failure_alike(register: Election, client: Client) -> None:
    chat = FakeChatAdapter(client, "42", "en")
    replies = {
        chat.send(f"{pin} {born}") for pin, born in NOT_FOUND_CASES.values() if " " not in pin
    }
    assert len(replies) == 1
    assert "No voter with this PIN and date of birth" in replies.pop()


@pytest.mark.parametrize("text", ["hello", "", f"{VOTER}", f"{VOTER} yesterday", "a b c"])
def test_the_bot_explains_itself_when_not_understood(
    register: Election, client: Client, text: str
) -> None:
    reply = FakeChatAdapter(client, "42", "en").send(text)
    assert reply.startswith("Send your PIN (14 digits) and your date of birth")


def test_the_bot_looks_in_the_election_it_is_told(register: Election, client: Client) -> None:
    chat = FakeChatAdapter(client, "42", "en")
    assert "1001" in chat.send(f"{VOTER} 15.03.1985", election="jk-2026")
    assert "No voter list has been published" in chat.send(f"{VOTER} 15.03.1985", election="x")


def test_the_bot_needs_the_shared_secret(register: Election, client: Client, settings: Any) -> None:
    body = json.dumps({"chat_id": "42", "language": "en", "text": f"{VOTER} 15.03.1985"})
    url, kind = "/api/v1/bot/voter-lookup", "application/json"
    assert client.post(url, body, content_type=kind).status_code == 403
    wrong = {"X-Talapker-Bot-Token": "guess"}
    assert client.post(url, body, content_type=kind, headers=wrong).status_code == 403
    settings.TALAPKER_BOT_TOKEN = ""
    right = {"X-Talapker-Bot-Token": ""}
    assert client.post(url, body, content_type=kind, headers=right).status_code == 404


def test_the_bot_refuses_a_bad_message(register: Election, client: Client) -> None:
    body = json.dumps({"chat_id": "42", "language": "de", "text": "x"})
    response = client.post(
        "/api/v1/bot/voter-lookup",
        body,
        content_type="application/json",
        headers={"X-Talapker-Bot-Token": TOKEN},
    )
    assert response.status_code == 400


def test_a_chat_is_stopped_after_its_share(
    register: Election, client: Client, settings: Any
) -> None:
    settings.TALAPKER_LOOKUP_RATE = "2/minute"
    chat = FakeChatAdapter(client, "42", "en")
    for _ in range(2):
        chat.send(f"{VOTER} 15.03.1985")
    reply = chat.send(f"{VOTER} 15.03.1985")
    assert chat.last.status_code == 429 and "Too many lookups" in reply
    assert "1001" in FakeChatAdapter(client, "7", "en").send(f"{VOTER} 15.03.1985")


# Privacy.


def test_no_pin_reaches_a_log_or_a_url(
    register: Election, client: Client, settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    settings.TALAPKER_LOOKUP_RATE = "4/minute"
    caplog.set_level(logging.DEBUG)
    urls = []
    for pin, born in [(VOTER, "1985-03-15"), (UNDER_AGE, "2008-11-30")]:
        for response in (
            api(client, pin, born),
            api(client, pin, "not a date"),  # 400: logged as a bad request
            page(client, pin, born),
        ):
            urls.append(response.wsgi_request.get_full_path())
        FakeChatAdapter(client, "42", "en").send(f"{pin} {born}")
    api(client, VOTER, "1985-03-15")  # 429, logged as a warning
    assert any(r.levelno >= logging.WARNING for r in caplog.records)  # the log was listened to
    for record in caplog.records:
        text = f"{record.getMessage()} {record.args!r} {getattr(record, 'request', '')!r}"
        assert VOTER not in text and UNDER_AGE not in text, record
    assert urls and not any(VOTER in url or UNDER_AGE in url for url in urls)
