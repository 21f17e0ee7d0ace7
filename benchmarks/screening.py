"""Benchmark: the preliminary analysis (`talapker screen`) over a generated election.

Generates an election (`--scale demo` by default; `national` is 7 million people and a
million contributions), loads its registers, files its final reports and imports its
statements, then times, each database in a fresh process:

1. the full screen of the election (every rule family, set-based SQL), right after the load
   and once more (the warm figure: the registers in memory, as DuckDB's are);
2. a row-by-row ORM baseline over a sample of contributions (per row: the register lookups
   and the donor's running total, as a naive screen would), extrapolated to all rows;

and checks that the findings equal `planted.json` before any time counts.

Usage:
    .venv/bin/python benchmarks/screening.py [--scale demo] [--sample 2000]
        [--postgres postgres://postgres@127.0.0.1:5432/talapker_bench]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TABLES = ("contributions", "expenditures")

ROOT = Path(__file__).resolve().parent.parent


def _load(folder: Path) -> Any:
    """Registers, the election, each fund's final report and its CSV statement (the MT940 and
    camt.053 files hold the same bookings; camt.053 at national scale exceeds the 20 MB cap)."""
    from talapker.banking.services import statement_import
    from talapker.demo.ads import demo_import_ads
    from talapker.demo.money import demo_clock
    from talapker.elections.models import Election
    from talapker.elections.services import election_load
    from talapker.filings.formats.model import Upload
    from talapker.filings.formats.registry import report_read
    from talapker.filings.services import report_file
    from talapker.registers.models import RegisterKind
    from talapker.registers.services import register_import

    for kind in RegisterKind.values:
        register_import(kind, folder / "registers" / f"{kind}.csv", imported_by="bench")
    election_load(folder / "election", actor="bench")
    election = Election.objects.get()
    for fund in election.funds.order_by("code"):
        where = folder / "reports" / fund.code / "final"
        uploads = {t: Upload(f"{t}.csv", (where / f"{t}.csv").read_bytes()) for t in TABLES}
        data = report_read("csv", uploads)
        report_file(
            fund, "final", election.campaign_start, election.final_report_due,
            data, channel="cli", actor="bench",
            scan=Upload("scan.pdf", (where / "scan.pdf").read_bytes()),
        )  # fmt: skip
        path = folder / "statements" / f"{fund.code}.csv"
        statement_import(
            path.name, path.read_bytes(), actor="bench", channel="cli", election=election,
            as_of=demo_clock(election),
        )  # fmt: skip
    demo_import_ads(election, folder, say=lambda _text: None)  # planted.json holds ad findings
    _settle()
    return election


def _settle() -> None:
    """On PostgreSQL, VACUUM ANALYZE after the bulk load: the state autovacuum leaves freshly
    inserted tables in within minutes (hint bits set, visibility map and statistics fresh),
    which is when an auditor's full screen runs. Without it the first screen after a load of
    millions of rows also pays for writing every page's hint bits once."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def _one_new_fund(election: Any) -> float:
    """A new fund files a 1,000-line report (donors taken from another fund's report) and its
    bank sends the matching statement; returns the seconds to screen that fund."""
    from talapker.banking.services import statement_import
    from talapker.compliance.engine import screen
    from talapker.demo.money import demo_clock
    from talapker.filings.formats.model import ReportData
    from talapker.filings.models import ReportVersion
    from talapker.filings.services import report_file, rows_of
    from talapker.funds.models import Account, Fund

    source = ReportVersion.objects.standing().filter(report__fund__election=election).first()
    assert source is not None
    rows = rows_of(source).contributions[:1000]
    fund = Fund.objects.create(election=election, code="bench-new-fund")
    account = Account.objects.create(
        fund=fund, bank="Айыл Банк", number="1359999900000001", opened_on=election.campaign_start
    )
    lines = [
        "account,booking_date,value_date,amount,currency,counterparty_name,counterparty_id,"
        "counterparty_account,reference,purpose"
    ]
    for n, row in enumerate(rows, start=1):
        if row.method == "in_kind":
            continue
        ref = row.bank_ref or f"CASH{n:06d}"
        lines.append(
            f"{account.number},{row.date},{row.date},{row.amount:.2f},KGS,x,{row.donor_id},,"
            f"{ref},gift"
        )
    statement_import(
        "new.csv", "\n".join(lines).encode(), actor="bench", channel="cli", election=election,
        as_of=demo_clock(election),
    )  # fmt: skip
    report_file(
        fund, "final", source.period_from, source.period_to, ReportData(tuple(rows), ()),
        channel="cli", actor="bench",
    )  # fmt: skip
    started = time.perf_counter()
    screen(election, fund, trigger="benchmark, one fund")
    return time.perf_counter() - started


def run_one(folder: Path, sample: int, reference: bool) -> dict[str, object]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talapker.settings.default")
    django.setup()
    from django.core.management import call_command
    from django.db.models import Sum

    from talapker.compliance.engine import findings_data, screen
    from talapker.filings.models import Contribution, ReportVersion
    from talapker.registers.models import Founder, LegalEntity, Person, TaxDebtor

    call_command("migrate", interactive=False, verbosity=0)
    times: dict[str, float] = {}
    started = time.perf_counter()
    election = _load(folder)
    times["load registers, file reports, import statements"] = time.perf_counter() - started

    started = time.perf_counter()
    screen(election, trigger="benchmark")
    times["full screen"] = time.perf_counter() - started
    started = time.perf_counter()  # what an auditor's next run costs: registers in memory
    screen(election, trigger="benchmark, again")
    times["full screen again (warm caches)"] = time.perf_counter() - started
    data = findings_data(election)
    # The loader files final reports only, so the interim ones are (rightly) missing: the
    # filing rules are left out of the comparison with planted.json.
    found = {
        (f["rule"], f["fund"], f["source"], str(f["line"]))
        for f in data
        if not f["rule"].startswith("REPORT_")
    }
    planted = json.loads((folder / "planted.json").read_text(encoding="utf-8"))
    truth = {
        (p["rule"], p["fund"], p["source"], str(p.get("line"))) for p in planted if "rule" in p
    }
    result: dict[str, Any] = {}
    if reference:
        from duckdb_reference import RULES
        from duckdb_reference import reference as duck

        ours = {(f["rule"], f["fund"], "" if f["line"] is None else str(f["line"]))
                for f in data if f["rule"] in RULES}  # fmt: skip
        theirs, loaded, ran = duck(folder, election)
        times["DuckDB reference: load the CSVs"] = loaded
        times["DuckDB reference: exact-match rules"] = ran
        result["reference_agrees"] = ours == theirs
        result["reference_findings"] = len(theirs)

    times["screen one fund after its new 1,000-line report"] = _one_new_fund(election)

    rows_all = Contribution.objects.filter(version__in=ReportVersion.objects.standing())
    total = rows_all.count()
    picked = list(rows_all.order_by("id")[:sample])
    started = time.perf_counter()
    for c in picked:  # the naive screen: the same checks, a few queries per row
        if c.donor_kind == "legal_entity":
            LegalEntity.objects.filter(inn=c.donor_id).first()
            TaxDebtor.objects.filter(inn=c.donor_id).first()
            owners, seen = [c.donor_id], {c.donor_id}
            while owners:  # the founders, through every chain of companies
                for f in Founder.objects.filter(entity_inn=owners.pop()):
                    if f.founder_kind == "entity" and f.founder_id not in seen:
                        seen.add(f.founder_id)
                        owners.append(f.founder_id)
        else:
            Person.objects.filter(pin=c.donor_id).first()
            rows_all.filter(  # others giving the same amount that day (clusters)
                version_id=c.version_id, date=c.date, amount=c.amount
            ).values("donor_id").distinct().count()
        rows_all.filter(donor_id=c.donor_id, date__lte=c.date).aggregate(Sum("amount"))
    per_row = (time.perf_counter() - started) / max(len(picked), 1)
    times["ORM baseline, extrapolated"] = per_row * total
    return result | {
        "times": {k: round(v, 3) for k, v in times.items()},
        "contributions": total,
        "findings": len(found),
        "planted": len(truth),
        "agree": found == truth,
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="demo")
    parser.add_argument("--sample", type=int, default=2_000)
    parser.add_argument("--postgres", help="a PostgreSQL URL to run on as well (recreated)")
    parser.add_argument("--no-reference", action="store_true", help="skip the DuckDB reference")
    parser.add_argument("--postgres-only", action="store_true", help="skip the SQLite run")
    parser.add_argument("--keep", help="generate into (or reuse) this folder")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--reference", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(Path(args.child), args.sample, args.reference)))
        return
    work = Path(tempfile.mkdtemp(prefix="talapker-screen-"))
    data = Path(args.keep) if args.keep else work / "data"
    try:
        if not (data / "planted.json").exists():
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "talapker.cli", "generate", "--scale", args.scale,
                 "--out", str(data)],
                check=True, capture_output=True, env={**os.environ, "TALAPKER_HOME": str(work)},
            )  # fmt: skip
            print(f"generated {args.scale} scale in {time.perf_counter() - started:.1f} s")
        runs: dict[str, dict[str, str]] = {}
        if not args.postgres_only:
            runs["SQLite"] = {"TALAPKER_HOME": str(work / "home")}
        if args.postgres:
            from money_trail import _recreate  # the sibling benchmark's helper

            _recreate(args.postgres)
            runs["PostgreSQL"] = {
                "TALAPKER_HOME": str(work / "home-pg"),
                "DATABASE_URL": args.postgres,
            }
        results: dict[str, dict[str, Any]] = {}
        for name, extra in runs.items():
            reference = (name == "SQLite" or args.postgres_only) and not args.no_reference
            out = subprocess.run(
                [sys.executable, __file__, "--child", str(data), "--sample", str(args.sample)]
                + (["--reference"] if reference else []),
                env={**os.environ, **extra}, check=True, capture_output=True, text=True,
            ).stdout  # fmt: skip
            result = json.loads(out.strip().splitlines()[-1])
            results[name] = result
            times = result["times"]
            print(
                f"\n{name}: {result['contributions']} contributions, {result['findings']} "
                f"findings, planted {result['planted']}, agree {result['agree']}, "
                f"peak {result['peak_mib']} MiB"
            )
            for key, seconds in times.items():
                print(f"  {key:<50} {seconds:9.3f} s")
            ratio = times["ORM baseline, extrapolated"] / max(times["full screen"], 1e-9)
            print(f"  full screen against the ORM baseline: {ratio:.0f}x faster")
            if "reference_agrees" in result:
                print(
                    f"  DuckDB reference: {result['reference_findings']} findings, "
                    f"agree {result['reference_agrees']}"
                )
        duck = next(
            (r["times"]["DuckDB reference: exact-match rules"] for r in results.values()
             if "DuckDB reference: exact-match rules" in r["times"]), None,
        )  # fmt: skip
        for name, result in results.items():
            if duck:
                first = result["times"]["full screen"] / duck
                warm = result["times"]["full screen again (warm caches)"] / duck
                print(
                    f"{name} full screen / DuckDB exact-match rules: {warm:.1f}x warm "
                    f"(DuckDB's tables are in memory too), {first:.1f}x on the first run"
                )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
