"""`talapker screen` prints the findings as rules.md defines them."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from talapker.banking.tests import money
from talapker.filings.services import report_file

pytestmark = pytest.mark.django_db
SHAPE = {"rule", "severity", "fund", "source", "line", "amount", "evidence", "explanation"}


def test_screen_prints_the_findings_as_json(fund, capsys) -> None:
    report_file(fund, "interim", *money.PERIOD, money.REPORT, channel="cli", actor="t")
    call_command("screen", "--election", "jk-2026", "--fund", "ata-jurt", "--json")
    found = json.loads(capsys.readouterr().out)
    assert found and all(set(f) >= SHAPE for f in found)
    unknown = [f for f in found if f["rule"] == "DONOR_PIN_UNKNOWN"]
    assert {f["line"] for f in unknown} == {1, 3, 4, 5}  # the sample's registers are empty
    assert all(f["fund"] == "ata-jurt" and f["source"] == "contribution" for f in unknown)
    assert unknown[0]["amount"] == "50000.00"
    assert set(unknown[0]["explanation"]) == {"ky", "ru", "en"}
    call_command("screen", "--election", "jk-2026", "--fund", "ata-jurt", "--json")
    assert json.loads(capsys.readouterr().out) == found  # the same data, the same findings


def test_screen_summarises_and_refuses_unknown_names(fund, capsys) -> None:
    call_command("screen", "--election", "jk-2026")
    assert "jk-2026:" in capsys.readouterr().out
    with pytest.raises(CommandError, match="no election"):
        call_command("screen", "--election", "nope")
    with pytest.raises(CommandError, match="no fund"):
        call_command("screen", "--election", "jk-2026", "--fund", "nope")
