"""Booking dates are bounded from below as they are from above: no statement line may be
booked before its account was opened (or, without an opening date, before the campaign
started), less the election's `booking_margin_days`."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from talapker.audit.models import AuditEvent
from talapker.banking.models import BankLine, Statement
from talapker.banking.services import statement_import
from talapker.banking.statements.checks import booking_floor
from talapker.banking.tests.scenario import SAMPLES
from talapker.core.errors import InputError
from talapker.elections.parameters import BY_KEY
from talapker.filings.tests.test_filing_api import _client

pytestmark = pytest.mark.django_db

HEADER = (SAMPLES / "statement.csv").read_text(encoding="utf-8").splitlines()[0]
ACCOUNT = "1350100012345678"  # ata-jurt's, opened on 2025-09-01 in the sample election
OPENED = dt.date(2025, 9, 1)
MARGIN = BY_KEY["booking_margin_days"].default


def statement(*dates: dt.date | str) -> bytes:
    """A CSV statement of ata-jurt's account with one credit booked on each date."""
    lines = [
        f"{ACCOUNT},{day},,100.00,KGS,Асанов Бакыт,21503198500123,,REF{n},Салым"
        for n, day in enumerate(dates, start=1)
    ]
    return "\n".join([HEADER, *lines]).encode()


def nothing_stored() -> bool:
    return (
        not Statement.objects.exists()
        and not BankLine.objects.exists()
        and not AuditEvent.objects.filter(action="statement.imported").exists()
    )


def refused(data: bytes, **kwargs: Any) -> InputError:
    with pytest.raises(InputError) as caught:
        statement_import("s.csv", data, actor="test", channel="cli", **kwargs)
    assert nothing_stored()
    return caught.value


def test_a_line_booked_on_the_first_day_of_year_one_is_refused(fund) -> None:  # type: ignore[no-untyped-def]
    with translation.override("en"):
        error = refused(statement("2025-10-01", "0001-01-01"))
    assert (error.file, error.line, error.column) == ("s.csv", 3, "booking_date")
    earliest = OPENED - dt.timedelta(days=MARGIN)
    assert f"statement line 2: booked on 0001-01-01, before {earliest}" in error.reason
    assert "the account was opened on 2025-09-01" in error.reason


def test_the_refusal_is_in_the_senders_language(fund) -> None:  # type: ignore[no-untyped-def]
    with translation.override("ru"):
        error = refused(statement("0001-01-01"))
    assert "0001-01-01" in error.reason
    assert "booked on" not in error.reason


def test_a_line_just_inside_the_margin_is_accepted_and_one_day_earlier_is_not(fund) -> None:  # type: ignore[no-untyped-def]
    earliest = OPENED - dt.timedelta(days=MARGIN)
    refused(statement(earliest - dt.timedelta(days=1)))
    imported = statement_import("s.csv", statement(earliest), actor="test", channel="cli")
    assert imported.new_lines == 1


def test_the_margin_is_the_elections_parameter(fund) -> None:  # type: ignore[no-untyped-def]
    election = fund.election
    election.rules = {**election.rules, "booking_margin_days": 0}
    election.save(update_fields=["rules"])
    refused(statement(OPENED - dt.timedelta(days=1)))
    assert statement_import("s.csv", statement(OPENED), actor="t", channel="cli").new_lines == 1


def test_an_election_loaded_before_the_parameter_existed_reads_its_default(fund) -> None:  # type: ignore[no-untyped-def]
    election = fund.election
    election.rules = {k: v for k, v in election.rules.items() if k != "booking_margin_days"}
    election.save(update_fields=["rules"])
    refused(statement(OPENED - dt.timedelta(days=MARGIN + 1)))
    assert (
        statement_import(
            "s.csv", statement(OPENED - dt.timedelta(days=MARGIN)), actor="t", channel="cli"
        ).new_lines
        == 1
    )


def test_without_an_opening_date_the_campaign_start_is_the_floor() -> None:
    start = dt.date(2026, 10, 1)
    with translation.override("en"):
        earliest, why = booking_floor(None, start, 30)
    assert earliest == dt.date(2026, 9, 1)
    assert "the campaign started on 2026-10-01" in why
    assert booking_floor(dt.date(1, 1, 5), start, 30)[0] == dt.date.min  # no overflow


def test_the_bank_api_answers_422_naming_the_line(fund) -> None:  # type: ignore[no-untyped-def]
    client = _client("aiyl", "bank", bank="Айыл Банк")
    response = client.post(
        "/api/v1/bank/statements",
        data=statement("0001-01-01"),
        content_type="text/csv",
        HTTP_X_FILE_NAME="old.csv",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 422, response.content
    assert (response.json()["line"], response.json()["column"]) == (2, "booking_date")
    assert nothing_stored()


def test_the_command_line_refuses_it(fund, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "old.csv"
    path.write_bytes(statement("0001-01-01"))
    with pytest.raises(CommandError, match=r"old.csv, line 2, column booking_date"):
        call_command("import_statement", "--election", "jk-2026", str(path))
    assert nothing_stored()


@pytest.mark.parametrize(
    "name", ["statement.csv", "mt940_structured_utf8.sta", "camt053_v02.xml", "camt053_v08.xml"]
)
def test_the_recorded_samples_are_still_accepted(fund, name: str) -> None:  # type: ignore[no-untyped-def]
    data = (SAMPLES / name).read_bytes()
    assert statement_import(name, data, actor="t", channel="cli").new_lines == 7
