"""Benchmark: the public money pages at national scale (1,000,000 contributions, 20 funds).

Loads the sample election, opens funds up to 20, files a final report of N contributions
(and N/20 expenditures) for each, then times, warm, in the same process, the pages a voter
and a journalist open, with Django's test client (server time: view, queries, template):
the election page, the election's finance page, a fund's finance page, its contributions
list (page 1 and the last page), a transaction, and the cross-fund search by donor name
(Cyrillic, Latin, two words). Each is fetched `--runs` times; the median is printed with
the number of queries.

The baseline in the same run: the figures the pages show, summed from the contribution
rows of the standing versions (what a page would do without the totals kept at filing).

Usage:
    .venv/bin/python benchmarks/finance_pages.py [--rows-per-fund 50000] [--funds 20]
        [--postgres postgres://postgres@127.0.0.1:5432/talapker_bench_pages] [--runs 7]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "talapker" / "elections" / "tests" / "samples" / "valid"
SURNAMES = ("Асанов", "Бакиев", "Токтогулов", "Жээнбеков", "Өмүрбеков", "Сатыбалдиев", "Ниязов")
GIVEN = ("Бакыт", "Нурлан", "Айгүл", "Үсөн", "Талант", "Жылдыз", "Чолпон", "Азамат")
LATIN = {"Асанов": "Asanov", "Бакыт": "Bakyt", "Бакиев": "Bakiev", "Нурлан": "Nurlan"}
CATEGORIES = ("print", "tv_radio", "online", "outdoor", "events", "transport", "staff")


def _pin(rng: random.Random) -> str:
    """A well-formed PIN: sex digit, birth date, serial (so every donor gets a public id)."""
    born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(20_000))
    return f"{rng.choice('12')}{born:%d%m%Y}{rng.randrange(10**5):05d}"


def _report(rng: random.Random, rows: int, start: dt.date, days: int) -> Any:
    from talapker.filings.formats.model import Contribution, Expenditure, ReportData

    donors = [(_pin(rng), f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}") for _ in range(rows // 2)]
    gifts = []
    for line in range(1, rows + 1):
        pin, name = rng.choice(donors)
        if rng.random() < 0.1:  # a Latin spelling of the same person, as banks write it
            name = " ".join(LATIN.get(word, word) for word in name.split()).upper()
        gifts.append(
            Contribution(
                line, start + dt.timedelta(days=rng.randrange(days)), "individual", pin, name,
                Decimal(rng.choice((100, 500, 1000, 5000, 20000))), "bank", "", "",
            )
        )  # fmt: skip
    spends = tuple(
        Expenditure(
            line, start + dt.timedelta(days=rng.randrange(days)), rng.choice(CATEGORIES),
            "ОсОО Принт", "", Decimal(rng.randrange(1000, 100000)), "bank", "", "",
        )
        for line in range(1, rows // 20 + 1)
    )  # fmt: skip
    return ReportData(tuple(gifts), spends)


def load(funds: int, rows: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    from talapker.elections.models import Election
    from talapker.elections.services import election_load
    from talapker.filings.services import report_file
    from talapker.funds.models import Fund
    from talapker.parties.models import Party

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(["cp", "-r", str(SAMPLE), f"{folder}/election"], check=True)
        election_load(Path(folder) / "election", actor="bench")
    election = Election.objects.get()
    for n in range(election.funds.count(), funds):
        party = Party.objects.create(
            election=election, code=f"bench-{n}", name_ky=f"Партия {n}", name_ru=f"Партия {n}",
            name_en=f"Party {n}", registration_no=f"B-{n}",
        )  # fmt: skip
        Fund.objects.create(election=election, code=party.code, party=party)
    rng = random.Random(2026)
    days = (election.election_day - election.campaign_start).days
    for fund in election.funds.order_by("code")[:funds]:
        started = time.perf_counter()
        data = _report(rng, rows, election.campaign_start, days)
        report_file(
            fund, "final", election.campaign_start, election.election_day, data,
            channel="cli", actor="bench",
        )  # fmt: skip
        print(f"  filed {rows:,} rows for {fund.code} in {time.perf_counter() - started:.1f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def timed(client: Any, address: str, runs: int) -> tuple[float, int, int]:
    """Median milliseconds, queries and bytes of a warm GET."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(address)  # warm
    assert response.status_code == 200, (address, response.status_code)
    times = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(address)
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), len(queries), len(response.content)


def baseline(runs: int) -> float:
    """The election's totals summed from the rows of the standing versions (milliseconds)."""
    from django.db.models import Count, Sum

    from talapker.filings.models import Contribution, Expenditure, ReportVersion

    times = []
    for _ in range(runs):
        started = time.perf_counter()
        standing = ReportVersion.objects.standing().values("pk")
        list(
            Contribution.objects.filter(version__in=standing)
            .values("version")
            .annotate(raised=Sum("amount"), n=Count("id"), donors=Count("donor_id", distinct=True))
        )
        list(
            Expenditure.objects.filter(version__in=standing)
            .values("version", "category")
            .annotate(spent=Sum("amount"))
        )
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def measure(runs: int) -> None:
    from django.test import Client

    from talapker.elections.models import Election
    from talapker.filings.models import Contribution

    election = Election.objects.get()
    e = election.code
    fund = election.funds.select_related("party").order_by("code").first()
    assert fund is not None and fund.party is not None
    p = fund.party.code
    count = Contribution.objects.filter(version__report__fund=fund).count()
    last = (count + 49) // 50
    pages = [
        ("election page", f"/ky/elections/{e}/"),
        ("election finance page", f"/ky/elections/{e}/finance/"),
        ("fund finance page", f"/ky/elections/{e}/parties/{p}/finance/"),
        ("contributions, page 1", f"/ky/elections/{e}/parties/{p}/finance/contributions/"),
        (
            "contributions, last page",
            f"/ky/elections/{e}/parties/{p}/finance/contributions/?page={last}",
        ),
        ("a transaction", f"/ky/elections/{e}/parties/{p}/finance/contributions/1/"),
        ("search: асанов", f"/ky/elections/{e}/finance/?name=асанов"),
        ("search: ASANOV bakyt", f"/ky/elections/{e}/finance/?name=ASANOV+bakyt"),
        ("search: асанов, page 5", f"/ky/elections/{e}/finance/?name=асанов&page=5"),
        (
            "search: 20,000 som and up",
            f"/ky/elections/{e}/finance/?amount_min=20000&order=-amount",
        ),
    ]
    client = Client(HTTP_HOST="127.0.0.1")
    print(f"{'page':32} {'median ms':>10} {'queries':>8} {'KB':>6}")
    for label, address in pages:
        ms, queries, size = timed(client, address, runs)
        print(f"{label:32} {ms:10.1f} {queries:8d} {size / 1024:6.1f}")
    sums = baseline(runs)
    ms, _queries, _size = timed(client, f"/ky/elections/{e}/finance/", runs)
    print(
        f"baseline: the election's totals summed from the rows: {sums:.1f} ms "
        f"({sums / ms:.0f}x the whole election finance page, {ms:.1f} ms)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows-per-fund", type=int, default=50_000)
    parser.add_argument("--funds", type=int, default=20)
    parser.add_argument("--postgres", default="")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep-home", default="")
    parser.add_argument(
        "--measure-only", action="store_true", help="time the pages of a database loaded before"
    )
    args = parser.parse_args()
    home = args.keep_home or tempfile.mkdtemp(prefix="talapker-bench-pages-")
    os.environ["TALAPKER_HOME"] = home
    os.environ["DJANGO_SETTINGS_MODULE"] = "talapker.settings.default"
    if args.postgres:
        os.environ["DATABASE_URL"] = args.postgres
    if args.postgres and not args.measure_only:
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

    print(
        f"{connection.vendor}: {args.funds} funds x {args.rows_per_fund:,} contributions "
        f"(home {home})"
    )
    if not args.measure_only:
        started = time.perf_counter()
        load(args.funds, args.rows_per_fund)
        print(f"loaded in {time.perf_counter() - started:.0f} s")
    measure(args.runs)


if __name__ == "__main__":
    main()
