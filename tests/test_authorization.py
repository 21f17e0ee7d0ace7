"""Issue 18, part 2: every endpoint and page, every method, as every principal, on their own
object and on someone else's, against one table of expected decisions
(`tests/authorization_matrix.py`).

The named URL patterns are read from the resolver, so a new endpoint fails
`test_every_named_pattern_has_a_row` until it has a row (or a reason in `NOT_IN_MATRIX`).
Each row is one test, sent as each principal; a denial must be exactly the row's status and
must not carry the protected data (a receipt number, a complaint's text or contact, a PIN);
an allowed list must not carry another owner's data; a session's POST without the CSRF token
is refused. The world is built once for the module (the story of tests/test_languages.py, a
second fund's report and draft, two banks, two complaint bodies, precinct and API tokens);
each row runs in a transaction rolled back after it, so an allowed write changes nothing
for the next.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.http import HttpResponseBase
from django.test import Client, override_settings
from django.urls import LocalePrefixPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from talapker.accounts.models import Role
from talapker.accounts.services import issue_token
from talapker.accounts.testing import make_user, sign_in
from talapker.banking.models import Statement
from talapker.banking.tests import money
from talapker.banking.tests.scenario import SAMPLES as BANK_SAMPLES
from talapker.candidates.models import Candidate
from talapker.complaints.models import Body
from talapker.elections.models import Election
from talapker.elections.services import election_load
from talapker.filings.formats.model import Upload
from talapker.filings.models import ReportVersion
from talapker.filings.services import draft_open, report_file
from talapker.filings.tests.conftest import CORPUS as FILINGS_CORPUS
from talapker.funds.models import Account, Fund
from talapker.results import tokens as precinct_tokens
from tests import authorization_matrix as m
from tests.test_languages import _arguments, _patterns, _the_story

pytestmark = pytest.mark.django_db

ELECTION_SAMPLE = Path(__file__).parents[1] / "talapker" / "elections" / "tests" / "samples"
ELECTION, FUND_A, FUND_B = "jk-2026", "ata-jurt", "ishenim"
VOTER_PIN = "21503198500130"  # the voter of the story's request to vote abroad
LOGIN_PATHS = ("/accounts/login/", "/admin/login/")


@dataclass
class World:
    """The story, and what each principal sends to be who they are."""

    story: dict[str, Any]
    sessions: dict[str, str] = field(default_factory=dict)  # principal → session key
    headers: dict[str, dict[str, str]] = field(default_factory=dict)  # principal → headers
    secrets: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)


@pytest.fixture(autouse=True)
def _media_root() -> None:
    """The module's world keeps its files in one place (see `world`), not one per test."""


@pytest.fixture(autouse=True)
def _own_counters(settings: Any, tmp_path: Path) -> None:
    settings.TALAPKER_COUNTERS = str(tmp_path / "counters.sqlite3")  # rate limits per row


@pytest.fixture(scope="module")
def world(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    """Built once, in a transaction rolled back when the module ends."""
    files = {
        "MEDIA_ROOT": tmp_path_factory.mktemp("media"),
        "PRIVATE_ROOT": tmp_path_factory.mktemp("private"),
        "TALAPKER_BOT_TOKEN": "bot-secret-nobody-here-holds",
    }
    folder = tmp_path_factory.mktemp("election") / "election"
    shutil.copytree(ELECTION_SAMPLE / "valid", folder)
    with django_db_blocker.unblock(), override_settings(**files), transaction.atomic():
        election_load(folder, actor="test")
        yield _build(Election.objects.get(code=ELECTION))
        transaction.set_rollback(True)


def _build(election: Election) -> World:
    fund_a = election.funds.get(code=FUND_A)
    fund_b = election.funds.get(code=FUND_B)
    story = _the_story(fund_a)
    scan = Upload("scan.pdf", (FILINGS_CORPUS / "pdf" / "clean_scan.pdf").read_bytes())
    report_file(
        fund_b, "interim", *money.PERIOD, money.REPORT, channel="cli", actor="t-b", scan=scan
    )
    filer_b = make_user("treasurer2", Role.FILER, fund=fund_b)
    draft_open(fund_b, "interim", *money.PERIOD, filer_b)
    bank_1 = story["bank"].memberships.get().bank
    bank_2 = Account.objects.get(fund=fund_b).bank
    assert bank_1 == Account.objects.get(fund=fund_a).bank != bank_2
    complaint = story["complaint"]
    other_body = Body.objects.exclude(pk=complaint.body_id).order_by("code").first()
    assert other_body is not None
    users = {
        m.NO_ROLE: make_user("nobody1"),
        m.FILER_A: story["treasurer"],
        m.FILER_B: filer_b,
        m.BANK_1: story["bank"],
        m.BANK_2: make_user("bank2", Role.BANK, bank=bank_2),
        m.HANDLER_X: make_user("handler-x", Role.HANDLER, body=complaint.body.code),
        m.HANDLER_Y: make_user("handler-y", Role.HANDLER, body=other_body.code),
        m.AUDITOR: story["auditor"],
        m.ADMIN: story["administrator"],
    }
    world = World(story)
    for principal, user in users.items():
        client = Client()
        sign_in(client, user)
        world.sessions[principal] = client.session.session_key or ""
    half = Client()
    half.force_login(story["treasurer"])  # the password, not the second factor
    world.sessions[m.HALF] = half.session.session_key or ""
    for principal, user in (
        (m.T_FILER_A, users[m.FILER_A]),
        (m.T_FILER_B, filer_b),
        (m.T_BANK_1, users[m.BANK_1]),
        (m.T_BANK_2, users[m.BANK_2]),
    ):
        world.headers[principal] = {"HTTP_AUTHORIZATION": f"Token {issue_token(user, 'robot')}"}
    keys = precinct_tokens.issue(election, ["1001", "1002"], actor="test")
    world.headers[m.PRECINCT_P] = {"HTTP_X_PRECINCT_TOKEN": keys["1001"]}
    world.headers[m.PRECINCT_Q] = {"HTTP_X_PRECINCT_TOKEN": keys["1002"]}

    def receipt(fund: Fund) -> str:
        version = ReportVersion.objects.filter(report__fund=fund, is_current=True).first()
        assert version is not None and version.receipt
        return version.receipt

    candidate = Candidate.objects.filter(party__election=election).order_by("pk").first()
    assert candidate is not None
    world.secrets = {
        m.RECEIPT_A: receipt(fund_a),
        m.RECEIPT_B: receipt(fund_b),
        "complaint text": complaint.text,
        "complaint contact": complaint.contact,
        "complaint code": complaint.tracking_code,
        "voter PIN": VOTER_PIN,
        "candidate PIN": candidate.pin,
        "statement account": bank_1,
    }
    assert all(world.secrets.values()), world.secrets
    statement = Statement.objects.filter(name="statement.csv").order_by("pk").first()
    assert statement is not None
    world.extra = {
        "statement": statement.pk,
        "attachment": complaint.attachments.order_by("pk").first().pk,
        "protocol": _protocol_of("1001"),
    }
    return world


def _protocol_of(code: str) -> dict[str, Any]:
    """A precinct's protocol as its machine sends it (a new version of the story's)."""
    return {
        "precinct": code, "count": "machine", "registered": 900, "ballots_received": 920,
        "ballots_issued": 500, "biometric_identified": 500, "ballots_in_box": 500,
        "invalid": 5, "against_all": 5,
        "votes": {"ata-jurt": 301, "ishenim": 119, "yntymak": 70},
    }  # fmt: skip


# The addresses -----------------------------------------------------------------------------

API = {
    "election": ELECTION,
    "party": FUND_A,
    "position": 1,
    "fund": FUND_A,
    "seq": 1,
}


def _kwargs(world: World, row: m.Row) -> dict[str, Any]:
    story = world.story
    pages = _arguments(story)
    report = {"election": ELECTION, "fund": FUND_A, "kind": "interim"}
    party = {"election": ELECTION, "party": FUND_A}
    scan = {**party, "kind": "interim", "number": 1}
    more: dict[str, dict[str, Any]] = {
        "disclosure:party-programme": party,
        "disclosure:finance-csv": {"election": ELECTION},
        "disclosure:draw-protocol": {"election": ELECTION},
        "disclosure:scan-page": {**scan, "page": 1},
        "disclosure:scan-pdf": scan,
        "filings:version-scan": {**report, "number": 1},
        "filings:draft-upload": report,
        "filings:draft-period": report,
        "filings:draft-file": report,
        "filings:draft-discard": report,
        "filings:row-delete": {**report, "table": "contributions", "line": 1},
        "staff:statement-file": {"pk": world.extra["statement"]},
        "complaintstaff:file": {
            "code": story["complaint"].tracking_code,
            "pk": world.extra["attachment"],
        },
        "accounts:logout": {},
        "set_language": {},
        "admin:index": {},
        "api-complaint": {"tracking_code": story["complaint"].tracking_code},
        "api-bank-statements": {},
        "api-complaints": {},
        "api-bot-voter-lookup": {},
    }
    kwargs = dict(pages.get(row.name) or more.get(row.name) or {})
    if row.name.startswith("api-") or row.name in ("openapi", "api-docs"):
        pattern = dict(_patterns(get_resolver().url_patterns))[row.name]
        converters = pattern.pattern.converters
        kwargs = {name: API[name] for name in converters if name not in kwargs} | kwargs
    if row.target == "B":
        kwargs |= {k: FUND_B for k in ("fund", "party") if k in kwargs}
        if "number" in kwargs:
            kwargs["number"] = 1
    return kwargs


def _url(world: World, row: m.Row) -> str:
    with translation.override("en"):
        return reverse(row.name, kwargs=_kwargs(world, row)) + row.query


def _send(world: World, row: m.Row, principal: str, *, csrf: bool = False) -> HttpResponseBase:
    client = Client(enforce_csrf_checks=csrf)
    if principal in world.sessions:
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[principal]
    headers = dict(world.headers.get(principal, {}))
    # Each principal from an address of its own: the per-address limits are not the subject.
    headers["REMOTE_ADDR"] = f"198.51.100.{m.PRINCIPALS.index(principal) + 1}"
    url = _url(world, row)
    if row.method == "GET":
        return client.get(url, **headers)
    if row.body == "report":
        headers["HTTP_IDEMPOTENCY_KEY"] = "matrix"
        return client.post(url, b"{}", content_type="application/json", **headers)
    if row.body == "statement":
        data = (BANK_SAMPLES / "statement.csv").read_bytes()
        headers["HTTP_X_FILE_NAME"] = "statement.csv"
        return client.post(url, data, content_type="text/csv", **headers)
    if row.body == "protocol":
        body = json.dumps(world.extra["protocol"])
        return client.post(url, body, content_type="application/json", **headers)
    json_bodies = {
        "lookup": {"pin": VOTER_PIN, "birth_date": "1985-03-15"},
        "json": {},
        "bot": {"chat_id": "1", "text": f"{VOTER_PIN} 15.03.1985"},
    }
    if row.body in json_bodies:
        body = json.dumps(json_bodies[row.body])
        return client.post(url, body, content_type="application/json", **headers)
    forms = {
        "period": {"period_from": "2025-10-01", "period_to": "2025-10-31"},
        "take": {"action": "take"},
    }
    return client.post(url, forms.get(row.body, {}), **headers)


def _content(response: HttpResponseBase) -> str:
    if getattr(response, "streaming", False):
        data = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    else:
        data = response.content
    return data.decode(errors="replace")


def _mismatch(
    world: World, row: m.Row, principal: str, expected: str, response: Any, url: str
) -> str:
    """Why the answer is not the expected one ('' when it is)."""
    status, location = response.status_code, response.get("Location", "")
    to_login = status == 302 and any(p in location for p in LOGIN_PATHS)
    if expected == m.OK:
        if status not in row.statuses() or to_login:
            return f"{principal}: expected allowed {row.statuses()}, got {status} {location}"
    elif expected == m.LOGIN:
        if not to_login:
            return f"{principal}: expected 302 to the login page, got {status} {location}"
    elif status != int(expected):
        return f"{principal}: expected {expected}, got {status}"
    if expected != m.OK:
        secrets = list(world.secrets)  # a denial shows nothing protected at all
    elif row.shows_to is not None and principal not in row.shows_to:
        secrets = list(row.secrets)
    else:
        return ""
    text = _content(response)
    # What the address itself holds (a tracking code) is no leak when a page repeats it.
    shown = [n for n in secrets if world.secrets[n] in text and world.secrets[n] not in url]
    return f"{principal}: {status} shows {shown}" if shown else ""


# The tests ---------------------------------------------------------------------------------

ROWS = [pytest.param(row, id=row.id) for row in m.rows_by_id().values()]


@pytest.fixture(scope="module")
def tally(request: pytest.FixtureRequest) -> Iterator[m.Tally]:
    found = m.Tally()
    yield found
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():
            reporter.write_line("")
            reporter.write_line(found.line())
            for mismatch in found.mismatches:
                reporter.write_line(f"  {mismatch}")


@pytest.mark.parametrize("row", ROWS)
def test_the_matrix(world: World, tally: m.Tally, row: m.Row) -> None:
    url = _url(world, row)
    found: list[tuple[str, str]] = []  # (principal, why)
    for principal in m.PRINCIPALS:
        expected = row.policy[principal]
        tally.cases += 1
        if why := _mismatch(world, row, principal, expected, _send(world, row, principal), url):
            found.append((principal, why))
        if row.method == "POST" and row.csrf and expected == m.OK and principal in m.SESSIONS:
            tally.cases += 1
            response = _send(world, row, principal, csrf=True)
            if why := _mismatch(world, row, principal, m.E403, response, url):
                found.append((principal, f"without CSRF: {why}"))
    known = [why for principal, why in found if principal in row.bugs]
    unknown = [why for principal, why in found if principal not in row.bugs]
    tally.mismatches += [f"{row.id}: {why}" for why in unknown]
    assert not unknown, "\n".join(unknown)
    fixed = set(row.bugs) - {principal for principal, _ in found}
    assert not fixed, f"decided as the row says now: remove {sorted(fixed)} from its bugs"
    if known:
        tally.expected_failures += len(known)
        pytest.xfail("; ".join(sorted(set(row.bugs.values()))) + ": " + "; ".join(known))


def test_every_named_pattern_has_a_row() -> None:
    names = {name for name, _ in _patterns(get_resolver().url_patterns)}
    admin = {n for n in names if n.startswith(m.ADMIN_PREFIX) and n != "admin:index"}
    in_matrix = {row.name for row in m.MATRIX}
    missing = names - in_matrix - set(m.NOT_IN_MATRIX) - admin
    assert not missing, f"add these endpoints to tests/authorization_matrix.py: {sorted(missing)}"
    assert in_matrix - names == set(), "rows for patterns that no longer exist"
    assert set(m.NOT_IN_MATRIX) & in_matrix == set()


def test_every_row_decides_for_every_principal() -> None:
    for row in m.MATRIX:
        assert set(row.policy) == set(m.PRINCIPALS), row.id
        assert set(row.policy.values()) <= {m.OK, *m.DENIALS}, row.id


def test_the_pages_are_under_the_language_prefix_and_the_api_is_not() -> None:
    prefixed = [
        entry
        for entry in get_resolver().url_patterns
        if isinstance(entry, URLResolver) and isinstance(entry.pattern, LocalePrefixPattern)
    ]
    pages = {name for name, _ in _patterns(list(prefixed))}
    api = {row.name for row in m.MATRIX if row.name.startswith("api-")}
    assert not pages & api
