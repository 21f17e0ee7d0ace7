"""A re-screen costs what changed: it writes only the findings that are new, changed, found
again or no longer found, in short transactions, and one fund is screened by one run at a
time (issue 9)."""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import socket
import subprocess
import sys
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from talapker.banking.services import statement_import
from talapker.compliance import lease, merge
from talapker.compliance.engine import findings_data, screen
from talapker.compliance.lease import ScreeningBusy
from talapker.compliance.models import Finding, ScreeningLease
from talapker.compliance.services import finding_review
from talapker.compliance.tests.test_rules import PERIOD, gift
from talapker.filings.formats.model import ReportData
from talapker.filings.services import report_file

pytestmark = pytest.mark.django_db
ACCOUNT = "1350100012345678"  # the sample fund ata-jurt's special account
HEADER = (
    "account,booking_date,value_date,amount,currency,counterparty_name,counterparty_id,"
    "counterparty_account,reference,purpose"
)


def statement(lines: int, first: int = 0) -> bytes:
    """A CSV statement of credits that no report declares, one reference per line."""
    rows = [HEADER]
    for n in range(first, first + lines):
        day = dt.date(2026, 10, 1) + dt.timedelta(days=n % 40)
        rows.append(f"{ACCOUNT},{day},{day},{100 + n}.00,KGS,Плательщик {n},,,U{n:06d},")
    return ("\n".join(rows) + "\n").encode()


def file(fund, gifts, kind: str = "interim") -> None:  # type: ignore[no-untyped-def]
    report = ReportData(tuple(gifts), ())
    report_file(fund, kind, *PERIOD, report, channel="cli", actor="t")


@pytest.fixture
def undeclared(fund):  # type: ignore[no-untyped-def]
    """A fund with a small report and a statement of 25 credits it does not declare."""
    file(fund, [gift(1, "21503198500123", "Жээнбеков Сооронбай", "100.00", method="cash")])
    statement_import("s.csv", statement(25), actor="bank", channel="cli")
    return fund


def finding_writes(queries: CaptureQueriesContext) -> list[str]:
    """The statements that wrote findings (one `executemany` is one, logged as "N times: ")."""
    statements = (re.sub(r"^\d+ times: ", "", q["sql"]) for q in queries.captured_queries)
    return [
        sql
        for sql in statements
        if sql.startswith(("INSERT", "UPDATE")) and '"compliance_finding"' in sql
    ]


def test_a_rerun_with_nothing_changed_writes_no_finding(undeclared) -> None:
    first = screen(undeclared.election, undeclared, trigger="test")
    assert first.new == first.found >= 25
    with CaptureQueriesContext(connection) as queries:
        again = screen(undeclared.election, undeclared, trigger="test")
    assert finding_writes(queries) == []
    assert (again.found, again.new, again.changed, again.resolved) == (first.found, 0, 0, 0)
    assert again.write_seconds == 0


def test_only_what_changed_is_written_and_reviews_are_kept(undeclared) -> None:
    election = undeclared.election
    run = screen(election, undeclared, trigger="test")
    kept = Finding.objects.get(key__contains="|U000003|")
    finding_review(kept, "confirmed", "no contribution declares it", actor="auditor")
    before = findings_data(election, undeclared)
    # The correction declares the credit of line U000000 (100.00 on 1 October).
    file(undeclared, [gift(1, "21503198500123", "Жээнбеков Сооронбай", "100.00", method="cash"),
                      _declared()], kind="interim")  # fmt: skip
    with CaptureQueriesContext(connection) as queries:
        rerun = screen(election, undeclared, trigger="test")
    assert rerun.resolved == 1
    kinds = (rerun.new > 0) + (rerun.changed > 0) + (rerun.resolved > 0)
    assert len(finding_writes(queries)) == kinds  # one statement per kind of change here
    unchanged = Finding.objects.get(key__contains="|U000010|")
    assert unchanged.last_run_id == run.pk  # untouched by the second run
    kept.refresh_from_db()
    assert kept.review == "confirmed" and kept.last_run_id == run.pk
    gone = Finding.objects.get(key__contains="|U000000|")
    assert not gone.active and gone.last_run_id == rerun.pk
    after = findings_data(election, undeclared)
    assert len(after) == len(before) - 1 + rerun.new


def _declared():  # type: ignore[no-untyped-def]
    from talapker.filings.formats.model import Contribution

    return Contribution(
        2, dt.date(2026, 10, 1), "individual", "21503198500124", "Асанова Айгүл",
        Decimal("100.00"), "bank", "U000000", "",
    )  # fmt: skip


def test_the_writes_go_in_chunks(undeclared, monkeypatch) -> None:
    monkeypatch.setattr(merge, "CHUNK", 10)
    monkeypatch.setattr(merge, "PAUSE", 0)
    with CaptureQueriesContext(connection) as queries:
        run = screen(undeclared.election, undeclared, trigger="test")
    inserts = [q for q in finding_writes(queries) if q.startswith("INSERT")]
    assert len(inserts) == math.ceil(run.new / 10)
    assert Finding.objects.filter(fund=undeclared).count() == run.found


def test_findings_stored_before_their_digest_was_kept_are_written_once(undeclared) -> None:
    first = screen(undeclared.election, undeclared, trigger="test")
    Finding.objects.update(fingerprint="")  # as the migration leaves earlier findings
    upgraded = screen(undeclared.election, undeclared, trigger="test")
    assert (upgraded.new, upgraded.changed) == (0, first.found)
    assert screen(undeclared.election, undeclared, trigger="test").changed == 0


def test_a_fund_is_screened_by_one_run_at_a_time(undeclared, monkeypatch) -> None:
    monkeypatch.setattr(lease, "POLL_SECONDS", 0.01)
    monkeypatch.setattr(lease, "WAIT_SECONDS", 0.05)
    later = timezone.now() + dt.timedelta(minutes=5)
    ScreeningLease.objects.create(fund=undeclared, holder="another run", expires_at=later)
    with pytest.raises(ScreeningBusy):
        screen(undeclared.election, undeclared, trigger="test")
    assert not Finding.objects.exists()
    assert ScreeningLease.objects.get().holder == "another run"  # not released by the loser


def test_a_lease_whose_holder_died_lapses(undeclared) -> None:
    earlier = timezone.now() - dt.timedelta(seconds=1)
    ScreeningLease.objects.create(fund=undeclared, holder="a killed worker", expires_at=earlier)
    run = screen(undeclared.election, undeclared, trigger="test")
    assert run.found >= 25
    assert not ScreeningLease.objects.exists()  # given back at the end


def test_a_lease_held_by_a_dead_process_of_this_host_is_taken_at_once(
    undeclared, monkeypatch
) -> None:
    """A killed consumer's lease: its process is gone, so the next run does not wait for
    the lease to lapse; a live holder, or one on another host, is waited for."""
    monkeypatch.setattr(lease, "POLL_SECONDS", 0.01)
    monkeypatch.setattr(lease, "WAIT_SECONDS", 0.05)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()  # a process of this host that has ended
    later = timezone.now() + dt.timedelta(minutes=10)
    host = socket.gethostname()[:40]
    holder = f"{host} {dead.pid} 0123456789abcdef"
    ScreeningLease.objects.create(fund=undeclared, holder=holder, expires_at=later)
    assert screen(undeclared.election, undeclared, trigger="test").found >= 25
    assert not ScreeningLease.objects.exists()
    for alive in (f"{host} {os.getpid()} 0123456789abcdef", f"elsewhere {dead.pid} 0123"):
        ScreeningLease.objects.create(fund=undeclared, holder=alive, expires_at=later)
        with pytest.raises(ScreeningBusy):
            screen(undeclared.election, undeclared, trigger="test")
        ScreeningLease.objects.all().delete()


def test_a_failing_run_gives_its_lease_back(undeclared, monkeypatch) -> None:
    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk full")

    monkeypatch.setattr("talapker.compliance.engine.merge", broken)
    with pytest.raises(RuntimeError):
        screen(undeclared.election, undeclared, trigger="test")
    assert not ScreeningLease.objects.exists()
