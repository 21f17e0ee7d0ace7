"""Requests to vote abroad, as a migrant in Istanbul makes one: asked with PIN and birth
date, followed by tracking code, approved by an auditor, and the register moves the voter;
closed after the deadline; one refusal for every mismatch; one open request per voter;
staff pages for staff only; the PIN never in a URL or the audit log."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from talapker.accounts.models import Role
from talapker.accounts.testing import make_user, sign_in
from talapker.audit.models import AuditEvent
from talapker.elections.models import Election
from talapker.voters.build import register_build
from talapker.voters.models import MoveRequest, RegisterBuild, RequestState, StationCount, Voter
from talapker.voters.requests import (
    CODE_ALPHABET,
    AlreadyAsked,
    request_create,
    request_deadline,
    request_decide,
    tracking_code_clean,
)
from talapker.voters.tests.test_register import person

pytestmark = pytest.mark.django_db

AIBEK = "21503198500001"  # works in Istanbul; home station 1001 in Bishkek
AIBEK_BORN = "1985-03-15"
NURIA = "11503198500010"  # home station 1003
FORM = "/en/voters/abroad/"
QUEUE = "/en/staff/voters/jk-2026/requests/"
CODE = re.compile(r"[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}")


@pytest.fixture(autouse=True)
def _own_counters(settings: Any, tmp_path: Path) -> None:
    settings.TALAPKER_COUNTERS = str(tmp_path / "counters.sqlite3")  # rate limits per test


@pytest.fixture
def register(election: Election) -> Election:
    """Election day 2026-11-29 (requests close on 2026-11-24), a built register."""
    from talapker.voters.precincts import precincts_import
    from talapker.voters.tests.test_register import SAMPLES

    precincts_import(SAMPLES / "precincts.csv")
    person(AIBEK, AIBEK_BORN)
    person(NURIA, "1985-03-15", precinct="1003")
    register_build(election, trigger="test")
    return election


@pytest.fixture
def before_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Today is 2026-11-20 in Bishkek (four days before requests close)."""
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC))


def ask(client: Client, **changes: str) -> Any:
    data = {
        "election": "jk-2026",
        "pin": AIBEK,
        "birth_date": AIBEK_BORN,
        "country": "TUR",
        "precinct": "9001",
    }
    return client.post(FORM, {**data, **changes})


def test_a_migrant_in_istanbul_asks_follows_and_is_moved(
    register: Election,
    before_deadline: None,
    client: Client,
    django_capture_on_commit_callbacks: Any,
) -> None:
    page = client.get(FORM)
    assert page.status_code == 200
    html = page.content.decode()
    assert '<optgroup label="Türkiye">' in html and 'value="9001"' in html  # no JavaScript
    assert "jk-2026" in html and "2026" in html

    asked = ask(client)
    assert asked.status_code == 302
    code = asked["Location"].rstrip("/").rsplit("/", 1)[1]
    assert CODE.fullmatch(code)
    assert AIBEK not in asked["Location"]
    move = MoveRequest.objects.get()
    assert (move.tracking_code, move.precinct, move.country, move.state) == (
        code, "9001", "TUR", RequestState.PENDING,
    )  # fmt: skip

    followed = client.get(asked["Location"])
    text = followed.content.decode()
    assert followed.status_code == 200
    assert code in text and "waiting for review" in text and "Yıldız Posta" in text
    assert "Your request is recorded. Keep its tracking code" in text
    assert AIBEK not in text and AIBEK_BORN not in text and "Асанов" not in text

    found = client.post("/en/voters/requests/", {"code": code.lower().replace("-", " ")})
    assert found.status_code == 302 and found["Location"] == f"/en/voters/requests/{code}/"
    assert client.get(f"/en/voters/requests/{code.lower()}/").status_code == 302

    # Nothing moves until the commission approves.
    assert Voter.objects.get(pin=AIBEK).precinct == "1001"
    auditor = make_user("auditor", Role.AUDITOR)
    staff = Client()
    sign_in(staff, auditor)
    queue = staff.get(QUEUE)
    assert queue.status_code == 200
    assert code in queue.content.decode() and "№1 мектеп" in queue.content.decode()  # home
    with django_capture_on_commit_callbacks(execute=True):
        decided = staff.post(f"{QUEUE}{code}/", {"decision": "approve", "reason": ""})
    assert decided.status_code == 302 and decided["Location"] == QUEUE
    voter = Voter.objects.get(election=register, pin=AIBEK)
    assert (voter.precinct, voter.how, voter.home_precinct) == ("9001", "moved", "1001")
    latest = RegisterBuild.objects.filter(election=register).order_by("-pk").first()
    assert latest is not None and latest.trigger == "request approved (auditor)"
    counts = StationCount.objects.filter(election=register)
    assert counts.get(precinct="9001").moved_here == 1
    assert not counts.filter(precinct="1001").exists()
    assert "approved" in client.get(f"/en/voters/requests/{code}/").content.decode()

    again = staff.post(f"{QUEUE}{code}/", {"decision": "refuse", "reason": "changed mind"})
    assert again.status_code == 400 and "decided already" in again.content.decode()
    assert MoveRequest.objects.get().state == RequestState.APPROVED


def test_requests_close_after_the_deadline(register: Election, client: Client) -> None:
    assert request_deadline(register) == dt.date(2026, 11, 24)
    last_day = dt.datetime(2026, 11, 24, 23, 30, tzinfo=timezone.get_current_timezone())
    move = request_create(register, AIBEK, dt.date(1985, 3, 15), "9001", at=last_day)
    request_decide(move, False, "test", actor="auditor")
    too_late = last_day + dt.timedelta(hours=1)  # 00:30 in Bishkek, still the 24th in UTC
    with pytest.raises(ValidationError, match="closed on 2026-11-24"):
        request_create(register, AIBEK, dt.date(1985, 3, 15), "9001", at=too_late)
    assert MoveRequest.objects.count() == 1

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: too_late)
        page = client.get(FORM)
        assert "No election accepts requests" in page.content.decode()
        refused = ask(client)
    assert refused.status_code == 400 and "closed on 2026-11-24" in refused.content.decode()
    assert MoveRequest.objects.count() == 1


@pytest.mark.parametrize(
    "changes",
    [
        {"pin": "21503198500099"},  # no such person
        {"birth_date": "1985-03-16"},  # the wrong birth date
        {"pin": NURIA, "birth_date": "1985-03-16"},
    ],
)
def test_one_refusal_for_every_mismatch(
    register: Election, before_deadline: None, client: Client, changes: dict[str, str]
) -> None:
    answer = ask(client, **changes)
    assert answer.status_code == 400
    assert "We could not confirm that you are a voter" in answer.content.decode()
    assert not MoveRequest.objects.exists()
    pin = changes.get("pin", AIBEK)
    assert pin not in answer.content.decode()  # the form shown again does not carry the PIN


def test_someone_off_the_register_gets_the_same_refusal(
    register: Election, before_deadline: None, client: Client
) -> None:
    person("21503198500007", "1985-03-15", biometric=False)  # in the population, not a voter
    answer = ask(client, pin="21503198500007", birth_date="1985-03-15")
    assert "We could not confirm that you are a voter" in answer.content.decode()


def test_asking_again_shows_the_open_request(
    register: Election, before_deadline: None, client: Client
) -> None:
    first = ask(client)
    code = MoveRequest.objects.get().tracking_code
    again = ask(client, country="RUS", precinct="9002")
    assert first.status_code == 302 and again.status_code == 200
    assert (
        code in again.content.decode() and f"/en/voters/requests/{code}/" in again.content.decode()
    )
    assert MoveRequest.objects.count() == 1
    with pytest.raises(AlreadyAsked) as asked:
        request_create(register, AIBEK, dt.date(1985, 3, 15), "9002")
    assert asked.value.request.tracking_code == code


def test_a_request_for_the_station_already_assigned_is_refused(
    register: Election, before_deadline: None, client: Client
) -> None:
    Voter.objects.filter(pin=AIBEK).update(precinct="9001", how="abroad")
    answer = ask(client)
    assert (
        answer.status_code == 400 and "You already vote at this station" in answer.content.decode()
    )
    assert not MoveRequest.objects.exists()


def test_the_station_must_be_abroad_and_in_the_country(
    register: Election, before_deadline: None, client: Client
) -> None:
    assert ask(client, country="RUS").status_code == 400  # 9001 is in Türkiye
    assert ask(client, precinct="1002").status_code == 400  # a station at home
    with pytest.raises(ValidationError, match="abroad"):
        request_create(register, AIBEK, dt.date(1985, 3, 15), "1002")
    assert not MoveRequest.objects.exists()


def test_a_refusal_needs_a_reason_and_leaves_the_voter_at_home(
    register: Election, before_deadline: None, django_capture_on_commit_callbacks: Any
) -> None:
    move = request_create(register, AIBEK, dt.date(1985, 3, 15), "9001")
    with pytest.raises(ValidationError, match="reason"):
        request_decide(move, False, "  ", actor="auditor")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        request_decide(move, False, "The station is full.", actor="auditor")
    assert not callbacks  # no rebuild for a refusal
    assert Voter.objects.get(pin=AIBEK).precinct == "1001"
    move.refresh_from_db()
    assert (move.state, move.reason) == (RequestState.REFUSED, "The station is full.")


def test_the_public_page_shows_a_refusal_and_nothing_of_the_person(
    register: Election, before_deadline: None, client: Client
) -> None:
    move = request_create(register, AIBEK, dt.date(1985, 3, 15), "9001")
    request_decide(move, False, "The consulate is closed that day.", actor="auditor")
    page = client.get(f"/ru/voters/requests/{move.tracking_code}/").content.decode()
    assert "The consulate is closed that day." in page and "Генконсульство в Стамбуле" in page
    assert AIBEK not in page and "auditor" not in page
    assert client.get("/en/voters/requests/ABCD-EFGH/").status_code == 404
    missing = client.post("/en/voters/requests/", {"code": "ABCD-EFGH"})
    assert missing.status_code == 404


def test_staff_pages_are_for_auditors_and_administrators(
    register: Election, before_deadline: None, client: Client
) -> None:
    move = request_create(register, AIBEK, dt.date(1985, 3, 15), "9001")
    detail = f"{QUEUE}{move.tracking_code}/"
    assert client.get(QUEUE).status_code == 302  # the public: to the login page
    assert "/accounts/login" in client.post(detail, {"decision": "approve"})["Location"]
    sign_in(client, make_user("reader"))  # signed in, no staff role
    assert client.get(QUEUE).status_code == 403
    assert client.post(detail, {"decision": "approve"}).status_code == 403
    admin = Client()
    sign_in(admin, make_user("admin", Role.ADMINISTRATOR))
    assert admin.get(QUEUE).status_code == 200
    refused = admin.post(detail, {"decision": "refuse", "reason": ""})
    assert refused.status_code == 400 and "Give the reason" in refused.content.decode()
    assert MoveRequest.objects.get().state == RequestState.PENDING


def test_the_queue_shows_pending_first_and_filters(
    register: Election, before_deadline: None
) -> None:
    done = request_create(register, NURIA, dt.date(1985, 3, 15), "9002")
    request_decide(done, False, "no", actor="auditor")
    waiting = request_create(register, AIBEK, dt.date(1985, 3, 15), "9001")
    staff = Client()
    sign_in(staff, make_user("auditor", Role.AUDITOR))
    html = staff.get(QUEUE).content.decode()
    assert html.index(waiting.tracking_code) < html.index(done.tracking_code)
    assert "Школа №1" in html or "№1 мектеп" in html  # the voter's home station
    turkey = staff.get(QUEUE, {"country": "TUR"}).content.decode()
    assert waiting.tracking_code in turkey and done.tracking_code not in turkey
    refused = staff.get(QUEUE, {"state": "refused"}).content.decode()
    assert done.tracking_code in refused and waiting.tracking_code not in refused


def test_the_forms_need_the_csrf_token(register: Election, before_deadline: None) -> None:
    client = Client(enforce_csrf_checks=True)
    assert ask(client).status_code == 403
    assert not MoveRequest.objects.exists()
    move = request_create(register, AIBEK, dt.date(1985, 3, 15), "9001")
    staff = Client(enforce_csrf_checks=True)
    sign_in(staff, make_user("auditor", Role.AUDITOR))
    assert staff.post(f"{QUEUE}{move.tracking_code}/", {"decision": "approve"}).status_code == 403
    assert MoveRequest.objects.get().state == RequestState.PENDING


def test_no_pin_in_urls_or_the_audit_log(
    register: Election, before_deadline: None, client: Client
) -> None:
    page = client.get(FORM).content.decode()
    assert 'method="post"' in page
    asked = ask(client)
    assert AIBEK not in asked["Location"]
    move = MoveRequest.objects.get()
    request_decide(move, True, "", actor="auditor")
    events = AuditEvent.objects.filter(object_type="move_request").order_by("seq")
    assert [e.action for e in events] == ["voters.request_created", "voters.request_approved"]
    for event in events:
        assert event.object_id == move.tracking_code
        assert AIBEK not in str(event.data) and AIBEK not in event.actor
        assert event.data["precinct"] == "9001"


def test_the_form_is_limited_per_address(
    register: Election, before_deadline: None, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("talapker.voters.request_views.ATTEMPTS", (3, 3600))
    for _ in range(3):
        assert ask(client, birth_date="1985-03-16").status_code == 400
    assert ask(client).status_code == 429  # even the right answer, once over the limit
    assert not MoveRequest.objects.exists()
    assert ask(Client(REMOTE_ADDR="192.0.2.9")).status_code == 302  # another address


def test_tracking_codes_are_easy_to_read_aloud() -> None:
    assert not set("01OI") & set(CODE_ALPHABET)
    assert tracking_code_clean(" abcd efgh ") == "ABCD-EFGH"
    assert tracking_code_clean("ABCD-EFG0") is None
    assert tracking_code_clean("ABCD-EFGHJ") is None
