"""Wide tables on a phone (390 px) and a laptop (1280 px), in Kyrgyz: every key column of
every table lies inside the screen without scrolling, no caption is clipped, the page itself
never scrolls sideways, axe-core finds no serious or critical WCAG 2.2 AA violation and
every page weighs at most 150 KB. The walk takes a screenshot of each page at each width.

Key columns are marked in the templates: `class="key"` on the column's header cell and on
each of its body cells. The check is generic: it reads every table on every page it walks,
fails on a table with no key column or a key column whose cells are not marked, and the
walk must render every template that holds a table, so that a new table is covered."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.test.signals import template_rendered
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, expect

from talapker.accounts.models import Role
from talapker.accounts.testing import make_user, sign_in
from talapker.ads.services import ads_import
from talapker.ads.tests.conftest import SAMPLES as ADS_SAMPLES
from talapker.audit.roots import roots_seal
from talapker.banking.services import statement_import
from talapker.banking.tests import money
from talapker.banking.tests.make_corpus import CORPUS as BANK_CORPUS
from talapker.banking.tests.scenario import SAMPLES as BANK_SAMPLES
from talapker.complaints.defaults import default_table_ensure
from talapker.complaints.filing import ComplaintData, complaint_file
from talapker.complaints.handling import complaint_decide
from talapker.disclosure.donors import ref_for
from talapker.elections.models import Election
from talapker.filings.drafts import draft_row_put, draft_start
from talapker.filings.formats.model import Contribution, Expenditure, ReportData, Upload
from talapker.filings.services import report_file
from talapker.filings.tests.conftest import CORPUS, SAMPLES
from talapker.opendata.snapshot import snapshot_write
from talapker.results.files import import_protocols
from talapker.voters.abroad import abroad_import
from talapker.voters.build import register_build
from talapker.voters.precincts import precincts_import
from talapker.voters.requests import request_create
from talapker.voters.tests.test_register import HEADER as VOTER_HEADER
from talapker.voters.tests.test_register import SAMPLES as VOTER_SAMPLES
from talapker.voters.tests.test_register import person as voter
from tests.browser.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (390, 1280)
PAGE_LIMIT = 150 * 1024  # bytes of the document and everything it loads
TEMPLATES = Path(__file__).resolve().parents[2] / "talapker" / "templates"
REPORT = "/ky/filing/jk-2026/ata-jurt/interim/"
FINANCE = "/ky/elections/jk-2026/parties/ata-jurt/finance/"
# Where the screenshots go: an artifacts folder if the environment names one (CI keeps it),
# else the test's temporary folder. They are for a person to look at, never committed.
SHOTS = os.environ.get("LAYOUT_SCREENSHOTS", "")

# Every cell of a key column, the captions, and where each of them is clipped: by the
# viewport and by every ancestor that scrolls or hides what overflows it.
OUT_OF_SIGHT = """() => {
  const problems = [];
  const name = (table, index) => {
    const caption = table.querySelector("caption");
    return (table.className ? "table." + table.className.split(" ")[0] : "table")
      + "#" + index + (caption ? " «" + caption.textContent.trim().slice(0, 40) + "»" : "");
  };
  const visible = (element) => {
    let left = 0, right = window.innerWidth;
    for (let e = element.parentElement; e && e !== document.body; e = e.parentElement) {
      if (getComputedStyle(e).overflowX !== "visible") {
        const box = e.getBoundingClientRect();
        left = Math.max(left, box.left);
        right = Math.min(right, box.right);
      }
    }
    return [left, right];
  };
  const outside = (element, box = element.getBoundingClientRect()) => {
    if (box.width === 0 || box.height === 0) return "hidden";
    const [left, right] = visible(element);
    // A header row kept for screen readers alone (cards on a phone) is not for the eye.
    if (right - left <= 1 && element.closest("thead")) return null;
    if (box.left < left - 1 || box.right > right + 1)
      return `spans ${Math.round(box.left)}–${Math.round(box.right)} px, `
        + `visible ${Math.round(left)}–${Math.round(right)} px`;
    return null;
  };
  // The column each cell starts in, counting colspans (no rowspans in these tables).
  const columns = (row) => {
    let column = 0;
    return [...row.cells].map((cell) => {
      const at = column;
      column += cell.colSpan;
      return [at, cell];
    });
  };
  document.querySelectorAll("main table").forEach((table, index) => {
    const header = table.tHead && table.tHead.rows[0];
    const keys = header
      ? columns(header).filter(([, c]) => c.classList.contains("key")).map(([at]) => at)
      : [];
    if (!keys.length) { problems.push(name(table, index) + ": no key column marked"); return; }
    const caption = table.querySelector("caption");
    if (caption) {  // its text: the box of a caption is as wide as its table
      const text = document.createRange();
      text.selectNodeContents(caption);
      const where = outside(caption, text.getBoundingClientRect());
      if (where) problems.push(name(table, index) + ": caption " + where);
    }
    for (const row of table.rows) {
      for (const [at, cell] of columns(row)) {
        const key = keys.includes(at) && cell.colSpan === 1;
        if (key !== cell.classList.contains("key") && row.parentElement.tagName !== "THEAD")
          problems.push(name(table, index) + `: row ${row.rowIndex}, column ${at + 1}: `
            + (key ? "key cell not marked" : "marked key outside a key column"));
        if (!cell.classList.contains("key")) continue;
        const where = outside(cell);
        if (where) problems.push(name(table, index) + `: row ${row.rowIndex}, column ${at + 1} `
          + `«${cell.textContent.trim().slice(0, 30)}» ${where}`);
      }
    }
  });
  if (document.documentElement.scrollWidth > window.innerWidth)
    problems.push(`the page is ${document.documentElement.scrollWidth} px wide`);
  return problems;
}"""


# The bytes of the document and of the style sheets and images it uses (uncompressed, and
# counted whether or not the browser had them cached).
WEIGHT = """async () => {
  const urls = new Set([
    ...[...document.querySelectorAll("link[rel~=stylesheet], link[rel~=icon]")].map(l => l.href),
    ...[...document.images].map(i => i.currentSrc),
  ]);
  let sum = performance.getEntriesByType("navigation")[0].decodedBodySize;
  for (const url of urls) sum += (await (await fetch(url)).arrayBuffer()).byteLength;
  return sum;
}"""


@dataclasses.dataclass
class Walk:
    """What the walk saw: the templates rendered, screenshots taken, problems found."""

    shots: Path
    rendered: set[str] = dataclasses.field(default_factory=set)
    problems: list[str] = dataclasses.field(default_factory=list)
    weights: dict[str, int] = dataclasses.field(default_factory=dict)


def tables_in_templates() -> set[str]:
    return {
        path.relative_to(TEMPLATES).as_posix()
        for path in TEMPLATES.rglob("*.html")
        if "<table" in path.read_text(encoding="utf-8")
    }


# A row as long as real ones get: a legal entity's full name, an account-length reference
# and a description near the 120 characters the tables show.
LONG_CONTRIBUTION = Contribution(
    6,
    dt.date(2025, 10, 20),
    "legal_entity",
    "01203200510123",
    "Жоопкерчилиги чектелген коому «Түндүк Курулуш Инвест Групп Ассоциациясы»",
    Decimal("1250000.00"),
    "bank",
    "KG2510200000000000012345",
    "Шайлоо фондуна ыктыярдуу салым, келишим №2025/10-0457 боюнча, "
    "уюштуруучулардын жалпы чогулушунун чечими менен бекитилген",
)
LONG_EXPENDITURE = Expenditure(
    4,
    dt.date(2025, 10, 21),
    "media",
    "«Кыргыз Телерадиоберүү Корпорациясы» Коомдук телерадиоберүү борбору",
    "02410199210056",
    Decimal("987654.32"),
    "bank",
    "KG2510300000000000067890",
    "Жарнамалык видеороликти көрсөтүү, 30 секунд, 12 жолу, эфирдин негизги убактысында",
)


@pytest.fixture
def site(live_server, election_folder: Path) -> str:  # type: ignore[no-untyped-def]
    """The sample election with a fund that has its statement, two filed versions (a
    correction), a draft with long rows and the findings of its screening."""
    call_command("load_election", str(election_folder))
    election = Election.objects.get(code="jk-2026")
    fund = election.funds.get(code="ata-jurt")
    data = (BANK_SAMPLES / "statement.csv").read_bytes()
    statement_import("statement.csv", data, actor="aiyl-bank", channel="api")
    scan = Upload("scan.pdf", (CORPUS / "pdf" / "clean_scan.pdf").read_bytes())
    report_file(fund, "interim", *money.PERIOD, money.REPORT, channel="cli", actor="treasurer",
                scan=scan)  # fmt: skip
    changed = dataclasses.replace(money.CONTRIBUTIONS[3], amount=Decimal(20000))
    corrected = ReportData(
        (*money.CONTRIBUTIONS[:3], changed, *money.CONTRIBUTIONS[4:], LONG_CONTRIBUTION),
        (*money.EXPENDITURES, LONG_EXPENDITURE),
    )
    report_file(fund, "interim", *money.PERIOD, corrected, channel="cli", actor="treasurer",
                scan=scan)  # fmt: skip
    treasurer = make_user("treasurer", Role.FILER, fund=fund)
    draft = draft_start(fund, "interim", *money.PERIOD, treasurer)
    second = dataclasses.replace(LONG_CONTRIBUTION, line=7)
    draft_row_put(draft, "contributions", second, "treasurer")
    make_user("auditor", Role.AUDITOR)
    ads_import(election, ADS_SAMPLES / "ads.csv", ADS_SAMPLES / "rates.csv", actor="test")
    snapshot_write(election, actor="test")  # the data page lists its files
    precincts_import(VOTER_SAMPLES / "precincts.csv")
    for n, code in enumerate(("1001", "1002", "1003", "1001")):
        voter(f"2150319850010{n}", "1985-03-15", code)
    register_build(election, trigger="test")
    abroad = election_folder / "abroad.csv"
    abroad.write_text(VOTER_HEADER + "21503198500103,TUR,Стамбул,9001,2026-09-10,consulate\n")
    abroad_import(election, abroad, actor="consul")
    register_build(election, trigger="test")  # the second build lists who moved
    request_create(election, "21503198500100", dt.date(1985, 3, 15), "9002",
                   at=timezone.make_aware(dt.datetime(2026, 10, 20, 12)))  # fmt: skip
    night = [
        {"precinct": code, "count": count, "registered": 900, "ballots_received": 920,
         "ballots_issued": 500 + shift, "biometric_identified": 500, "ballots_in_box": 500,
         "invalid": 5, "against_all": 5,
         "votes": {"ata-jurt": 300 + shift, "ishenim": 120 - shift, "yntymak": 70}}
        for code, count, shift in (("1001", "machine", 0), ("1001", "manual", 4),
                                   ("1002", "machine", 9), ("1003", "machine", 31))
    ]  # fmt: skip
    import_protocols(election, [("night.json", json.dumps(night).encode())], actor="test")
    default_table_ensure()  # the live server's tests flush the migration's rows
    filed_at = timezone.make_aware(dt.datetime(2026, 11, 20, 15))
    for n, (category, region) in enumerate(
        (("vote_buying", "jalal-abad"), ("unpaid_ads", "bishkek"), ("precinct", "issyk-kul"))
    ):
        complaint = complaint_file(
            ComplaintData(election, category, region, dt.date(2026, 11, 20),
                          "Шайлоочуларга акча таратылды, күбөлөр бар.",
                          district="Сузак району"),
            at=filed_at + dt.timedelta(hours=n),
        )  # fmt: skip
        if n:
            complaint_decide(complaint, "confirmed", "Фактылар ырасталды.", public=n == 1,
                             actor="auditor", at=filed_at + dt.timedelta(days=n))  # fmt: skip
    roots_seal(today=timezone.localdate() + dt.timedelta(days=1))  # the audit page's roots
    return str(live_server.url)


def signed_in_context(browser: Browser, site: str, username: str) -> BrowserContext:
    """A Kyrgyz browser whose session is the user's, verified by their second factor."""
    client = Client()
    sign_in(client, User.objects.get(username=username))
    context = browser.new_context(
        viewport={"width": WIDTHS[0], "height": 844}, locale="ky-KG", bypass_csp=True
    )  # bypass_csp only so that axe can be injected
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": site}])
    return context


@pytest.fixture
def walk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Walk]:
    shots = Path(SHOTS) if SHOTS else tmp_path_factory.mktemp("screenshots")
    shots.mkdir(parents=True, exist_ok=True)
    seen = Walk(shots=shots)

    def record(sender: Any, template: Any, **kwargs: Any) -> None:
        if template.origin and template.origin.template_name:
            seen.rendered.add(template.origin.template_name)

    template_rendered.connect(record)
    yield seen
    template_rendered.disconnect(record)
    print(f"screenshots in {seen.shots}")


def look(page: Page, walk: Walk, name: str, open_page: Callable[[], Any]) -> None:
    """Bring the page to its state at each width; screenshot it and check its tables."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900 if width > 1000 else 844})
        statuses: list[int] = []

        def answered(response: Any, statuses: list[int] = statuses) -> None:
            if response.request.resource_type == "document":
                statuses.append(response.status)

        page.on("response", answered)
        open_page()
        page.remove_listener("response", answered)
        if any(status >= 400 for status in statuses):
            walk.problems.append(f"{name} at {width} px: answered {statuses}")
        if not page.locator("main table").count():
            walk.problems.append(f"{name} at {width} px: no table to check")
        weight = int(page.evaluate(WEIGHT))
        page.screenshot(path=walk.shots / f"{name}-{width}.png", full_page=True)
        walk.weights[f"{name}-{width}"] = weight
        if weight > PAGE_LIMIT:
            walk.problems.append(f"{name} at {width} px: {weight} bytes")
        for problem in page.evaluate(OUT_OF_SIGHT):
            walk.problems.append(f"{name} at {width} px: {problem}")
        for violation in axe_violations(page):
            walk.problems.append(f"{name} at {width} px: axe {violation['id']}")


def test_key_columns_show_on_a_phone_and_a_laptop(browser: Browser, site: str, walk: Walk) -> None:
    public = browser.new_context(locale="ky-KG", bypass_csp=True)
    page = public.new_page()
    for name, path in (
        ("election", "/ky/elections/jk-2026/"),
        ("party", "/ky/elections/jk-2026/parties/ata-jurt/"),
        ("election-finance", "/ky/elections/jk-2026/finance/?amount_min=1"),
        ("fund-finance", f"{FINANCE}"),
        ("contributions", f"{FINANCE}contributions/"),
        ("expenditures", f"{FINANCE}expenditures/"),
        ("public-version", f"{FINANCE}reports/interim/2/"),
        ("findings-register", "/ky/elections/jk-2026/findings/"),
        ("candidates", "/ky/elections/jk-2026/candidates/"),
        ("stations", "/ky/elections/jk-2026/precincts/"),
        ("abroad-statistics", "/ky/elections/jk-2026/precincts/abroad/"),
        ("ads", "/ky/elections/jk-2026/ads/"),
        ("open-data", "/ky/elections/jk-2026/data/"),
        ("donor", f"/ky/elections/jk-2026/donors/{ref_for(money.CONTRIBUTIONS[0].donor_id)}/"),
        ("results", "/ky/elections/jk-2026/results/"),
        ("results-precincts", "/ky/elections/jk-2026/results/precincts/"),
        ("results-precinct", "/ky/elections/jk-2026/results/precincts/1001/"),
        ("forensics", "/ky/elections/jk-2026/results/forensics/"),
        ("complaints-statistics", "/ky/elections/jk-2026/complaints/"),
        ("audit-log", "/ky/audit/"),
    ):
        look(page, walk, name, lambda path=path: page.goto(site + path))
    public.close()

    auditor = signed_in_context(browser, site, "auditor")
    page = auditor.new_page()
    for name, path in (
        ("staff-overview", "/ky/staff/"),
        ("staff-candidates", "/ky/staff/findings/jk-2026/candidates/?show=all"),
        ("staff-register", "/ky/staff/voters/jk-2026/register/"),
        ("staff-requests", "/ky/staff/voters/jk-2026/requests/"),
        ("staff-fund", "/ky/staff/jk-2026/funds/ata-jurt/"),
        ("findings", "/ky/staff/findings/jk-2026/"),
        ("staff-complaints", "/ky/staff/complaints/?show=all"),
    ):
        look(page, walk, name, lambda path=path: page.goto(site + path))

    def received_statements() -> None:  # two days of the fund's account in one MT940 file
        page.goto(f"{site}/ky/staff/statements/upload/")
        page.set_input_files(
            "input[name=file]", str(BANK_CORPUS / "mt940" / "two_statements_same_account.sta")
        )
        page.locator("form.staff-form button[type=submit]").click()
        expect(page.locator("#upload-outcome table")).to_be_visible()

    look(page, walk, "statement-received", received_statements)
    auditor.close()

    treasurer = signed_in_context(browser, site, "treasurer")
    page = treasurer.new_page()
    for name, path in (
        ("report", REPORT),
        ("version", f"{REPORT}v2/"),
        ("draft-checked", f"{REPORT}draft/?check=1"),
    ):
        look(page, walk, name, lambda path=path: page.goto(site + path))

    def refused_upload() -> None:
        page.goto(f"{site}{REPORT}draft/")
        bad = CORPUS / "csv" / "comma_decimal.contributions.csv"
        page.set_input_files("input[name=contributions]", str(bad))
        page.set_input_files("input[name=expenditures]", str(SAMPLES / "expenditures.csv"))
        page.locator("form:has(input[name=contributions]) button[type=submit]").click()
        expect(page.locator("table.filing-problems")).to_be_visible()

    look(page, walk, "draft-refused", refused_upload)
    treasurer.close()

    print("\n".join(walk.problems))
    print("bytes per page:", walk.weights)
    assert walk.problems == []
    unwalked = tables_in_templates() - walk.rendered
    assert unwalked == set(), "these templates hold a table the walk never showed"


def test_the_check_sees_a_key_column_cut_off(browser: Browser) -> None:
    """The check itself: a wide table in a scrolling region, its key column last."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    cells = "".join(f"<td>{'word ' * 8}</td>" for _ in range(6))
    page.set_content(
        "<main><div style='overflow-x:auto'><table style='white-space:nowrap'>"
        "<caption style='text-align:left'>The candidate list of a party with a long name: "
        "seven candidates</caption>"
        "<thead><tr><th>a</th><th>b</th><th>c</th><th>d</th><th>e</th><th>f</th>"
        "<th class='key'>Amount</th></tr></thead>"
        f"<tbody><tr>{cells}<td class='key'>1 000.00</td></tr></tbody></table></div>"
        "<table><thead><tr><th>x</th></tr></thead><tbody><tr><td>y</td></tr></tbody></table>"
        "</main>"
    )
    problems = page.evaluate(OUT_OF_SIGHT)
    context.close()
    assert any(re.search(r"row 1, column 7 «1 000.00» spans", p) for p in problems), problems
    assert any("row 0, column 7 «Amount»" in p for p in problems), problems
    assert any("caption spans" in p for p in problems), problems
    assert any("table#1: no key column marked" in p for p in problems), problems
