"""Benchmark: the preliminary analysis (`talapker screen`) over a generated election.

Generates an election (`--scale demo` by default; `national` is 7 million people and a
million contributions), loads its registers, files its final reports and imports its
statements, then times, each database in a fresh process:

1. the full screen of the election (every rule family, set-based SQL);
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

ROOT = Path(__file__).resolve().parent.parent


def run_one(folder: Path, sample: int) -> dict[str, object]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talapker.settings.default")
    django.setup()
    from django.core.management import call_command
    from django.db.models import Sum

    from talapker.compliance.engine import findings_data, screen
    from talapker.core.demo_money import demo_file_reports, demo_import_statements
    from talapker.elections.models import Election
    from talapker.elections.services import election_load
    from talapker.filings.models import Contribution, ReportVersion
    from talapker.registers.models import LegalEntity, Person, RegisterKind, TaxDebtor
    from talapker.registers.services import register_import

    call_command("migrate", interactive=False, verbosity=0)
    times: dict[str, float] = {}
    started = time.perf_counter()
    for kind in RegisterKind.values:
        register_import(kind, folder / "registers" / f"{kind}.csv", imported_by="bench")
    election_load(folder / "election", actor="bench")
    election = Election.objects.get()
    demo_import_statements(election, folder, lambda _: None)
    demo_file_reports(election, folder, lambda _: None)
    times["load registers, file reports, import statements"] = time.perf_counter() - started

    started = time.perf_counter()
    screen(election, trigger="benchmark")
    times["full screen"] = time.perf_counter() - started
    found = {(f["rule"], f["fund"], f["source"], str(f["line"])) for f in findings_data(election)}
    planted = json.loads((folder / "planted.json").read_text(encoding="utf-8"))
    truth = {
        (p["rule"], p["fund"], p["source"], str(p.get("line"))) for p in planted if "rule" in p
    }

    rows = Contribution.objects.filter(version__in=ReportVersion.objects.standing())
    total = rows.count()
    picked = list(rows.order_by("id")[:sample])
    started = time.perf_counter()
    for c in picked:  # the naive screen: a few queries per row
        if c.donor_kind == "legal_entity":
            LegalEntity.objects.filter(inn=c.donor_id).first()
            TaxDebtor.objects.filter(inn=c.donor_id).first()
        else:
            Person.objects.filter(pin=c.donor_id).first()
        rows.filter(donor_id=c.donor_id, date__lte=c.date).aggregate(Sum("amount"))
    per_row = (time.perf_counter() - started) / max(len(picked), 1)
    times["ORM baseline, extrapolated"] = per_row * total
    return {
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
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(Path(args.child), args.sample)))
        return
    work = Path(tempfile.mkdtemp(prefix="talapker-screen-"))
    try:
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "talapker.cli", "generate", "--scale", args.scale,
             "--out", str(work / "data")],
            check=True, capture_output=True, env={**os.environ, "TALAPKER_HOME": str(work)},
        )  # fmt: skip
        print(f"generated {args.scale} scale in {time.perf_counter() - started:.1f} s")
        runs = {"SQLite": {"TALAPKER_HOME": str(work / "home")}}
        if args.postgres:
            from money_trail import _recreate  # the sibling benchmark's helper

            _recreate(args.postgres)
            runs["PostgreSQL"] = {
                "TALAPKER_HOME": str(work / "home-pg"),
                "DATABASE_URL": args.postgres,
            }
        for name, extra in runs.items():
            out = subprocess.run(
                [sys.executable, __file__, "--child", str(work / "data"),
                 "--sample", str(args.sample)],
                env={**os.environ, **extra}, check=True, capture_output=True, text=True,
            ).stdout  # fmt: skip
            result = json.loads(out.strip().splitlines()[-1])
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
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
