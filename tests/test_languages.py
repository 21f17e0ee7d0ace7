"""Every page and every error a user can reach reads in Kyrgyz under /ky/ and in Russian under
/ru/: no English words and no raw codes in the text a reader sees.

The pages are found by walking the URL patterns, so a new page is checked (or must be listed
here with the reason it is not) without anyone remembering to add it. Each is rendered with a
realistic story: the sample election, a report filed and corrected, a bank statement, the
screening's findings (with evidence: chains of owners, legal forms, money), signed in as the
role the page is for. The error pages follow: 404, 403, a refused statement upload, a
refused report upload and scan, a refused period, a failed sign-in.

The text is what a reader meets: the page with its tags, scripts and styles taken away, plus
the attributes a screen reader or a browser shows (`aria-label`, `title`, `alt`,
`placeholder`). Left out are what the page marks as not its language: `<code>` (what a file
or the system holds verbatim: a rule code, a column) and `lang="en"` (a name in English),
and what the user typed, quoted back (“…”, «…»). A word in Latin script in the rest must be
on the allow-list: codes (upper case, or holding a digit or an underscore: rule codes, IBANs,
references, MT940, PDF), the codes of the report format a file must hold (donor kinds,
methods, categories, sheets), file names, web and mail addresses, the names the story's data
gives in Latin (a donor, a founder, a bank), and the own name of English in the language
switcher.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import LocalePrefixPattern, URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone, translation
from django.utils.html import escape

from talapker.accounts.models import Role
from talapker.accounts.testing import make_user, sign_in
from talapker.ads.services import ads_import
from talapker.ads.tests.conftest import SAMPLES as ADS_SAMPLES
from talapker.audit.roots import roots_seal
from talapker.banking.models import BankLine, Statement
from talapker.banking.services import statement_import
from talapker.banking.tests import money
from talapker.banking.tests.scenario import SAMPLES as BANK_SAMPLES
from talapker.candidates.models import Candidate
from talapker.complaints.defaults import default_table_ensure
from talapker.complaints.filing import ComplaintData, complaint_file
from talapker.complaints.handling import complaint_ask, complaint_decide
from talapker.complaints.models import Complaint
from talapker.complaints.tests.conftest import photo
from talapker.compliance.candidate_decisions import candidate_decide
from talapker.compliance.engine import screen
from talapker.compliance.models import Finding
from talapker.compliance.tests.test_rules import entity, founder, gift, person
from talapker.disclosure.donors import ref_for
from talapker.filings.formats.model import (
    CATEGORIES,
    CONTRIBUTIONS,
    DONOR_KINDS,
    EXPENDITURES,
    METHODS,
    ReportData,
    Upload,
)
from talapker.filings.models import Contribution, Expenditure
from talapker.filings.services import draft_open, report_file
from talapker.filings.tests.conftest import CORPUS as FILINGS_CORPUS
from talapker.filings.tests.conftest import SAMPLES as FILINGS_SAMPLES
from talapker.funds.models import Account, Fund
from talapker.lotdraw.services import commit as draw_commit
from talapker.lotdraw.services import draw as draw_hold
from talapker.registers.models import Founder, LegalEntity
from talapker.results.files import import_protocols
from talapker.voters.build import register_build
from talapker.voters.models import MoveRequest, Precinct
from talapker.voters.precincts import precincts_import
from talapker.voters.requests import request_create

pytestmark = pytest.mark.django_db
ADS_SAMPLE, ADS_RATES = ADS_SAMPLES / "ads.csv", ADS_SAMPLES / "rates.csv"
VOTER_SAMPLES = Path(__file__).parents[1] / "talapker" / "voters" / "tests" / "samples"

LANGUAGES = ("ky", "ru")
ELECTION, FUND, PARTY = "jk-2026", "ata-jurt", "ata-jurt"

# Named pages that are not HTML a reader reads, or not reached by a GET: each with why.
NOT_PAGES = {
    "disclosure:party-programme": "a PDF download",
    "disclosure:finance-csv": "a CSV download",
    "disclosure:scan-pdf": "a PDF download",
    "disclosure:draw-protocol": "the draw's protocol as JSON, for verify_draw.py",
    "disclosure:scan-page": "a PNG image of a page (its text is on disclosure:scan)",
    "opendata:snapshot-file": "a file of an open-data snapshot (CSV, Parquet, JSON, checksums)",
    "filings:version-scan": "a PDF download",
    "staff:statement-file": "the bank's file as it was received",
    "accounts:logout": "POST only; it redirects",
    "set_language": "POST only; it redirects",
    "filings:draft-upload": "POST only; its refusal is rendered below",
    "filings:draft-period": "POST only; its refusal is rendered below",
    "filings:draft-file": "POST only; its refusal is rendered below",
    "filings:draft-discard": "POST only; it redirects",
    "filings:row-delete": "POST only; it redirects",
    "complaintstaff:file": "a complaint's photo, video or PDF, for the staff",
}
# Django's administration site is the system administrator's tool, in the catalogues of
# Django and its packages (axes, django-otp), not the commission's pages.
ADMIN_PREFIX = "admin:"

# Words in Latin script that may stand in a Kyrgyz or Russian page.
ALLOWED_WORDS = {
    "English",  # the language switcher names each language in itself
    "Talapker",  # the platform's name
    "OpenAPI",  # the name of the standard the API is described in
    "Python",  # what the draw's stand-alone check runs on
    # The codes of the report format (formats.md, section 4), which a file must hold as they
    # are: a message names the ones it accepts, the upload form the sheets of a workbook.
    *DONOR_KINDS,
    *METHODS,
    *CATEGORIES,
    CONTRIBUTIONS,
    EXPENDITURES,
}
CODE = re.compile(r"[\d_]")  # a token holding a digit or an underscore is a code
ACRONYM = re.compile(r"^[A-Z]{2,}$")  # PDF, CSV, JSON, a country code
QUOTED = re.compile(r"“[^”]*”|«[^»]*»")  # what the user typed, quoted back in a message
ADDRESS = re.compile(
    r"\S+@\S+|https?://\S+|\S+\.(?:csv|xlsx|pdf|json|xml|sta|txt|md)\b|<[A-Za-z]+>", re.I
)  # mail and web addresses, file names, an XML element named in a message
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
SHOWN_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder")


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class ReaderText(HTMLParser):
    """The text a reader meets: character data outside scripts and styles, and the
    attributes a browser or a screen reader presents. Text the page marks as English
    (`lang="en"`: a name in the other languages) and codes (`<code>`: what a file or the
    system holds verbatim, a rule code, a column) are left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._open: list[tuple[str, bool]] = []  # open elements: is their text left out?

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in SHOWN_ATTRIBUTES:
            if values.get(name):
                self.parts.append(str(values[name]))
        if tag in VOID:
            return
        hidden = tag in ("script", "style", "code") or (values.get("lang") or "")[:2] == "en"
        self._open.append((tag, hidden or self._hidden()))

    def handle_endtag(self, tag: str) -> None:
        # Up to the element it closes: an end tag HTML lets a page leave out (</li>, </p>)
        # never leaves an element open that would hide, or show, what follows.
        names = [name for name, _hidden in self._open]
        if tag in names:
            del self._open[len(names) - 1 - names[::-1].index(tag) :]

    def handle_data(self, data: str) -> None:
        if not self._hidden():
            self.parts.append(data)

    def _hidden(self) -> bool:
        return bool(self._open and self._open[-1][1])


def english_words(html: str, allowed: set[str]) -> list[str]:
    """The Latin-script words of the page's text that are not codes, addresses, quoted
    input or allowed."""
    reader = ReaderText()
    reader.feed(html)
    found = []
    for part in reader.parts:
        for token in QUOTED.sub(" ", ADDRESS.sub(" ", part)).split():
            if CODE.search(token):
                continue
            for word in LATIN_WORD.findall(token):
                word = word.strip("'’-")
                if word and word not in allowed and not ACRONYM.match(word):
                    found.append(word)
    return found


def english_in_context(html: str, allowed: set[str]) -> list[str]:
    """Each stretch of text that holds English, for the failure message."""
    reader = ReaderText()
    reader.feed(html)
    return [
        " ".join(p.split()) for p in reader.parts if english_words(f"<p>{escape(p)}</p>", allowed)
    ]


# The story ---------------------------------------------------------------------------------


def _the_story(fund: Fund) -> dict[str, Any]:
    """The sample election with the money story of the bank samples filed and corrected, a
    company donor with a foreign owner two companies up, a statement, a screening, and a
    draft open: what every page of every role has to show."""
    election = fund.election
    scan = Upload("scan.pdf", (FILINGS_CORPUS / "pdf" / "clean_scan.pdf").read_bytes())
    for _version in (1, 2):  # a report and its correction
        report_file(
            fund,
            "interim",
            *money.PERIOD,
            money.REPORT,
            channel="cli",
            actor="treasurer1",
            scan=scan,
        )
    person("21503198500124", "Smith", "John", "1985-03-15", "USA")
    entity("01001201010001", "ОсОО Алтын")
    entity("01001201010002", "ОсОО Күмүш")
    entity("01001201010012", "Фонд Жардам", form="foundation")
    founder("01001201010001", "entity", "01001201010002", "ОсОО Күмүш", "KGZ", "60")
    founder("01001201010002", "entity", "9990001", "Foreign Holding Ltd", "CYP", "20")
    gifts = (
        gift(1, "01001201010001", "ОсОО Алтын", "1000.00", "legal_entity"),
        gift(2, "01001201010012", "Фонд Жардам", "1000.00", "legal_entity"),
        gift(3, "21503198500124", "Smith John", "1000.00"),
        gift(4, "21503198500125", "Асанов Бакыт", "900000.00"),
    )
    final_period = (election.campaign_start, election.election_day)
    report_file(
        fund,
        "final",
        *final_period,
        ReportData(gifts, money.EXPENDITURES),
        channel="cli",
        actor="treasurer1",
    )
    for sample in ("statement.csv", "camt053_v08.xml"):
        statement_import(sample, (BANK_SAMPLES / sample).read_bytes(), actor="bank1", channel="api")
    ads_import(election, ADS_SAMPLE, ADS_RATES, actor="auditor1")  # some payers in Latin
    screen(election, trigger="auditor1")
    first, second = Candidate.objects.filter(party__election=election).order_by("pk")[:2]
    candidate_decide(first, "refused", "ПИН жок", rule="CANDIDATE_PIN_UNKNOWN", actor="auditor1")
    candidate_decide(second, "registered", "Текшерилди", actor="auditor1")
    precincts_import(VOTER_SAMPLES / "precincts.csv")
    person("21503198500130", "Асанов", "Бакыт", "1985-03-15", precinct="1001")
    register_build(election, trigger="test")
    move = request_create(
        election, "21503198500130", dt.date(1985, 3, 15), "9001",
        at=timezone.make_aware(dt.datetime(2026, 10, 20, 12)),
    )  # fmt: skip
    night = [
        {"precinct": "1001", "count": count, "registered": 900, "ballots_received": 920,
         "ballots_issued": 500, "biometric_identified": 500, "ballots_in_box": 500,
         "invalid": 5, "against_all": 5,
         "votes": {"ata-jurt": 300 + shift, "ishenim": 120 - shift, "yntymak": 70},
         "preferences": {"ata-jurt": {"1": 200, "2": 40}}}
        for count, shift in (("machine", 0), ("manual", 4))
    ] + [
        {"precinct": "9001", "registered": 3, "ballots_received": 5, "ballots_issued": 4,
         "biometric_identified": 3, "ballots_in_box": 4, "invalid": 0, "against_all": 0,
         "votes": {"ata-jurt": 2, "ishenim": 1, "yntymak": 0}},
    ]  # fmt: skip
    import_protocols(election, [("night.json", json.dumps(night).encode())], actor="test")
    draw_commit(election, "commission")
    draw_hold(election, ["Ата-Журттун өкүлү: 4417", "байкоочу: бүркүт"], "commission")
    treasurer = make_user("treasurer1", Role.FILER, fund=fund)
    draft_open(fund, "interim", *money.PERIOD, treasurer)
    complaint = _complaints(election)
    roots_seal(today=timezone.localdate() + dt.timedelta(days=1))  # the audit page's table
    return {
        "treasurer": treasurer,
        "auditor": make_user("auditor1", Role.AUDITOR),
        "administrator": make_user("admin1", Role.ADMINISTRATOR),
        "bank": make_user("bank1", Role.BANK, bank=Account.objects.first().bank),  # type: ignore[union-attr]
        "finding": Finding.objects.filter(rule="ENTITY_FOREIGN_PARTICIPATION").get(),
        "move": move,
        "complaint": complaint,
    }


def _complaints(election: Any) -> Complaint:
    """A complaint with a photo that the examiners asked about (its tracking page shows the
    reply form), and one decided with a public answer (the statistics show it)."""
    default_table_ensure()  # a transactional test may have flushed the migration's table
    at = timezone.make_aware(dt.datetime(2026, 11, 20, 15))
    common = {"election": election, "occurred_on": dt.date(2026, 11, 20)}
    decided = complaint_file(
        ComplaintData(**common, category="precinct", region="osh", precinct="1003",
                      text="Байкоочуларды киргизишкен жок."),
        at=at,
    )  # fmt: skip
    complaint_decide(decided, "confirmed", "Эскертүү берилди.", public=True, actor="auditor1")
    waiting = complaint_file(
        ComplaintData(**common, category="vote_buying", region="bishkek", files=(photo(),),
                      text="Акча таратышты.", contact="+996 555 000 111"),
        at=at,
    )  # fmt: skip
    complaint_ask(waiting, "Канча акча беришти?", actor="auditor1")
    return waiting


def _names_in_latin() -> set[str]:
    """The words of the story's own data written in Latin script: names of people, companies
    and banks, which a page shows as they are. (User names hold a digit: codes.)"""
    texts: list[str] = []
    texts += Contribution.objects.values_list("donor_name", flat=True)
    texts += Expenditure.objects.values_list("payee_name", flat=True)
    texts += BankLine.objects.values_list("counterparty_name", flat=True)
    texts += Founder.objects.values_list("founder_name", flat=True)
    texts += LegalEntity.objects.values_list("name", flat=True)
    texts += Account.objects.values_list("bank", flat=True)
    texts += Precinct.objects.values_list("address", flat=True)  # abroad: as the host writes it
    texts += MoveRequest.objects.values_list("tracking_code", flat=True)  # a code, letters too
    texts += Complaint.objects.values_list("tracking_code", flat=True)
    return {word for text in texts for word in LATIN_WORD.findall(text or "")}


def _client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        sign_in(client, user)
    return client


# The pages ---------------------------------------------------------------------------------


def _patterns(
    resolvers: list[URLPattern | URLResolver], namespace: str = ""
) -> Iterator[tuple[str, URLPattern]]:
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry.url_patterns, inner)
        elif entry.name:
            yield f"{namespace}{entry.name}", entry


def _arguments(story: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The arguments of each page, from the story."""
    report = {"election": ELECTION, "fund": FUND, "kind": "interim"}
    party = {"election": ELECTION, "party": PARTY}
    statement = Statement.objects.order_by("pk").first()
    assert statement is not None
    return {
        "disclosure:home": {},
        "disclosure:election": {"election": ELECTION},
        "disclosure:party": {"election": ELECTION, "party": PARTY},
        "disclosure:candidate": {"election": ELECTION, "party": PARTY, "position": 1},
        "disclosure:findings": {"election": ELECTION},
        "disclosure:ads": {"election": ELECTION},
        "disclosure:draw": {"election": ELECTION},
        "disclosure:candidates": {"election": ELECTION},
        "disclosure:scan": {"election": ELECTION, "party": PARTY, "kind": "interim", "number": 1},
        "disclosure:finance": {"election": ELECTION},
        "disclosure:donor": {"election": ELECTION, "ref": ref_for("01001201010001")},
        "disclosure:fund-finance": {"election": ELECTION, "party": PARTY},
        "disclosure:contributions": {"election": ELECTION, "party": PARTY},
        "disclosure:contribution": {"election": ELECTION, "party": PARTY, "line": 1},
        "disclosure:expenditures": {"election": ELECTION, "party": PARTY},
        "disclosure:expenditure": {"election": ELECTION, "party": PARTY, "line": 1},
        "disclosure:version": {**party, "kind": "interim", "number": 2},
        "disclosure:election-feed": {"election": ELECTION},
        "disclosure:fund-feed": party,
        "disclosure:fund-embed": party,
        "opendata:election-data": {"election": ELECTION},
        "accounts:login": {},
        "accounts:password-change": {},
        "filings:home": {},
        "filings:report": report,
        "filings:version": {**report, "number": 1},
        "filings:draft": report,
        "filings:row-add": {**report, "table": "contributions"},
        "filings:row-edit": {**report, "table": "contributions", "line": 1},
        "staff:overview": {},
        "staff:statement-upload": {},
        "staff:fund": {"election": ELECTION, "fund": FUND},
        "findings:queue": {"election": ELECTION},
        "findings:detail": {"election": ELECTION, "pk": story["finding"].pk},
        "findings:candidates": {"election": ELECTION},
        "voters:stations": {"election": ELECTION},
        "voters:abroad-statistics": {"election": ELECTION},
        "voters:lookup": {},
        "voters:abroad-request": {},
        "voters:request-find": {},
        "voters:request": {"code": story["move"].tracking_code},
        "voterstaff:register": {"election": ELECTION},
        "voterstaff:requests": {"election": ELECTION},
        "voterstaff:request": {"election": ELECTION, "code": story["move"].tracking_code},
        "findings:candidate": {"election": ELECTION, "party": PARTY, "position": 1},
        "results:results": {"election": ELECTION},
        "results:precincts": {"election": ELECTION},
        "results:precinct": {"election": ELECTION, "code": "1001"},
        "results:forensics": {"election": ELECTION},
        "resultstaff:results": {"election": ELECTION},
        "complaints:file": {},
        "complaints:find": {},
        "complaints:complaint": {"code": story["complaint"].tracking_code},
        "complaints:statistics": {"election": ELECTION},
        "complaintstaff:queue": {},
        "complaintstaff:complaint": {"code": story["complaint"].tracking_code},
        "audit:log": {},
    }


def _reader(name: str, story: dict[str, Any]) -> User | None:
    """Who reads the page: the role it is for."""
    app = name.split(":")[0]
    if app == "filings" or name == "accounts:password-change":
        return story["treasurer"]
    if app in ("staff", "findings", "voterstaff", "resultstaff", "complaintstaff"):
        return story["auditor"]
    return None


@pytest.fixture
def story(fund: Fund) -> dict[str, Any]:
    return _the_story(fund)


def _pages_of_a_language() -> set[str]:
    """The named patterns under the language prefix: the pages (the API under /api/ answers
    JSON in the requester's language; its tests are the API's)."""
    prefixed = [
        entry
        for entry in get_resolver().url_patterns
        if isinstance(entry, URLResolver) and isinstance(entry.pattern, LocalePrefixPattern)
    ]
    return {name for name, _ in _patterns(list(prefixed))}


def test_every_named_page_is_checked_or_said_why_not(story: dict[str, Any]) -> None:
    names = _pages_of_a_language()
    pages = set(_arguments(story))
    admin = {n for n in names if n.startswith(ADMIN_PREFIX)}
    unaccounted = names - pages - set(NOT_PAGES) - admin
    assert not unaccounted, f"add these pages to the language test: {sorted(unaccounted)}"
    assert pages - names == set(), "pages listed here that no longer exist"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_reads_in_the_language_of_its_address(
    story: dict[str, Any], language: str
) -> None:
    allowed = ALLOWED_WORDS | _names_in_latin()
    english: dict[str, list[str]] = {}
    for name, kwargs in _arguments(story).items():
        with translation.override(language):
            url = reverse(name, kwargs=kwargs)
        response = _client(_reader(name, story)).get(url)
        assert response.status_code == 200, (url, response.status_code)
        if english_words(response.content.decode(), allowed):
            english[url] = english_in_context(response.content.decode(), allowed)
    assert not english, f"English on {language} pages: {english}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_candidates_and_a_lists_finding_read_in_the_language(
    story: dict[str, Any], language: str
) -> None:
    """The auditors' page of a candidate finding and of a list finding: every evidence key
    under its label, every code by its label."""
    auditor = _client(story["auditor"])
    for rule in ("CANDIDATE_PIN_UNKNOWN", "LIST_YOUNG_SHARE"):
        finding = Finding.objects.filter(rule=rule).order_by("pk").first()
        assert finding is not None, rule
        with translation.override(language):
            url = reverse("findings:detail", kwargs={"election": ELECTION, "pk": finding.pk})
        page = auditor.get(url).content.decode()
        assert not english_words(page, ALLOWED_WORDS), english_in_context(page, ALLOWED_WORDS)


# The errors --------------------------------------------------------------------------------


def _errors(story: dict[str, Any], language: str) -> Iterator[tuple[str, Any]]:
    """Each error page as a user meets it, with a description."""
    prefix = f"/{language}"
    treasurer = _client(story["treasurer"])
    auditor = _client(story["auditor"])
    report = f"{prefix}/filing/{ELECTION}/{FUND}/interim/"
    yield "404", Client().get(f"{prefix}/elections/no-such-election/")
    yield "404 of a signed-in filer", treasurer.get(f"{prefix}/filing/{ELECTION}/nope/interim/")
    yield "403 of a filer on a staff page", treasurer.get(f"{prefix}/staff/")
    yield "403 of a bank on a staff page", _client(story["bank"]).get(f"{prefix}/staff/")
    yield (
        "a failed sign-in",
        Client().post(
            f"{prefix}/accounts/login/", {"username": "treasurer1", "password": "wrong", "otp": "1"}
        ),
    )
    for name, content in (
        ("header.csv", b"account,booking_date,amount,currency\n"),
        ("statement.csv", (BANK_SAMPLES / "statement.csv").read_bytes().replace(b".00", b",00")),
        ("statement.sta", b":20:START\n:25:KG00\n"),
        ("statement.xml", b"<Document><BkToCstmrStmt/></Document>"),
        ("empty.csv", b""),
    ):
        upload = SimpleUploadedFile(name, content)
        yield (
            f"a refused statement {name}",
            auditor.post(f"{prefix}/staff/statements/upload/", {"file": upload}),
        )
    yield (
        "a statement upload without a file",
        auditor.post(f"{prefix}/staff/statements/upload/", {}),
    )
    broken = (FILINGS_CORPUS / "csv" / "every_row_broken.contributions.csv").read_bytes()
    yield (
        "a refused report upload",
        treasurer.post(
            f"{report}draft/upload/",
            {
                "format": "csv",
                "contributions": SimpleUploadedFile("contributions.csv", broken),
                "expenditures": SimpleUploadedFile(
                    "expenditures.csv", (FILINGS_SAMPLES / "expenditures.csv").read_bytes()
                ),
            },
        ),
    )
    yield (
        "a refused scan",
        treasurer.post(
            f"{report}draft/file/",
            {"scan": SimpleUploadedFile("scan.pdf", b"<html>not a pdf</html>")},
        ),
    )
    yield (
        "a reversed period",
        treasurer.post(
            f"{report}draft/period/", {"period_from": "2025-10-31", "period_to": "2025-10-01"}
        ),
    )
    yield (
        "a refused row",
        treasurer.post(
            f"{report}draft/contributions/new/",
            {"line": "x", "date": "31.12.2025", "donor_kind": "someone", "amount": "1,5"},
        ),
    )
    complaint = {
        "election": ELECTION, "category": "vote_buying", "region": "bishkek", "text": "Акча.",
        "occurred_on": "2026-11-20",
    }  # fmt: skip
    for name, content in (("photo.jpg", b"%PDF-1.4\n%%EOF"), ("photo.exe", b"MZ\x90\x00")):
        upload = SimpleUploadedFile(name, content)
        yield (
            f"a complaint with a refused file {name}",
            Client().post(f"{prefix}/complaints/", {**complaint, "attachments": upload}),
        )
    yield (
        "a complaint without its kind, text or day",
        Client().post(f"{prefix}/complaints/", {"election": ELECTION, "precinct": "7777"}),
    )
    yield (
        "an unknown tracking code",
        Client().post(f"{prefix}/complaints/find/", {"code": "ABCD-EFGH"}),
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_error_reads_in_the_language_of_its_address(
    story: dict[str, Any], language: str
) -> None:
    allowed = ALLOWED_WORDS | _names_in_latin()
    english: dict[str, list[str]] = {}
    for what, response in _errors(story, language):
        assert response.status_code in (200, 400, 403, 404, 422), (what, response.status_code)
        if english_words(response.content.decode(), allowed):
            english[what] = english_in_context(response.content.decode(), allowed)
    assert not english, f"English in {language} errors: {english}"


def test_the_check_finds_english_and_passes_codes_and_names() -> None:
    html = (
        '<p title="Line 4">Сап 4: <code>DONOR_CAP_EXCEEDED</code> KG25100100001 '
        "contributions.csv https://ata-jurt.kg Smith «wire»</p><script>var x = 'hidden';</script>"
        '<ul><li>legal form: llc<li><span lang="en">Voice of the People</span></ul><p>Region'
    )
    assert english_words(html, {"Smith"}) == ["Line", "legal", "form", "llc", "Region"]
