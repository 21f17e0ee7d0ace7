"""Benchmark: the change feed (`elections/{e}/changes`) and its Atom feeds at scale.

Loads the sample election, opens funds up to 20, and writes rows straight into the tables
(bulk inserts, no reports' content): per fund `--versions` filed report versions (each
correcting the one before), `--statements` bank statements and `--findings` confirmed
findings, spread over the campaign. Then times, warm, with Django's test client (server
time): the first page, a page from `since` in the middle of the campaign, the fifth page
by cursor, one fund's page, one kind's page, the election's Atom feed, and the whole list
as CSV; each `--runs` times, the median printed with the number of queries.

Usage:
    .venv/bin/python benchmarks/changes_feed.py
        [--postgres postgres://postgres@127.0.0.1:5432/talapker_bench_changes]
        [--versions 500] [--statements 2500] [--findings 10000] [--runs 7]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "talapker" / "elections" / "tests" / "samples" / "valid"
FUNDS = 20


def load(versions: int, statements: int, findings: int) -> None:
    from django.core.management import call_command
    from django.utils import timezone

    from talapker.banking.models import Statement
    from talapker.compliance.models import Finding
    from talapker.elections.models import Election
    from talapker.elections.services import election_load
    from talapker.filings.models import Report, ReportVersion
    from talapker.funds.models import Account, Fund
    from talapker.parties.models import Party

    call_command("migrate", interactive=False, verbosity=0)
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(["cp", "-r", str(SAMPLE), f"{folder}/election"], check=True)
        election_load(Path(folder) / "election", actor="bench")
    election = Election.objects.get()
    for n in range(election.funds.count(), FUNDS):
        party = Party.objects.create(
            election=election, code=f"bench-{n}", name_ky=f"Партия {n}", name_ru=f"Партия {n}",
            name_en=f"Party {n}", registration_no=f"B-{n}",
        )  # fmt: skip
        fund = Fund.objects.create(election=election, code=party.code, party=party)
        Account.objects.create(
            fund=fund, bank="Bench", number=f"99{n:014d}", opened_on=election.campaign_start
        )
    start = timezone.make_aware(
        dt.datetime.combine(election.campaign_start, dt.time(9)), timezone.get_current_timezone()
    )
    span = (election.election_day - election.campaign_start).total_seconds()
    for index, fund in enumerate(election.funds.order_by("code")):
        report = Report.objects.create(fund=fund, kind="interim")
        previous = None
        for number in range(1, versions + 1):
            at = start + dt.timedelta(seconds=span * number / (versions + 1) + index)
            previous = ReportVersion.objects.create(
                report=report, state="filed", number=number, period_from=election.campaign_start,
                period_to=election.election_day, filed_at=at, channel="api",
                receipt=f"TK-B-{index}-{number}", is_current=number == versions,
                supersedes=previous,
            )  # fmt: skip
        account = fund.accounts.get()
        Statement.objects.bulk_create(
            Statement(
                account=account,
                format="csv",
                name=f"s{k}.csv",
                sha256=f"{index}-{k}",
                file="statements/none.csv",
                lines=k % 40 + 1,
                new_lines=1,
                channel="api",
            )
            for k in range(statements)
        )
        times = [start + dt.timedelta(seconds=span * k / statements) for k in range(statements)]
        ids = fund.accounts.get().statements.order_by("pk").values_list("pk", flat=True)
        Statement.objects.bulk_update(
            [Statement(pk=pk, received_at=t) for pk, t in zip(ids, times, strict=True)],
            ["received_at"],
            batch_size=2000,
        )
        Finding.objects.bulk_create(
            (
                Finding(
                    election=election,
                    fund=fund,
                    key=f"B:{index}:{k}",
                    rule="DONOR_DECEASED",
                    severity="violation",
                    source="contribution",
                    line=str(k),
                    review="confirmed",
                    reviewed_by="bench",
                    reviewed_at=start + dt.timedelta(seconds=span * k / findings + index),
                )
                for k in range(findings)
            ),
            batch_size=5000,
        )


def measure(runs: int) -> None:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    # Time the view, not the server's cache of API answers (core/http/responses.py): the
    # rows were written without the audit events that would change its key.
    settings.TALAPKER_API_CACHE_SECONDS = 0
    client = Client()
    base = "/api/v1/elections/jk-2026/changes"
    fifth = base
    for _ in range(5):
        fifth = client.get(fifth).json()["next"].removeprefix("http://testserver")
    pages: list[tuple[str, str]] = [
        ("first page (100)", base),
        ("since the middle of the campaign", f"{base}?since=2026-10-25T00:00:00%2B06:00"),
        ("fifth page by cursor", fifth),
        ("one fund", f"{base}?fund=ata-jurt&since=2026-10-25"),
        ("one kind (statements)", f"{base}?kind=statement&since=2026-10-25"),
        ("page of 1,000", f"{base}?page_size=1000&since=2026-10-25"),
        ("election Atom feed (50)", "/ky/elections/jk-2026/feed.atom"),
    ]
    print(f"{'request':40} {'median ms':>10} {'queries':>8} {'KB':>8}")
    for name, address in pages:
        timings = []
        for _ in range(runs):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(address)
                timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (address, response.content[:300])
        size = len(response.content) / 1024
        print(f"{name:40} {statistics.median(timings):10.1f} {len(queries):8} {size:8.1f}")
    started = time.perf_counter()
    response = client.get(base, {"format": "csv"})
    body: Any = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    rows = body.count(b"\n") - 1
    print(f"{'whole list as CSV':40} {(time.perf_counter() - started) * 1000:10.1f} "
          f"{'':>8} {len(body) / 1024:8.1f}  ({rows:,} rows)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--postgres", default="")
    parser.add_argument("--versions", type=int, default=500)
    parser.add_argument("--statements", type=int, default=2500)
    parser.add_argument("--findings", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    os.environ["TALAPKER_HOME"] = tempfile.mkdtemp(prefix="talapker-bench-changes-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "talapker.settings.default"
    os.environ.setdefault("TALAPKER_ALLOWED_HOSTS", "testserver")  # Django's test client
    if args.postgres:
        os.environ["DATABASE_URL"] = args.postgres
        name = args.postgres.rsplit("/", 1)[1]
        base = args.postgres.rsplit("/", 1)[0]
        subprocess.run(
            ["psql", f"{base}/postgres", "-qc", f"DROP DATABASE IF EXISTS {name}", "-c",
             f"CREATE DATABASE {name}"], check=True,
        )  # fmt: skip
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection

    started = time.perf_counter()
    load(args.versions, args.statements, args.findings)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    total = FUNDS * (args.versions + args.statements + args.findings)
    print(
        f"{connection.vendor}: {total:,} changes, loaded in {time.perf_counter() - started:.0f} s"
    )
    measure(args.runs)


if __name__ == "__main__":
    main()
