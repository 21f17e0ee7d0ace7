"""Benchmark: re-screening a fund whose bank sent a statement that no report declares.

A bank posts a statement at the size cap (150,000 lines by default, about 15 MB of CSV) to the
sample election's fund «Ата-Журт»; none of its credits is declared, so the fund gets one
`BANK_UNDECLARED_CREDIT` finding per line. Each database runs in a fresh process with a
fresh, migrated database, and the script times:

1. importing the statement (parse, store, reconcile: one transaction, as an import is atomic);
2. the first screen, which stores every finding;
3. a re-screen with nothing changed (target ≤ 3 s);
4. filing a new 1,000-line report in the fund (store, totals, audit, reconcile);
5. the re-screen after it (target ≤ 3 s);
6. a baseline: the merge as it was before issue 9 (every finding of the fund rewritten in
   one transaction, changed or not), on the same data, once nothing has changed.

For every screen it gives the longest write transaction the screen held (target ≤ 1 s on
SQLite), as the screen measured it, and on SQLite also the longest time another writer
waited for the database meanwhile: a probe thread on its own connection tries
`BEGIN IMMEDIATE` every 5 ms. The findings of the new merge and of the baseline must be the
same before any time counts.

Usage:
    .venv/bin/python benchmarks/rescreen.py [--lines 150000] [--report-lines 1000]
        [--postgres postgres://postgres@127.0.0.1:5432/talapker_bench] [--no-baseline]
With RESCREEN_PROFILE=PREFIX in the environment, each re-screen is profiled into PREFIX.*
(cProfile; read with `python -m pstats`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from money_trail import (
    ACCOUNT,
    CONTRIBUTION_HEADER,
    EXPENDITURE_HEADER,
    SAMPLE,
    SCAN,
    START,
    STATEMENT_HEADER,
    _pin,
    _recreate,
)


def write_files(folder: Path, lines: int, report_lines: int, seed: int = 11) -> None:
    """The statement of undeclared credits and a report that declares none of them."""
    rng = random.Random(seed)
    rows = [STATEMENT_HEADER]
    for n in range(lines):
        day = START + dt.timedelta(days=rng.randrange(50))
        amount = Decimal(rng.randrange(1_000, 500_000)) / 100
        rows.append(f"{ACCOUNT},{day},{day},{amount:.2f},KGS,Плательщик {n},{_pin(rng)},,U{n:08d},")
    (folder / "statement.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    report = [CONTRIBUTION_HEADER]
    for n in range(1, report_lines + 1):
        day = START + dt.timedelta(days=rng.randrange(50))
        amount = Decimal(rng.randrange(1_000, 2_000_000)) / 100
        report.append(f"{n},{day},individual,{_pin(rng)},Донор {n},{amount:.2f},cash,,")
    (folder / "contributions.csv").write_text("\n".join(report) + "\n", encoding="utf-8")
    (folder / "expenditures.csv").write_text(EXPENDITURE_HEADER + "\n", encoding="utf-8")


class WriterProbe:
    """Another writer on SQLite: the longest it waited for the write lock while running."""

    def __init__(self, path: str) -> None:
        self.path, self.longest, self._stop = path, 0.0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> WriterProbe:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        conn = sqlite3.connect(self.path, timeout=0, isolation_level=None)
        blocked_since: float | None = None
        while not self._stop.is_set():
            try:
                conn.execute("BEGIN IMMEDIATE")
                conn.execute("ROLLBACK")
                if blocked_since is not None:
                    self.longest = max(self.longest, time.perf_counter() - blocked_since)
                blocked_since = None
            except sqlite3.OperationalError:
                blocked_since = blocked_since or time.perf_counter()
            time.sleep(0.005)
        if blocked_since is not None:
            self.longest = max(self.longest, time.perf_counter() - blocked_since)
        conn.close()


def run_one(folder: Path, baseline: bool) -> dict[str, Any]:
    """In this process: set Django up on the database of the environment, then time."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talapker.settings.default")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from talapker.banking.services import statement_import
    from talapker.compliance.engine import findings_data, screen
    from talapker.elections.models import Election
    from talapker.elections.services import election_load
    from talapker.filings.formats.model import Upload
    from talapker.filings.formats.registry import report_read
    from talapker.filings.services import report_file
    from talapker.funds.models import Fund

    call_command("migrate", interactive=False, verbosity=0)
    election_load(SAMPLE, actor="benchmark")
    election = Election.objects.get(code="jk-2026")
    fund = Fund.objects.get(code="ata-jurt")
    sqlite_path = connection.settings_dict["NAME"] if connection.vendor == "sqlite" else None
    results: dict[str, Any] = {}

    def timed(key: str, call):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        if sqlite_path:
            with WriterProbe(str(sqlite_path)) as probe:
                value = call()
            results[f"{key}: another writer waited at most"] = round(probe.longest, 3)
        else:
            value = call()
        results[key] = round(time.perf_counter() - started, 3)
        return value

    uploads = {
        name: Upload(f"{name}.csv", (folder / f"{name}.csv").read_bytes())
        for name in ("contributions", "expenditures")
    }
    data = report_read("csv", uploads)
    period = (START, START + dt.timedelta(days=60))
    scan = Upload("scan.pdf", SCAN.read_bytes())

    def file(kind: str, report: Any) -> Any:
        return report_file(fund, kind, *period, report, channel="cli", actor="b", scan=scan)

    file("interim", replace(data, contributions=data.contributions[:7]))
    statement = (folder / "statement.csv").read_bytes()
    results["statement MB"] = round(len(statement) / 1e6, 1)
    timed(
        "import the statement",
        lambda: statement_import("s.csv", statement, actor="bench", channel="cli"),
    )

    def screened(key: str) -> None:
        profile = os.environ.get("RESCREEN_PROFILE")
        if profile:
            import cProfile

            with cProfile.Profile() as profiler:
                run = timed(key, lambda: screen(election, fund, trigger="bench"))
            profiler.dump_stats(f"{profile}.{key.replace(',', '').replace(' ', '-')}")
        else:
            run = timed(key, lambda: screen(election, fund, trigger="bench"))
        results[f"{key}: longest write transaction"] = run.write_seconds
        results[f"{key}: findings (new, no longer found, changed)"] = (
            f"{run.found} ({run.new}, {run.resolved}, {run.changed})"
        )

    screened("first screen")
    screened("re-screen, nothing changed")
    timed("file a new report", lambda: file("final", data))
    screened("re-screen after the new report")
    findings = findings_data(election, fund)
    if baseline:
        key = "baseline: re-screen rewriting every finding"
        longest = timed(key, lambda: _baseline(election, fund))
        results["baseline: longest write transaction"] = longest
        assert findings_data(election, fund) == findings, "the baseline found something else"
    results["findings"] = len(findings)
    results["peak MiB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    return results


def _baseline(election: Any, fund: Any) -> float:
    """The merge before issue 9; returns its one write transaction's length."""
    from screen_baseline import screen_rewriting_all

    return screen_rewriting_all(election, fund)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=150_000)
    parser.add_argument("--report-lines", type=int, default=1_000)
    parser.add_argument("--postgres", help="a PostgreSQL URL to run on as well (recreated)")
    parser.add_argument("--postgres-only", action="store_true")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(Path(args.child), not args.no_baseline), default=str))
        return
    work = Path(tempfile.mkdtemp(prefix="talapker-bench-"))
    try:
        write_files(work, args.lines, args.report_lines)
        runs: dict[str, dict[str, str]] = {}
        if not args.postgres_only:
            runs["SQLite"] = {"TALAPKER_HOME": str(work / "home")}
        if args.postgres:
            _recreate(args.postgres)
            runs["PostgreSQL"] = {"TALAPKER_HOME": str(work / "pg"), "DATABASE_URL": args.postgres}
        print(f"statement: {args.lines} undeclared credits; new report: {args.report_lines} lines")
        for name, extra in runs.items():
            command = [sys.executable, __file__, "--child", str(work)]
            if args.no_baseline:
                command.append("--no-baseline")
            done = subprocess.run(
                command, env={**os.environ, **extra}, capture_output=True, text=True
            )
            if done.returncode:
                sys.exit(f"{name}: the run failed\n{done.stderr}")
            _print(name, json.loads(done.stdout.strip().splitlines()[-1]))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _print(name: str, results: dict[str, Any]) -> None:
    print(f"\n{name}")
    for key, value in results.items():
        unit = " s" if isinstance(value, float) and "MB" not in key else ""
        print(f"  {key:<62} {value}{unit}")
    base = results.get("baseline: re-screen rewriting every finding")
    if base:
        again = results["re-screen, nothing changed"]
        print(f"  re-screen, nothing changed: {base / again:.0f}x faster than the baseline")


if __name__ == "__main__":
    main()
