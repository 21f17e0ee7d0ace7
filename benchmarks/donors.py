"""Benchmark: donors under their pseudonyms at national scale (1,000,000 contributions, 20 funds).

Loads the sample election, opens funds up to 20 and files a final report of N contributions
for each: individual donors with well-formed PINs, a third of whom also give other funds
(under a Latin spelling one time in ten), and companies from a legal-entity register in
which groups of companies stand under one foreign holding or one person. The population
register holds every donor and as many other people. Then it times, warm, with Django's
test client (server time: view, queries, template): a person's donor page, a company's
(with the chain of its owners and the companies under the same owners), the donors API
(first page, a page half way down the cursor, by name in two scripts, by total, by kind)
and the whole CSV export; and what filing costs the donors: storing a version's new refs
and rebuilding its fund's rows.

Usage:
    .venv/bin/python benchmarks/donors.py [--rows-per-fund 50000] [--funds 20]
        [--postgres postgres://postgres@127.0.0.1:5432/talapker_bench_donors] [--runs 7]
"""

from __future__ import annotations

import argparse
import base64
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
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "talapker" / "elections" / "tests" / "samples" / "valid"
SURNAMES = ("Асанов", "Бакиев", "Токтогулов", "Жээнбеков", "Өмүрбеков", "Сатыбалдиев", "Ниязов")
GIVEN = ("Бакыт", "Нурлан", "Айгүл", "Үсөн", "Талант", "Жылдыз", "Чолпон", "Азамат")
LATIN = {"Асанов": "Asanov", "Бакыт": "Bakyt", "Бакиев": "Bakiev", "Нурлан": "Nurlan"}
COMPANIES = 5_000
GROUP = 50  # companies under one owner at the top


def _pin(rng: random.Random) -> str:
    born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(20_000))
    return f"{rng.choice('12')}{born:%d%m%Y}{rng.randrange(10**5):05d}"


def _inn(n: int) -> str:
    return f"0{n:013d}"


def _top(group: int, people: list[tuple[str, str]]) -> tuple[str, str, str]:
    """The owner at the top of a group: a foreign holding, or a person, in turn."""
    if group % 2:
        return "entity", f"F{group}", "CYP"
    return "person", people[group][0], "KGZ"


def registers(rng: random.Random, people: list[tuple[str, str]]) -> None:
    """The population register (every shared donor and as many others), companies and
    founders: each group of companies under one owner at the top, half of them through a
    Kyrgyz holding company, each with a person holding 40 %."""
    from talapker.core.names import entity_name_key, name_key
    from talapker.registers.models import Founder, LegalEntity, Person
    from talapker.registers.ownership import ownership_rebuild

    others = [(_pin(rng), f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}") for _ in people]
    rows, seen = [], set()
    for pin, name in people + others:
        if pin not in seen:
            seen.add(pin)
            surname, given = name.split()
            rows.append(
                Person(
                    pin=pin, surname=surname, name=given, birth_date=dt.date(1980, 1, 1),
                    sex="M", citizenship="KGZ", biometric=True, name_key=name_key(name),
                    pin_consistent=True, holds_kgz=True, citizenship_count=1,
                )
            )  # fmt: skip
    Person.objects.bulk_create(rows, batch_size=5000)
    entities, founders = [], []
    for n in range(1, COMPANIES + 1):
        name = f"ОсОО Компания {n}"
        entities.append(
            LegalEntity(
                inn=_inn(n), name=name, legal_form="llc", country="KGZ",
                registration_date=dt.date(2015, 1, 1), name_key=entity_name_key(name),
            )
        )  # fmt: skip
        group = n // GROUP
        if n % 2:
            holding = _inn(COMPANIES + 1 + group)
            founders.append((_inn(n), "entity", holding, f"ОсОО Холдинг {group}", "KGZ", 60))
        else:
            kind, top, country = _top(group, people)
            founders.append((_inn(n), kind, top, f"Owner {group}", country, 60))
        pin, name = people[-1 - n % len(people)]
        founders.append((_inn(n), "person", pin, name, "KGZ", 40))
    for group in range(COMPANIES // GROUP + 1):
        holding = _inn(COMPANIES + 1 + group)
        entities.append(
            LegalEntity(
                inn=holding, name=f"ОсОО Холдинг {group}", legal_form="llc", country="KGZ",
                registration_date=dt.date(2010, 1, 1), name_key=f"holding {group}",
            )
        )  # fmt: skip
        kind, top, country = _top(group, people)
        founders.append((holding, kind, top, f"Owner {group}", country, 100))
    LegalEntity.objects.bulk_create(entities, batch_size=5000)
    Founder.objects.bulk_create(
        [
            Founder(
                entity_inn=e, founder_kind=k, founder_id=i, founder_name=nm, country=c,
                share=Decimal(s), name_key=nm.lower(),
            )
            for e, k, i, nm, c, s in founders
        ],
        batch_size=5000,
    )  # fmt: skip
    ownership_rebuild()


def _report(
    rng: random.Random, rows: int, start: dt.date, days: int, shared: list[tuple[str, str]]
) -> Any:
    from talapker.filings.formats.model import Contribution, ReportData

    own = [(_pin(rng), f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}") for _ in range(rows // 3)]
    gifts = []
    for line in range(1, rows + 1):
        if rng.random() < 0.05:
            n = rng.randrange(1, COMPANIES + 1)
            donor, name, kind = _inn(n), f"ОсОО Компания {n}", "legal_entity"
        else:
            donor, name = rng.choice(shared if rng.random() < 0.3 else own)
            kind = "individual"
            if rng.random() < 0.1:  # a Latin spelling of the same person, as banks write it
                name = " ".join(LATIN.get(word, word) for word in name.split()).upper()
        gifts.append(
            Contribution(
                line, start + dt.timedelta(days=rng.randrange(days)), kind, donor, name,
                Decimal(rng.choice((100, 500, 1000, 5000, 20000))), "bank", "", "",
            )
        )  # fmt: skip
    return ReportData(tuple(gifts), ())


def load(funds: int, rows: int) -> list[tuple[str, str]]:
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
    shared = [(_pin(rng), f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}") for _ in range(rows)]
    started = time.perf_counter()
    registers(rng, shared)
    print(f"  registers in {time.perf_counter() - started:.1f} s")
    days = (election.election_day - election.campaign_start).days
    for fund in election.funds.order_by("code")[:funds]:
        started = time.perf_counter()
        data = _report(rng, rows, election.campaign_start, days, shared)
        report_file(
            fund, "final", election.campaign_start, election.election_day, data,
            channel="cli", actor="bench",
        )  # fmt: skip
        print(f"  filed {rows:,} rows for {fund.code} in {time.perf_counter() - started:.1f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return shared


def timed(client: Any, address: str, runs: int) -> tuple[float, int, int]:
    """Median milliseconds, queries and bytes of a warm GET (a streamed export read whole)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def get() -> bytes:
        response = client.get(address)
        assert response.status_code == 200, (address, response.status_code)
        if response.streaming:
            return b"".join(response.streaming_content)
        return bytes(response.content)

    get()  # warm
    times, count, size = [], 0, 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            size = len(get())
            times.append((time.perf_counter() - started) * 1000)
        count = len(queries)
    return statistics.median(times), count, size


def filing_cost(runs: int) -> None:
    """What the receiver costs one fund's filing: the read for new refs (none left), and
    the fund's donor rows rebuilt."""
    from django.db import connection, transaction

    from talapker.disclosure.donors import fund_donors_rebuild, version_refs_store
    from talapker.filings.models import ReportVersion

    version = ReportVersion.objects.standing().select_related("report__fund").first()
    assert version is not None
    fund = version.report.fund

    def rebuild() -> None:
        fund_donors_rebuild(fund.pk, fund.election_id, connection)

    for label, work in (
        ("filing: refs of a version (all known)", lambda: version_refs_store(version)),
        ("filing: a fund's donor rows rebuilt", rebuild),
    ):
        times = []
        for _ in range(runs):
            with transaction.atomic():
                started = time.perf_counter()
                work()
                times.append((time.perf_counter() - started) * 1000)
        print(f"{label:40} {statistics.median(times):10.1f}")


def measure(runs: int, shared: list[tuple[str, str]]) -> None:
    from django.test import Client

    from talapker.disclosure.donors import ref_for
    from talapker.disclosure.models import Donor, FundDonor
    from talapker.elections.models import Election

    e = Election.objects.get().code
    givers = FundDonor.objects.filter(donor__donor_id__in=[pin for pin, _ in shared[:5000]])
    person = givers.order_by("-gifts").values_list("donor__ref", flat=True).first()
    company = ref_for(_inn(2 * GROUP + 1))  # under a Kyrgyz holding, a person at the top
    ids = Donor.objects.order_by("id").values_list("id", flat=True)
    half = ids[ids.count() // 2]
    cursor = quote(base64.b64encode(f"p={half}".encode()).decode())
    api = f"/api/v1/elections/{e}/donors"
    pages = [
        ("donor page: a person", f"/ky/elections/{e}/donors/{person}/"),
        ("donor page: a company and its owners", f"/ky/elections/{e}/donors/{company}/"),
        ("API: first page (100)", api),
        ("API: a page half way down", f"{api}?cursor={cursor}"),
        ("API: name=асанов", f"{api}?name=асанов"),
        ("API: name=ASANOV bakyt", f"{api}?name=ASANOV+bakyt"),
        ("API: min_total=100000", f"{api}?min_total=100000"),
        ("API: kind=legal_entity", f"{api}?kind=legal_entity"),
        ("API: CSV export, every donor", f"{api}?format=csv"),
    ]
    client = Client(HTTP_HOST="127.0.0.1")
    print(f"{'request':40} {'median ms':>10} {'queries':>8} {'KB':>8}")
    for label, address in pages:
        ms, queries, size = timed(client, address, 1 if "CSV" in label else runs)
        print(f"{label:40} {ms:10.1f} {queries:8d} {size / 1024:8.1f}")
    filing_cost(runs)
    print(f"donors: {Donor.objects.count():,}; fund-donor rows: {FundDonor.objects.count():,}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows-per-fund", type=int, default=50_000)
    parser.add_argument("--funds", type=int, default=20)
    parser.add_argument("--postgres", default="")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    home = tempfile.mkdtemp(prefix="talapker-bench-donors-")
    os.environ["TALAPKER_HOME"] = home
    os.environ["DJANGO_SETTINGS_MODULE"] = "talapker.settings.default"
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

    print(
        f"{connection.vendor}: {args.funds} funds x {args.rows_per_fund:,} contributions "
        f"(home {home})"
    )
    started = time.perf_counter()
    shared = load(args.funds, args.rows_per_fund)
    print(f"loaded in {time.perf_counter() - started:.0f} s")
    measure(args.runs, shared)


if __name__ == "__main__":
    main()
