"""Filed versions: immutable in the database, superseded by corrections, late when late,
and all or nothing when something fails half-way."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from unittest import mock

import pytest
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from talapker.banking.tests import money
from talapker.filings.formats.model import ReportData, Upload
from talapker.filings.models import Contribution, ReportVersion
from talapker.filings.services import (
    content_sha256,
    draft_file,
    draft_open,
    draft_replace,
    report_file,
    rows_of,
    version_diff,
)
from talapker.filings.tests.conftest import CORPUS

pytestmark = pytest.mark.django_db
SCAN = Upload("scan.pdf", (CORPUS / "pdf" / "clean_scan.pdf").read_bytes())


def _file(fund, data: ReportData = money.REPORT, **kwargs):  # type: ignore[no-untyped-def]
    return report_file(
        fund, "interim", *money.PERIOD, data, channel="cli", actor="test", scan=SCAN, **kwargs
    )


def test_the_database_refuses_to_change_a_filed_report(fund) -> None:
    version = _file(fund).version
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        ReportVersion.objects.filter(pk=version.pk).update(period_to=dt.date(2025, 12, 31))
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        Contribution.objects.filter(version=version).update(amount=Decimal("1.00"))
    version.refresh_from_db()
    assert version.period_to == money.PERIOD[1]
    assert rows_of(version) == money.REPORT


def test_a_correction_supersedes_and_both_stay(fund) -> None:
    first = _file(fund).version
    changed = replace(money.CONTRIBUTIONS[3], amount=Decimal("20000.00"))
    corrected = ReportData((*money.CONTRIBUTIONS[:3], changed), money.EXPENDITURES[:2])
    second = _file(fund, corrected).version
    first.refresh_from_db()
    assert (first.is_current, second.is_current) == (False, True)
    assert second.supersedes == first and second.number == 2
    assert first.receipt != second.receipt
    assert list(ReportVersion.objects.standing()) == [second]
    diff = version_diff(rows_of(first), rows_of(second))
    assert [(d.table, d.line, d.change, d.fields) for d in diff] == [
        ("contributions", 4, "changed", ("amount",)),
        ("contributions", 5, "removed", ()),
        ("expenditures", 3, "removed", ()),
    ]


def test_the_final_report_stands_for_the_fund_once_filed(fund) -> None:
    interim = _file(fund).version
    assert list(ReportVersion.objects.standing()) == [interim]
    final = report_file(
        fund, "final", *money.PERIOD, money.REPORT, channel="cli", actor="test", scan=SCAN
    ).version
    assert list(ReportVersion.objects.standing()) == [final]


def test_the_receipt_digest_is_of_the_content(fund) -> None:
    version = _file(fund).version
    assert version.content_sha256 == content_sha256(fund, "interim", *money.PERIOD, money.REPORT)
    assert len(version.content_sha256) == 64
    assert version.scan_sha256 and version.receipt.startswith(f"TK-{version.filed_at.year}-")


def test_a_report_after_its_deadline_is_marked_late(fund) -> None:
    due = fund.election.interim_report_due  # election day minus the election's parameter
    on_time = timezone.make_aware(dt.datetime.combine(due, dt.time(23, 0)))
    late = on_time + dt.timedelta(hours=2)
    first = _file(fund, now=on_time).version
    second = _file(fund, now=late).version
    assert (first.is_late, second.is_late) == (False, True)
    assert second.due_on == due


def test_the_deadline_follows_the_election_parameter(fund) -> None:
    election = fund.election
    election.rules = election.rules | {"interim_report_days_before": 20}
    election.save()
    fund.refresh_from_db()
    assert fund.election.interim_report_due == election.election_day - dt.timedelta(days=20)
    assert _file(fund).version.due_on == election.election_day - dt.timedelta(days=20)


def test_a_crash_half_way_leaves_nothing(fund) -> None:
    with (
        mock.patch("talapker.banking.reconcile.reconcile", side_effect=RuntimeError("power cut")),
        pytest.raises(RuntimeError),
    ):
        _file(fund)
    assert not ReportVersion.objects.exists()
    assert not Contribution.objects.exists()


def test_a_draft_is_filed_as_the_next_version(fund, django_user_model) -> None:
    user = django_user_model.objects.create(username="t")
    first = _file(fund).version
    draft = draft_open(fund, "interim", *money.PERIOD, user)
    assert rows_of(draft) == money.REPORT  # a correction starts from the current rows
    draft_replace(draft, ReportData(money.CONTRIBUTIONS[:2], ()))
    filed = draft_file(draft, SCAN, actor="t").version
    assert filed.number == 2 and filed.supersedes == first
    assert rows_of(filed) == ReportData(money.CONTRIBUTIONS[:2], ())
    assert not ReportVersion.objects.filter(state="draft").exists()


def test_the_payee_key_backfill_fills_old_rows_and_keeps_them_immutable(fund) -> None:
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    from talapker.core.names import name_key
    from talapker.filings.models import Expenditure

    version = _file(fund).version
    with connection.cursor() as cursor:  # a row as stored before the key existed
        cursor.execute(
            "INSERT INTO filings_expenditure (version_id, line, date, amount, method, bank_ref,"
            " description, category, payee_name, payee_id) VALUES"
            " (%s, 99, '2025-10-11', 10, 'bank', '', '', 'print', 'ОсОО «Ак-Ниет»', '')",
            [version.pk],
        )
    assert Expenditure.objects.get(version=version, line=99).payee_key is None
    backfill = importlib.import_module(
        "talapker.filings.migrations.0008_expenditure_payee_key"
    ).backfill
    backfill(apps, SimpleNamespace(connection=connection))
    assert Expenditure.objects.get(version=version, line=99).payee_key == name_key("ОсОО «Ак-Ниет»")
    assert Expenditure.objects.get(version=version, line=1).payee_key  # filed with its key
    with pytest.raises(DatabaseError), transaction.atomic():
        Expenditure.objects.filter(version=version, line=99).update(payee_name="x")
