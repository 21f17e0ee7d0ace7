"""Benchmark: building an election's voter register (`talapker.voters.build.register_build`).

Writes N rows of a plausible population.csv (`import_population.py`'s writer) and the
generator's national stations (2,440 at home, 100 abroad), then, in a fresh process per
database (SQLite file, PostgreSQL):

1. loads the sample election, imports the population (timed: the import is one baseline),
   the stations, M registrations abroad (`abroad_import`, timed) and 1,000 approved requests
   to vote abroad (written directly);
2. times the floor: one full scan of registers_person counting the eligible people (the same
   predicate the build's `INSERT … SELECT` uses);
3. times the first build, a second one with nothing changed, and one after ~1 % of the people
   changed (0.6 % moved house, 0.2 % died, 0.2 % gained or lost their biometrics: what a new
   snapshot brings, written by SQL so the figure is the build's alone);
4. reports each build's seconds, its ratio to the scan, its slowest statements and the
   process's peak RSS during the builds (VmHWM, reset before them).

`--explain` also prints the query plans of the build's statements on each database.

Usage:
    .venv/bin/python benchmarks/voter_register.py [--rows 7000000] [--csv FILE] \
        [--no-sqlite] [--no-postgres] [--postgres-url URL] [--abroad 60000] [--explain]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from import_population import _django, _fresh_postgres, write_population  # noqa: E402

SAMPLE = ROOT / "talapker" / "elections" / "tests" / "samples" / "valid"
ELIGIBLE = (
    "holds_kgz AND death_date IS NULL AND biometric AND birth_date <= %s"  # the build's WHERE
)
# ~1 % of people: PIN serials are spread over 0..50,000 by the population writer
CHANGES = (
    "UPDATE registers_person SET precinct = CASE WHEN precinct = '1001' THEN '1002' "
    "ELSE '1001' END WHERE substr(pin, 10, 5) < '00300'",
    "UPDATE registers_person SET death_date = '2026-11-01' "
    "WHERE substr(pin, 10, 5) >= '00300' AND substr(pin, 10, 5) < '00400' AND death_date IS NULL",
    "UPDATE registers_person SET biometric = NOT biometric "
    "WHERE substr(pin, 10, 5) >= '00400' AND substr(pin, 10, 5) < '00500'",
)


def write_stations(path: Path, abroad: int) -> None:
    from talapker.generator.stations import abroad_stations, home_stations, write_precincts

    write_precincts(path, home_stations(2026) + abroad_stations(2026, abroad))


def _peak_reset() -> None:
    Path("/proc/self/clear_refs").write_text("5")


def _peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


@contextmanager
def _statement_clock(log: list[tuple[float, str]]) -> Iterator[None]:
    """Time every statement the connection runs (Django's execute wrapper)."""
    from django.db import connection

    def wrapper(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            log.append((time.perf_counter() - started, " ".join(sql.split())[:90]))

    with connection.execute_wrapper(wrapper):
        yield


def _registrations(path: Path, adult: dt.date, count: int, stations_csv: Path) -> list[str]:
    """Write `count` registrations abroad of eligible people (a pseudo-random sample: the
    PIN serials are random); return the PINs of another 1,000 for the requests."""
    import random

    from django.db import connection

    with stations_csv.open(encoding="utf-8") as fh:
        abroad = [r for r in csv.DictReader(fh) if r["country"] != "KGZ"]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT pin FROM registers_person WHERE {ELIGIBLE} "
            "ORDER BY substr(pin, 10, 5) DESC, pin LIMIT %s",
            [adult, count + 1000],
        )
        pins = [row[0] for row in cursor.fetchall()]
    rng = random.Random(2026)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["pin", "country", "city", "precinct", "registered_on", "source"])
        for pin in pins[:count]:
            station = rng.choice(abroad)
            writer.writerow(
                [pin, station["country"], "Москва", station["code"], "2026-10-20", "consulate"]
            )
    return pins[count:]


def child(args: argparse.Namespace) -> dict[str, Any]:
    _django(args.home, args.database_url)
    from django.db import connection
    from django.utils import timezone

    from talapker.elections.models import Election
    from talapker.elections.services import election_load
    from talapker.registers.services import register_import
    from talapker.voters.abroad import abroad_import
    from talapker.voters.build import adult_on, register_build
    from talapker.voters.models import MoveRequest, RequestState
    from talapker.voters.precincts import precincts_import

    result: dict[str, Any] = {"vendor": connection.vendor}
    election_load(SAMPLE, actor="benchmark")
    election = Election.objects.get(code="jk-2026")
    adult = adult_on(election.election_day, election.rules["voter_min_age"])

    started = time.perf_counter()
    snapshot = register_import("population", args.csv, imported_by="benchmark")
    result["import_seconds"] = time.perf_counter() - started
    result["people"] = snapshot.row_count
    precincts_import(args.stations, actor="benchmark")

    registrations = args.home / "abroad.csv"
    others = _registrations(registrations, adult, args.abroad, args.stations)
    started = time.perf_counter()
    abroad_import(election, registrations, actor="benchmark")
    result["abroad_import_seconds"] = time.perf_counter() - started
    now = timezone.now()
    MoveRequest.objects.bulk_create(
        MoveRequest(
            election=election, pin=pin, tracking_code=f"BENCH{i:06d}", country="TUR",
            precinct="9057", state=RequestState.APPROVED, created_at=now, decided_at=now,
        )
        for i, pin in enumerate(others)
    )  # fmt: skip

    with connection.cursor() as cursor:
        for statement in args.sql:  # e.g. an index to try before the builds
            cursor.execute(statement)
        started = time.perf_counter()
        cursor.execute(f"SELECT COUNT(*) FROM registers_person WHERE {ELIGIBLE}", [adult])
        result["eligible"] = cursor.fetchone()[0]
        result["scan_seconds"] = time.perf_counter() - started

    _peak_reset()
    result["rss_before_mb"] = _peak_mb()
    builds = []
    for label in ("first build", "nothing changed", "after ~1 % changed"):
        if label.startswith("after"):
            with connection.cursor() as cursor:
                for statement in CHANGES:
                    cursor.execute(statement)
        log: list[tuple[float, str]] = []
        started = time.perf_counter()
        with _statement_clock(log):
            build = register_build(election, trigger="benchmark", force=True)
        seconds = time.perf_counter() - started
        slowest = sorted(log, reverse=True)[:4]
        builds.append(
            {"label": label, "seconds": seconds, "voters": build.voters, "added": build.added,
             "removed": build.removed, "moved": build.moved,
             "slowest": [(round(s, 2), sql) for s, sql in slowest]}
        )  # fmt: skip
    result["builds"] = builds
    result["peak_rss_mb"] = _peak_mb()
    if args.explain:
        result["plans"] = _plans(election, adult)
    return result


def _plans(election: Any, adult: dt.date) -> dict[str, str]:
    """The query plan of each statement of a build, over a staged register (rolled back)."""
    from django.db import connection, transaction

    from talapker.voters import build as b

    params = {"election": election.pk, "adult": adult, "build": 0}
    explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    plans: dict[str, str] = {}
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS voters_stage")
        cursor.execute(
            "CREATE TEMPORARY TABLE voters_stage (pin VARCHAR(14) PRIMARY KEY, "
            "precinct VARCHAR(16) NOT NULL, home_precinct VARCHAR(16) NOT NULL, "
            "how VARCHAR(8) NOT NULL)"
        )
        statements = {"STAGED": b.STAGED, "CHANGES": b.CHANGES, "REASONS": b.REASONS}
        statements |= {f"APPLY[{i}]": s for i, s in enumerate(b.APPLY)}
        statements |= {f"COUNTS[{i}]": s for i, s in enumerate(b.COUNTS)}
        for name, sql in statements.items():
            cursor.execute(explain + sql, params)
            plans[name] = "\n".join(" | ".join(str(c) for c in row) for row in cursor.fetchall())
            if name == "STAGED":
                cursor.execute(sql, params)  # the later plans see a full stage
        transaction.set_rollback(True)
    return plans


def _run_child(args: list[str]) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, *args], check=False, capture_output=True, text=True
    )
    if done.returncode:
        sys.exit(done.stdout[-3000:] + done.stderr[-5000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def _report(label: str, r: dict[str, Any]) -> None:
    scan = r["scan_seconds"]
    print(
        f"\n{label}: {r['people']:,} people ({r['eligible']:,} eligible), imported in "
        f"{r['import_seconds']:.1f} s; {r['abroad_import_seconds']:.1f} s to import the "
        f"registrations abroad; the floor, one scan counting the eligible: {scan:.2f} s"
    )
    for b in r["builds"]:
        print(
            f"  {b['label']:<20} {b['seconds']:7.1f} s  = {b['seconds'] / scan:5.1f}× the scan, "
            f"{b['seconds'] / r['import_seconds'] * 100:4.0f} % of the import; "
            f"{b['voters']:,} voters, +{b['added']:,} -{b['removed']:,} moved {b['moved']:,}"
        )
        for seconds, sql in b["slowest"]:
            print(f"      {seconds:7.2f} s  {sql}")
    print(
        f"  peak RSS during the builds: {r['peak_rss_mb']:,.0f} MiB "
        f"(before them: {r['rss_before_mb']:,.0f})"
    )
    for name, plan in r.get("plans", {}).items():
        print(f"  -- {name}\n" + "\n".join(f"     {line}" for line in plan.splitlines()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=7_000_000)
    parser.add_argument("--csv", type=Path, help="use this population.csv instead of writing one")
    parser.add_argument("--abroad", type=int, default=60_000, help="registrations abroad")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument(
        "--postgres-url", default="postgres://postgres@127.0.0.1:5432/talapker_bench_voters"
    )
    parser.add_argument("--explain", action="store_true", help="print the query plans")
    parser.add_argument(
        "--sql", action="append", default=[], metavar="STATEMENT",
        help="run this before the builds (e.g. CREATE INDEX …, to try one); repeatable",
    )  # fmt: skip
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--home", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--stations", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args)))
        return

    with tempfile.TemporaryDirectory(prefix="talapker-bench-voters-") as tmp:
        work = Path(tmp)
        csv_path = args.csv
        if csv_path is None:
            csv_path = work / "population.csv"
            started = time.perf_counter()
            write_population(csv_path, args.rows)
            print(f"wrote {args.rows:,} people in {time.perf_counter() - started:.1f} s")
        stations = work / "precincts.csv"
        write_stations(stations, args.abroad)
        common = ["--child", "--csv", str(csv_path), "--stations", str(stations)]
        common += ["--abroad", str(args.abroad)] + (["--explain"] if args.explain else [])
        for statement in args.sql:
            common += ["--sql", statement]
        if not args.no_sqlite:
            (work / "sqlite").mkdir()
            _report("SQLite", _run_child([*common, "--home", str(work / "sqlite")]))
        if not args.no_postgres:
            _fresh_postgres(args.postgres_url)
            (work / "pg").mkdir()
            pg = _run_child(
                [*common, "--home", str(work / "pg"), "--database-url", args.postgres_url]
            )
            _report("PostgreSQL", pg)
        print("\naim: each build ≤ 60 s, peak RSS < 2 GB")


if __name__ == "__main__":
    main()
