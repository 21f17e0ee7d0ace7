"""An election with every public table filled: a filed report (with a donor whose name a
spreadsheet would run as a formula), a screening and a confirmed finding; the snapshots go
to a temporary folder."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from talapker.banking.tests import money
from talapker.compliance.engine import screen
from talapker.compliance.models import Finding
from talapker.compliance.services import finding_review
from talapker.filings.formats.model import ReportData
from talapker.filings.services import report_file

FORMULA_DONOR = '=HYPERLINK("http://example.com","click")'


def pins(election_folder: Path) -> set[str]:
    """Every personal number the fixture knows: the candidates' and the donors'."""
    with (election_folder / "candidates.csv").open(encoding="utf-8") as handle:
        found = {row["pin"] for row in csv.DictReader(handle)}
    return found | {c.donor_id for c in money.CONTRIBUTIONS if c.donor_kind == "individual"}


@pytest.fixture
def filled(fund, settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.OPENDATA_ROOT = tmp_path / "opendata"
    settings.OPENDATA_PUBLIC_URL = "https://talapker.example.kg"
    formula = money.contribution(
        6, "2025-10-06", "individual", "11111199000111", FORMULA_DONOR, "300.00", "cash", ""
    )
    report = ReportData((*money.CONTRIBUTIONS, formula), money.EXPENDITURES)
    report_file(fund, "interim", *money.PERIOD, report, channel="cli", actor="t")
    screen(fund.election, trigger="test")
    finding_review(Finding.objects.public().filter(fund=fund).first(), "confirmed", "ok", actor="a")
    return fund
