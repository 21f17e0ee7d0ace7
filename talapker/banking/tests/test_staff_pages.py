"""The commission staff's pages: only auditors and administrators get in; a statement uploads
once and a refused file stores nothing, whatever the corpus throws at it; a fund's page shows
the three-way status the reconciliation planted, page by page in a fixed number of queries."""

from __future__ import annotations

import functools
import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape, strip_tags

from talapker.accounts.models import Role
from talapker.accounts.testing import make_user, sign_in
from talapker.audit.models import AuditEvent
from talapker.banking import forms as staff_forms
from talapker.banking import services
from talapker.banking import views as staff_views
from talapker.banking.models import BankLine, Statement, Transaction
from talapker.banking.services import statement_import
from talapker.banking.statements import Limits, parse_statement
from talapker.banking.tests import make_corpus, money
from talapker.banking.tests.scenario import SAMPLES
from talapker.banking.tests.test_money_trail import EXPECTED
from talapker.banking.views import download_name
from talapker.filings.formats.model import Upload
from talapker.filings.services import report_file
from talapker.filings.tests.conftest import CORPUS as FILINGS_CORPUS
from talapker.funds.models import Account

pytestmark = pytest.mark.django_db

OVERVIEW = "/en/staff/"
UPLOAD = "/en/staff/statements/upload/"
FUND = "/en/staff/jk-2026/funds/ata-jurt/"
MANIFEST = json.loads(make_corpus.MANIFEST.read_text(encoding="utf-8"))
CSV_HEADER = (SAMPLES / "statement.csv").read_text(encoding="utf-8").splitlines()[0]


# Helpers ---------------------------------------------------------------------------------


def file_url(statement: Statement) -> str:
    return f"/en/staff/statements/{statement.pk}/file"


def sample(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (SAMPLES / name).read_bytes())


def upload(client: Client, name: str, data: bytes | None = None, **fields: str) -> Any:
    content = (SAMPLES / name).read_bytes() if data is None else data
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, content), **fields})


def page_text(response: Any) -> str:
    return str(response.content.decode())


def nothing_stored() -> bool:
    stored = Path(settings.PRIVATE_ROOT) / "statements"
    return (
        not Statement.objects.exists()
        and not BankLine.objects.exists()
        and not AuditEvent.objects.filter(action="statement.imported").exists()
        and not (stored.exists() and any(stored.iterdir()))
    )


def file_report(fund) -> None:  # type: ignore[no-untyped-def]
    scan = Upload("scan.pdf", (FILINGS_CORPUS / "pdf" / "clean_scan.pdf").read_bytes())
    report_file(
        fund, "interim", *money.PERIOD, money.REPORT, channel="cli", actor="test", scan=scan
    )


def import_sample(name: str = "statement.csv") -> Statement:
    data = (SAMPLES / name).read_bytes()
    return statement_import(name, data, actor="bank", channel="api").statement


class Cells(HTMLParser):
    """The text of each cell of each body row of the tables with a given class."""

    def __init__(self, table_class: str) -> None:
        super().__init__()
        self.table_class = table_class
        self.rows: list[list[str]] = []
        self._in_table = self._in_body = False
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "table" and self.table_class in classes:
            self._in_table = True
        elif self._in_table and tag == "tbody":
            self._in_body = True
        elif self._in_body and tag == "tr":
            self.rows.append([])
        elif self._in_body and tag in ("td", "th"):
            self._cell = []
        elif self._cell is not None and tag == "br":
            self._cell.append(" | ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tbody":
            self._in_body = False
        elif tag == "table":
            self._in_table = False

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def table_rows(response: Any, table_class: str = "staff-transactions") -> list[list[str]]:
    parser = Cells(table_class)
    parser.feed(page_text(response))
    return parser.rows


# Fixtures --------------------------------------------------------------------------------


@pytest.fixture
def auditor(db) -> User:  # type: ignore[no-untyped-def]
    return make_user("auditor", Role.AUDITOR)


@pytest.fixture
def staff(client: Client, auditor: User, fund) -> Client:  # type: ignore[no-untyped-def]
    """A client signed in as an auditor who passed the second factor."""
    sign_in(client, auditor)
    return client


@pytest.fixture
def reconciled(fund) -> Statement:  # type: ignore[no-untyped-def]
    """The recorded statement received and the story of money.py filed."""
    statement = import_sample()
    file_report(fund)
    return statement


# Who gets in -----------------------------------------------------------------------------


def _get_urls(statement: Statement) -> list[str]:
    return [OVERVIEW, UPLOAD, FUND, f"{FUND}?status=differs", file_url(statement)]


def test_the_public_is_sent_to_the_login_page_from_every_page(
    client: Client, reconciled: Statement
) -> None:
    for url in _get_urls(reconciled):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/en/accounts/login/?next="), url
    response = upload(client, "mt940_structured_utf8.sta")
    assert response.status_code == 302
    assert Statement.objects.count() == 1


def _refused_everywhere(client: Client, statement: Statement) -> None:
    for url in _get_urls(statement):
        assert client.get(url).status_code == 403, url
        assert client.post(url).status_code in (403, 405), url
    assert upload(client, "mt940_structured_utf8.sta").status_code == 403
    assert Statement.objects.count() == 1


@pytest.mark.parametrize("role", [Role.FILER, Role.BANK, None])
def test_signed_in_users_without_a_staff_role_get_403_everywhere(
    client: Client,
    reconciled: Statement,
    fund,
    role: str | None,  # type: ignore[no-untyped-def]
) -> None:
    scope: dict[str, Any] = {
        Role.FILER: {"fund": fund},
        Role.BANK: {"bank": "Айыл Банк"},
        None: {},
    }[role]
    sign_in(client, make_user("someone", role, **scope))
    _refused_everywhere(client, reconciled)


def test_an_auditor_who_has_not_passed_the_code_is_sent_to_log_in(
    client: Client, auditor: User, reconciled: Statement
) -> None:
    client.force_login(auditor)  # password only, no second factor
    for url in _get_urls(reconciled):
        assert client.get(url).status_code == 302, url


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.ADMINISTRATOR])
def test_auditors_and_administrators_read_every_page(
    client: Client, reconciled: Statement, role: str
) -> None:
    sign_in(client, make_user("commission", role))
    for url in _get_urls(reconciled):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url


def test_the_pages_are_in_kyrgyz_by_default(staff: Client, reconciled: Statement) -> None:
    response = staff.get("/ky/staff/jk-2026/funds/ata-jurt/")
    assert response.status_code == 200
    assert '<html lang="ky">' in page_text(response)


def test_an_upload_without_the_csrf_token_is_refused(auditor: User, fund) -> None:  # type: ignore[no-untyped-def]
    browser = Client(enforce_csrf_checks=True)
    sign_in(browser, auditor)
    assert upload(browser, "statement.csv").status_code == 403
    assert nothing_stored()

    form = browser.get(UPLOAD)
    token = form.context["csrf_token"]
    response = upload(browser, "statement.csv", csrfmiddlewaretoken=str(token))
    assert response.status_code == 200
    assert Statement.objects.count() == 1


def test_unknown_funds_and_statements_are_404(staff: Client) -> None:
    assert staff.get("/en/staff/jk-2026/funds/no-such-fund/").status_code == 404
    assert staff.get("/en/staff/no-such-election/funds/ata-jurt/").status_code == 404
    assert staff.get("/en/staff/statements/999/file").status_code == 404


# Uploading a statement -------------------------------------------------------------------


def test_a_statement_uploaded_twice_is_stored_once(staff: Client, auditor: User) -> None:
    first = upload(staff, "statement.csv")
    assert first.status_code == 200
    assert "Statement received: 7 new lines" in page_text(first)
    statement = Statement.objects.get()
    assert (statement.channel, statement.received_by) == ("web", auditor.username)
    assert BankLine.objects.count() == 7

    again = upload(staff, "statement.csv")
    assert again.status_code == 200
    assert "This very file was received before: nothing changed" in page_text(again)
    assert Statement.objects.count() == 1
    assert BankLine.objects.count() == 7
    assert AuditEvent.objects.filter(action="statement.imported").count() == 1


def test_an_overlapping_mt940_after_the_csv_adds_no_line(staff: Client) -> None:
    upload(staff, "statement.csv")
    response = upload(staff, "mt940_structured_utf8.sta")
    assert response.status_code == 200
    text = page_text(response)
    assert "Statement received: 0 new lines" in text
    assert "Every line of this statement was received before" in text
    assert Statement.objects.count() == 2
    assert BankLine.objects.count() == 7


def test_the_result_links_to_the_fund_and_the_statements_show_there(staff: Client) -> None:
    response = upload(staff, "camt053_v08.xml", election="jk-2026")
    assert f'href="{FUND}"' in page_text(response)
    fund_page = page_text(staff.get(FUND))
    statement = Statement.objects.get()
    assert f'href="{file_url(statement)}"' in fund_page
    assert "camt053_v08.xml" in fund_page


def test_a_refused_file_shows_why_and_stores_nothing(staff: Client) -> None:
    text = (SAMPLES / "statement.csv").read_text(encoding="utf-8")
    other = text.replace("1350100012345678", "1350100099999999").encode()
    response = upload(staff, "other.csv", other)
    assert response.status_code == 200
    body = page_text(response)
    assert "The file was refused; nothing was stored" in body
    assert "other.csv: account 1350100099999999 is not the special account" in body
    assert nothing_stored()


def test_an_unknown_election_or_a_missing_file_is_a_form_error(staff: Client) -> None:
    response = upload(staff, "statement.csv", election="no-such-election")
    assert response.status_code == 200
    assert "Select a valid choice" in page_text(response)
    missing = staff.post(UPLOAD, {})
    assert missing.status_code == 200
    assert "This field is required" in page_text(missing)
    assert nothing_stored()


def test_a_file_over_the_size_cap_is_refused_without_being_kept(
    auditor: User,
    fund,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    """Reading stops at the cap; the CSRF token, sent before the file as the form puts it,
    is still read and checked."""
    handlers: list[staff_forms.SizeCapHandler] = []

    class Watched(staff_forms.SizeCapHandler):
        def __init__(self, *args: Any) -> None:
            super().__init__(*args)
            handlers.append(self)

    monkeypatch.setattr(staff_views, "SizeCapHandler", Watched)
    browser = Client(enforce_csrf_checks=True)
    sign_in(browser, auditor)
    token = str(browser.get(UPLOAD).context["csrf_token"])
    huge = SimpleUploadedFile("huge.csv", b"account," + b"x" * staff_forms.MAX_BYTES)
    response = browser.post(UPLOAD, {"csrfmiddlewaretoken": token, "file": huge})
    assert response.status_code == 200
    assert "The file is larger than 20.0\xa0MB" in page_text(response)
    assert [h.exceeded for h in handlers] == [False, True]  # the GET, then the POST
    assert nothing_stored()


def test_the_form_checks_the_size_when_the_upload_was_not_capped(
    staff: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(staff_forms, "MAX_BYTES", 100)  # the view's own cap stays at 20 MB
    response = upload(staff, "statement.csv")
    assert "The file is larger than 100\xa0bytes" in page_text(response)
    assert nothing_stored()


@pytest.mark.parametrize("entry", MANIFEST, ids=[entry["file"] for entry in MANIFEST])
def test_no_corpus_file_breaks_the_upload_page(
    staff: Client, monkeypatch: pytest.MonkeyPatch, entry: dict[str, Any]
) -> None:
    """Each hostile or broken file gives the page with the manifest's outcome, never a 500;
    a file the manifest accepts is received if its account is a fund's, else refused."""
    if "limits" in entry:  # the manifest's small limits, in place of the platform's
        limited = functools.partial(parse_statement, limits=Limits(**entry["limits"]))
        monkeypatch.setattr(services, "parse_statement", limited)
    path = make_corpus.CORPUS / entry["file"]
    response = upload(staff, path.name, path.read_bytes())
    assert response.status_code == 200
    body = page_text(response)
    if entry["outcome"] == "reject":
        assert "The file was refused; nothing was stored" in body
        assert escape(entry["reason_contains"]) in strip_tags(body)  # a column is <code>
        assert nothing_stored()
        return
    accounts = parse_statement(path.name, path.read_bytes()).accounts
    unknown = [a for a in accounts if not Account.objects.filter(number=a).exists()]
    if not unknown:
        new_lines = entry.get("new_lines", entry["lines"])
        assert f"Statement received: {new_lines} new lines" in body
        assert sum(s.lines for s in Statement.objects.all()) == entry["lines"]
    else:  # read, but of no fund's account (an IBAN, say): refused, and said so
        assert f"account {unknown[0]} is not the special account of any election fund" in body
        assert nothing_stored()


# A fund's reconciliation -----------------------------------------------------------------


def _key(row: list[str]) -> str:
    """The money.py name of a row: c1…c5, e1…e3, or the reference of an undeclared line."""
    item = row[4].split(" | ")[0]
    for kind, prefix in (("contribution, line ", "c"), ("expenditure, line ", "e")):
        if item.startswith(kind):
            return prefix + item.removeprefix(kind)
    return item


def _labels(expected: tuple[str, str, str, str, str]) -> tuple[str, str, str, str]:
    _matched, bank, reported, document, status = expected
    return (
        str(Transaction.Bank(bank).label),
        str(Transaction.Reported(reported).label),
        str(Transaction.Document(document).label),
        str(Transaction.Status(status).label),
    )


def test_the_fund_page_shows_the_planted_statuses(staff: Client, reconciled: Statement) -> None:
    rows = table_rows(staff.get(FUND))
    shown = {_key(r): (r[5].split(" | ")[0], r[6], r[7], r[2]) for r in rows}
    assert shown == {key: _labels(expected) for key, expected in EXPECTED.items()}


def test_the_amounts_are_signed_som_with_two_decimals(staff: Client, reconciled: Statement) -> None:
    rows = {_key(r): r for r in table_rows(staff.get(FUND))}
    assert rows["c1"][:2] == ["2025-10-01", "+50,000.00"]
    assert rows["c1"][3] == "Өмүрбеков Нурлан Үсөнович"
    assert rows["c4"][1] == "+2,000.00"
    assert "statement: +20,000.00" in rows["c4"][5]  # the bank's amount beside the report's
    assert rows["e1"][1] == "-35,000.00"
    assert [rows["KG25100700005"][i] for i in (1, 3)] == ["-12,500.00", "ОАО «Кыргызтелеком»"]
    assert rows["e3"][4] == "expenditure, line 3 | NOPE"


def test_the_status_filter_shows_only_that_status(staff: Client, reconciled: Statement) -> None:
    rows = table_rows(staff.get(f"{FUND}?status=differs"))
    assert {_key(r) for r in rows} == {"c4", "e3", "KG25100700005"}
    assert {r[2] for r in rows} == {"differs"}
    assert table_rows(staff.get(f"{FUND}?status=pending")) == []
    assert len(table_rows(staff.get(f"{FUND}?status=nonsense"))) == 9  # unknown: all


def test_the_totals_per_bank_and_per_report(staff: Client, reconciled: Statement) -> None:
    rows = table_rows(staff.get(FUND), "staff-totals")
    assert rows[0] == [
        "Айыл Банк, account 1350100012345678 (7 lines)",
        "+221,000.50",
        "-47,750.00",
        "+173,250.50",
    ]
    assert rows[1][0].startswith("Interim report, version 1 (TK-")
    assert rows[1][1:] == ["+208,000.50", "-45,249.00", "+162,751.50"]


def test_the_fund_page_lists_statements_and_report_versions(
    staff: Client,
    reconciled: Statement,
    fund,  # type: ignore[no-untyped-def]
) -> None:
    body = page_text(staff.get(FUND))
    version = fund.reports.get().versions.get()
    assert version.receipt in body
    assert f'href="{file_url(reconciled)}"' in body
    statements = table_rows(staff.get(FUND), "staff-statements")
    assert [row[1] for row in statements] == ["statement.csv"]


def _many_lines(count: int) -> bytes:
    """A statement of `count` gifts booked after the period reported (so pending)."""
    rows = [
        f"1350100012345678,2025-11-{1 + n % 28:02d},,{(n % 900) + 1}.{n % 100:02d},KGS,"
        f"Donor {n},,,REF{n:06d},gift"
        for n in range(count)
    ]
    return "\n".join([CSV_HEADER, *rows]).encode()


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_a_fund_page_takes_the_same_queries_for_thousands_of_lines(
    staff: Client,
    fund,
    django_assert_max_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    import_sample()
    file_report(fund)
    small = _queries(staff, FUND)

    statement_import("many.csv", _many_lines(2500), actor="bank", channel="api")
    for url in (FUND, f"{FUND}?page=13", f"{FUND}?status=pending&page=24"):
        with django_assert_max_num_queries(small):
            response = staff.get(url)
        assert len(table_rows(response)) == 100
    last = staff.get(f"{FUND}?status=pending&page=999")
    assert "Page 25 of 25" in page_text(last)
    assert len(table_rows(last)) == 2500 - 24 * 100
    assert "Page 1 of 26" in page_text(staff.get(f"{FUND}?page=first"))
    middle = staff.get(f"{FUND}?status=pending&page=24").content.decode()
    assert 'href="?status=pending&amp;page=23" rel="prev"' in middle
    assert 'href="?status=pending&amp;page=25" rel="next"' in middle
    assert 'href="?page=2" rel="next"' in staff.get(FUND).content.decode()


def test_the_overview_takes_the_same_queries_for_more_funds(
    staff: Client,
    reconciled: Statement,
    election,  # type: ignore[no-untyped-def]
) -> None:
    before = _queries(staff, OVERVIEW)
    other = election.funds.get(code="yntymak")
    other.accounts.update(number="1350100012340000")
    for n in range(2):
        data = _many_lines(3).replace(b"1350100012345678", b"1350100012340000")
        statement_import(f"yntymak-{n}.csv", data + b"\n" * n, actor="bank", channel="api")
    for n in range(10):
        election.funds.create(code=f"candidate-{n}")
    assert _queries(staff, OVERVIEW) == before


def test_the_overview_counts_reports_statements_and_statuses(
    staff: Client,
    reconciled: Statement,
    fund,  # type: ignore[no-untyped-def]
) -> None:
    response = staff.get(OVERVIEW)
    rows = {r[0]: r for r in table_rows(response, "staff-table")}
    row = rows[str(fund)]
    receipt = fund.reports.get().versions.get().receipt
    assert row[1:4] == ["6", "3", "0"]  # agrees, differs, pending: beside the fund
    assert row[4].startswith(f"{receipt} version 1, ")
    assert "due 2026-" in row[4]
    assert row[5].startswith("not filed")
    assert row[6].startswith("1 statement | last received")
    other = rows[str(fund.election.funds.get(code="ishenim"))]
    assert [*other[1:4], other[6]] == ["0", "0", "0", "none received"]


# The original file -----------------------------------------------------------------------


def test_the_original_file_is_an_attachment_with_its_bytes(
    staff: Client, reconciled: Statement
) -> None:
    response = staff.get(file_url(reconciled))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="statement.csv"'
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == (SAMPLES / "statement.csv").read_bytes()


def test_a_missing_file_is_404(staff: Client, reconciled: Statement) -> None:
    reconciled.file.delete(save=False)
    assert staff.get(file_url(reconciled)).status_code == 404


def test_a_download_name_never_breaks_the_header() -> None:
    assert download_name(Statement(pk=3, name='a"b\r\n/../c.sta')) == "a_b___.._c.sta"
    assert download_name(Statement(pk=3, name="...")) == "statement-3"
    assert download_name(Statement(pk=3, name="выписка.xml")) == "выписка.xml"
