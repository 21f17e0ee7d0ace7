"""Benchmark: filing a 5,000-line report and importing a 10,000-line bank statement.

Each database runs in a fresh process with a fresh, migrated database holding the sample
election (talapker/elections/tests/samples/valid). The benchmark writes its own files:

- a report of N contributions (default 5,000) and N/10 expenditures, as the two CSV files;
- a CSV statement of M lines (default 10,000) of the same fund's account: a bank line for
  every bank or cash contribution and expenditure, and the rest unrelated credits.

and times, in one run:

1. reading and validating the report (`report_read`, what a filer's "check" costs);
2. filing it (`report_file`: store the version, its rows, the audit event, reconcile);
3. importing the statement (`statement_import`: parse, check, store, reconcile), then the same
   file again (nothing changes) and an overlapping statement of the first half of the lines;
4. a baseline: the same report stored row by row with the ORM (`Contribution.objects.create`
   per row) and the statement stored with one `get_or_create` per line, as a naive importer
   would, with no reconciliation at all.

Usage:
    .venv/bin/python benchmarks/money_trail.py [--lines 5000] [--statement-lines 10000]
        [--postgres postgres://postgres@127.0.0.1:5432/talapker_bench]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "talapker" / "elections" / "tests" / "samples" / "valid"
SCAN = ROOT / "talapker" / "filings" / "tests" / "corpus" / "pdf" / "clean_scan.pdf"
ACCOUNT = "1350100012345678"  # the sample fund ata-jurt's account
CONTRIBUTION_HEADER = "line,date,donor_kind,donor_id,donor_name,amount,method,bank_ref,description"
EXPENDITURE_HEADER = "line,date,category,payee_name,payee_id,amount,method,bank_ref,description"
STATEMENT_HEADER = (
    "account,booking_date,value_date,amount,currency,counterparty_name,counterparty_id,"
    "counterparty_account,reference,purpose"
)
START = dt.date(2026, 10, 1)


def _pin(rng: random.Random) -> str:
    born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(20_000))
    return f"{rng.choice('12')}{born:%d%m%Y}{rng.randrange(100_000):05d}"


def write_files(folder: Path, lines: int, statement_lines: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    contributions, expenditures, bank = [CONTRIBUTION_HEADER], [EXPENDITURE_HEADER], []
    for n in range(1, lines + 1):
        day = START + dt.timedelta(days=rng.randrange(50))
        pin, amount = _pin(rng), Decimal(rng.randrange(1_000, 20_000_000)) / 100
        method = rng.choices(("bank", "cash", "in_kind"), (85, 10, 5))[0]
        ref = f"C{n:08d}" if method == "bank" else ""
        contributions.append(f"{n},{day},individual,{pin},Донор {n},{amount:.2f},{method},{ref},")
        if method != "in_kind":
            bank.append((day, amount, pin, ref or f"CASH{n:08d}"))
    for n in range(1, lines // 10 + 1):
        day = START + dt.timedelta(days=rng.randrange(50))
        amount = Decimal(rng.randrange(10_000, 50_000_000)) / 100
        inn = f"0{rng.randrange(10**12, 10**13)}"
        expenditures.append(f"{n},{day},print,ОсОО Принт {n},{inn},{amount:.2f},bank,E{n:08d},")
        bank.append((day, -amount, inn, f"E{n:08d}"))
    while len(bank) < statement_lines:
        day = START + dt.timedelta(days=rng.randrange(50))
        amount = Decimal(rng.randrange(1_000, 500_000)) / 100
        bank.append((day, amount, _pin(rng), f"X{len(bank):08d}"))
    bank.sort()
    rows = [STATEMENT_HEADER] + [
        f"{ACCOUNT},{day},{day},{amount:.2f},KGS,Плательщик,{cp},,{ref},взнос"
        for day, amount, cp, ref in bank[:statement_lines]
    ]
    (folder / "contributions.csv").write_text("\n".join(contributions) + "\n", encoding="utf-8")
    (folder / "expenditures.csv").write_text("\n".join(expenditures) + "\n", encoding="utf-8")
    (folder / "statement.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    half = rows[: 1 + len(rows) // 2]
    (folder / "first-half.csv").write_text("\n".join(half) + "\n", encoding="utf-8")


def _timed(results: dict[str, float], key: str, call):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    value = call()
    results[key] = round(time.perf_counter() - started, 3)
    return value


def run_one(folder: Path) -> dict[str, object]:
    """In this process: set Django up on the database of the environment, then time."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talapker.settings.default")
    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    from talapker.banking.models import BankLine
    from talapker.banking.services import statement_import
    from talapker.elections.services import election_load
    from talapker.filings.formats.model import Upload
    from talapker.filings.formats.registry import report_read
    from talapker.filings.models import Contribution, ReportVersion
    from talapker.filings.services import report_file
    from talapker.funds.models import Fund

    call_command("migrate", interactive=False, verbosity=0)
    election_load(SAMPLE, actor="benchmark")
    fund = Fund.objects.get(code="ata-jurt")
    results: dict[str, float] = {}
    uploads = {
        "contributions": Upload("contributions.csv", (folder / "contributions.csv").read_bytes()),
        "expenditures": Upload("expenditures.csv", (folder / "expenditures.csv").read_bytes()),
    }
    data = _timed(results, "report: read and validate", lambda: report_read("csv", uploads))
    period = (START, START + dt.timedelta(days=60))
    scan = Upload("scan.pdf", SCAN.read_bytes())

    def file() -> object:
        return report_file(fund, "final", *period, data, channel="cli", actor="bench", scan=scan)

    _timed(results, "report: file (store, audit, reconcile)", file)
    statement = (folder / "statement.csv").read_bytes()

    def send(name: str, body: bytes):  # type: ignore[no-untyped-def]
        return lambda: statement_import(name, body, actor="bench", channel="cli")

    _timed(results, "statement: import", send("statement.csv", statement))
    _timed(results, "statement: same file again", send("statement.csv", statement))
    half = (folder / "first-half.csv").read_bytes()
    _timed(results, "statement: overlapping half", send("first-half.csv", half))
    statuses = dict(
        fund.transactions.values_list("status").annotate(n=django.db.models.Count("id"))
    )

    def baseline_report() -> None:
        with transaction.atomic():
            version = ReportVersion.objects.filter(report__fund=fund).first()
            assert version is not None
            draft = ReportVersion.objects.create(
                report=version.report,
                state="draft",
                period_from=period[0],
                period_to=period[1],
                channel="cli",
            )
            for c in data.contributions:
                Contribution.objects.create(version=draft, **vars(c))
            transaction.set_rollback(True)

    def baseline_statement() -> None:
        from talapker.banking.identity import identities
        from talapker.banking.statements.registry import parse_statement

        parsed = parse_statement("statement.csv", statement)
        with transaction.atomic():
            record = BankLine.objects.first().statement  # type: ignore[union-attr]
            account = record.account
            BankLine.objects.filter(account=account).delete()
            for line, identity in zip(parsed.lines, identities(parsed.lines), strict=True):
                BankLine.objects.get_or_create(
                    account=account,
                    reference=line.reference,
                    defaults={
                        "identity": identity,
                        "statement": record,
                        "booking_date": line.booking_date,
                        "value_date": line.value_date,
                        "amount": line.amount,
                        "currency": line.currency,
                        "counterparty_id": line.counterparty_id,
                    },
                )
            transaction.set_rollback(True)

    _timed(results, "baseline: report row by row (ORM, no reconciliation)", baseline_report)
    _timed(results, "baseline: statement line by line (ORM, no reconciliation)", baseline_statement)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    return {"times": results, "statuses": statuses, "peak_mib": peak}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=5_000)
    parser.add_argument("--statement-lines", type=int, default=10_000)
    parser.add_argument("--postgres", help="a PostgreSQL URL to run on as well (recreated)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(Path(args.child)), default=str))
        return
    work = Path(tempfile.mkdtemp(prefix="talapker-bench-"))
    try:
        write_files(work, args.lines, args.statement_lines)
        runs = {"SQLite": {"TALAPKER_HOME": str(work / "home")}}
        if args.postgres:
            _recreate(args.postgres)
            runs["PostgreSQL"] = {
                "TALAPKER_HOME": str(work / "home-pg"),
                "DATABASE_URL": args.postgres,
            }
        print(
            f"report: {args.lines} contributions + {args.lines // 10} expenditures; "
            f"statement: {args.statement_lines} lines"
        )
        for name, extra in runs.items():
            env = {**os.environ, **extra}
            out = subprocess.run(
                [sys.executable, __file__, "--child", str(work)],
                env=env,
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            result = json.loads(out.strip().splitlines()[-1])
            _print(name, result)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _print(name: str, result: dict) -> None:  # type: ignore[type-arg]
    times = result["times"]
    print(f"\n{name} (peak memory {result['peak_mib']} MiB); statuses {result['statuses']}")
    for key, seconds in times.items():
        print(f"  {key:<58} {seconds:8.3f} s")
    filing = times["report: read and validate"] + times["report: file (store, audit, reconcile)"]
    base = times["baseline: report row by row (ORM, no reconciliation)"]
    print(
        f"  filing in all {filing:.3f} s; row-by-row ORM baseline {base:.3f} s "
        f"({base / filing:.1f}x)"
    )
    imported = times["statement: import"]
    base = times["baseline: statement line by line (ORM, no reconciliation)"]
    print(
        f"  statement import {imported:.3f} s; line-by-line ORM baseline {base:.3f} s "
        f"({base / imported:.1f}x)"
    )


def _recreate(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


if __name__ == "__main__":
    main()
