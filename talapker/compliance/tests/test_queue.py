"""Filing a report or importing a statement queues the fund's screening, which runs once the
write has committed; the write never depends on it."""

from __future__ import annotations

from unittest import mock

import pytest

from talapker.banking.services import statement_import
from talapker.banking.tests import money
from talapker.banking.tests.scenario import SAMPLES
from talapker.compliance.models import Finding, ScreeningRun
from talapker.filings.models import ReportVersion
from talapker.filings.services import report_file

pytestmark = pytest.mark.django_db


def test_a_filing_screens_its_fund_after_commit(fund, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        report_file(fund, "interim", *money.PERIOD, money.REPORT, channel="cli", actor="t")
    run = ScreeningRun.objects.get()
    assert run.fund == fund and run.trigger == "report filed (t)"
    assert Finding.objects.filter(fund=fund, rule="DONOR_PIN_UNKNOWN").count() == 4


def test_an_import_screens_its_fund_after_commit(fund, django_capture_on_commit_callbacks) -> None:
    data = (SAMPLES / "statement.csv").read_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        statement_import("s.csv", data, actor="bank", channel="api")
    assert ScreeningRun.objects.filter(fund=fund).count() == 1


def test_a_failing_screen_leaves_the_filing_in_place(
    fund, django_capture_on_commit_callbacks
) -> None:
    with (
        mock.patch("talapker.compliance.engine.screen", side_effect=RuntimeError("disk full")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        report_file(fund, "interim", *money.PERIOD, money.REPORT, channel="cli", actor="t")
    assert ReportVersion.objects.filed().count() == 1
    assert not ScreeningRun.objects.exists()
