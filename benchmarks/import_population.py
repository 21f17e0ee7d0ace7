"""Benchmark: importing the population register (`talapker import-register population`).

Writes N rows of a plausible population.csv (its own fast writer, so that the benchmark
does not depend on the generator), then times, each in a fresh process:

1. the importer on SQLite in a fresh, migrated TALAPKER_HOME: a first import, and a second
   one replacing that whole snapshot (the everyday case);
2. a naive ORM baseline: csv.DictReader, one Person per row, `bulk_create` in batches of
   10,000, over the first 200,000 rows, extrapolated linearly to N (generous to the
   baseline: a growing table only gets slower);
3. with --postgres, the importer on PostgreSQL (a fresh database, default talapker_bench).

Usage:
    .venv/bin/python benchmarks/import_population.py [--rows 7000000] [--postgres]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _words(text: str, sep: str | None = None) -> list[str]:
    return text.split(sep)


HEADER = _words(
    "pin,surname,name,patronymic,birth_date,sex,citizenship,death_date,biometric,"
    "residence_since,region,precinct",
    ",",
)

MALE_NAMES = _words(
    "Асан Үсөн Бакыт Нурлан Эрлан Азамат Айбек Бектур Дастан Мирлан Нурбек Өмүрбек Таалай "
    "Тилек Улан Чыңгыз Эрмек Жоомарт Канат Медер Садыр Сүйүнбек Темирлан Жеңиш Курманбек "
    "Алмазбек Бакай Марат Кубанычбек Нурсултан Алексей Сергей Дмитрий Рустам Шерзод"
)
FEMALE_NAMES = _words(
    "Айгүл Айжан Гүлнара Жылдыз Нургүл Айпери Бүбүсара Чолпон Динара Мээрим Асел Айнура "
    "Гүлзат Назгүл Өмүркан Сезим Үмүт Элнура Жазгүл Көкүл Аида Бермет Калыйман Акылай "
    "Нуриза Анара Елена Ольга Наталья Зарина Дилноза"
)
SURNAME_STEMS = _words(
    "Жээнбек Садыр Акаев Бакиев Атамбай Өмүрбек Үсөнбай Турдубай Мамыт Токтогул Абдрахман "
    "Байсал Осмон Кадыр Ташиев Мырзакмат Сатыбалды Жапар Шаршен Асанбек Чыңгызбек Сүйөркул "
    "Курманалы Эсенгул Түгөлбай Келдибек Бекмурат Ниязбек Ырысбек Абылкасым Жусуп Медетбек "
    "Сооронбай Өскөнбай Айтмат Карыпбек Тынымсейит Нооруз Дүйшөн Иманалы"
)
RUSSIAN_SURNAMES = ("Иванов", "Петров", "Смирнов", "Кузнецов", "Попов", "Ким", "Пак", "Ли")
REGIONS = (
    ("Бишкек", 18), ("Ош шаары", 5), ("Чүй облусу", 15), ("Ош облусу", 19),
    ("Жалал-Абад облусу", 19), ("Баткен облусу", 9), ("Ысык-Көл облусу", 8),
    ("Нарын облусу", 4), ("Талас облусу", 4),
)  # fmt: skip
CITIZENSHIPS = (
    ("KGZ", 9_300), ("KGZ;RUS", 350), ("KGZ;KAZ", 80), ("RUS", 90), ("KAZ", 40),
    ("UZB", 60), ("TUR", 20), ("CHN", 20), ("", 40),
)  # fmt: skip


def _surname(stem: str, female: bool) -> str:
    if stem.endswith(("ов", "ев", "иев")):
        return stem + ("а" if female else "")
    if stem.endswith(("й", "ь")):
        stem = stem[:-1] + "е"
    return stem + ("ова" if female else "ов")


def write_population(path: Path, rows: int, seed: int = 2026) -> None:
    """Write `rows` rows of population.csv in random PIN order (unique PINs; ~0.1% of them
    disagreeing with their row's birth date or sex, as real registers do)."""
    rng = random.Random(seed)
    start = dt.date(1925, 1, 1).toordinal()
    end = dt.date(2025, 12, 31).toordinal()
    days = [dt.date.fromordinal(d) for d in range(start, end + 1)]
    iso = [d.isoformat() for d in days]
    ddmmyyyy = [d.strftime("%d%m%Y") for d in days]
    male_surnames = [_surname(s, False) for s in SURNAME_STEMS] + list(RUSSIAN_SURNAMES)
    female_surnames = [_surname(s, True) for s in SURNAME_STEMS] + [
        s + "а" if s.endswith("в") else s for s in RUSSIAN_SURNAMES
    ]
    fathers = MALE_NAMES
    male_patronymics = [f"{f} уулу" for f in fathers] + [f"{f}ович" for f in fathers[:8]]
    female_patronymics = [f"{f} кызы" for f in fathers] + [f"{f}овна" for f in fathers[:8]]
    region_names = [r for r, _ in REGIONS]
    region_weights = [w for _, w in REGIONS]
    cit_codes = [c for c, _ in CITIZENSHIPS]
    cit_weights = [w for _, w in CITIZENSHIPS]
    serials: dict[str, int] = {}
    recent = [i for i, d in enumerate(days) if d.year >= 2015]
    chunk = 100_000
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(HEADER)
        done = 0
        while done < rows:
            k = min(chunk, rows - done)
            born = rng.choices(range(len(days)), k=k)
            regions = rng.choices(region_names, region_weights, k=k)
            cits = rng.choices(cit_codes, cit_weights, k=k)
            batch = []
            r = rng.random
            for i in range(k):
                day = born[i]
                male = r() < 0.494
                female = not male
                prefix = ("2" if male else "1") + ddmmyyyy[day]
                if r() < 0.001:  # a register error: the PIN's own date or sex is off
                    prefix = ("1" if male else "2") + ddmmyyyy[day]
                serial = serials.get(prefix, int(r() * 50_000))
                serials[prefix] = serial + 1
                surnames = female_surnames if female else male_surnames
                names = FEMALE_NAMES if female else MALE_NAMES
                patronymics = female_patronymics if female else male_patronymics
                cit = cits[i]
                death = iso[recent[int(r() * len(recent))]] if r() < 0.04 else ""
                since = "" if r() < 0.03 else iso[day] if r() < 0.85 else iso[recent[0]]
                batch.append(
                    (
                        f"{prefix}{serial:05d}",
                        surnames[int(r() * len(surnames))],
                        names[int(r() * len(names))],
                        patronymics[int(r() * len(patronymics))] if r() < 0.97 else "",
                        iso[day],
                        "M" if male else "F",
                        cit,
                        death,
                        "1" if r() < 0.88 else "0",
                        since,
                        regions[i],
                        "" if r() < 0.02 else f"{1000 + int(r() * 2400)}",
                    )
                )
            writer.writerows(batch)
            done += k


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _django(home: Path, database_url: str | None) -> None:
    os.environ["TALAPKER_HOME"] = str(home)
    os.environ["DJANGO_SETTINGS_MODULE"] = "talapker.settings.default"
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def child_import(csv_path: Path, home: Path, database_url: str | None, replace: bool) -> dict:
    """Run in a fresh process: the importer, once into an empty table, then replacing."""
    _django(home, database_url)
    from talapker.registers.models import RegisterSnapshot
    from talapker.registers.services import register_import

    before = _peak_rss_mb()
    started = time.perf_counter()
    snapshot = register_import("population", csv_path, imported_by="benchmark")
    first = time.perf_counter() - started
    result = {"rows": snapshot.row_count, "seconds": first, "rss_before_mb": before}
    if replace:
        # Forget the snapshot so that the same file is imported again over 7M live rows.
        RegisterSnapshot.objects.all().delete()
        started = time.perf_counter()
        register_import("population", csv_path, imported_by="benchmark")
        result["replace_seconds"] = time.perf_counter() - started
    result["peak_rss_mb"] = _peak_rss_mb()
    return result


def child_baseline(csv_path: Path, home: Path, sample: int) -> dict:
    """Run in a fresh process: the naive ORM import of the first `sample` rows."""
    _django(home, None)
    from itertools import islice

    from django.db import transaction

    from talapker.core.identifiers import is_pin, pin_consistent
    from talapker.core.names import name_key
    from talapker.registers.models import Person

    started = time.perf_counter()
    with csv_path.open(encoding="utf-8-sig", newline="") as handle, transaction.atomic():
        batch: list[Person] = []
        for row in islice(csv.DictReader(handle), sample):
            assert is_pin(row["pin"])
            codes = [c for c in row["citizenship"].split(";") if c]
            batch.append(
                Person(
                    pin=row["pin"],
                    surname=row["surname"],
                    name=row["name"],
                    patronymic=row["patronymic"],
                    birth_date=dt.date.fromisoformat(row["birth_date"]),
                    sex=row["sex"],
                    citizenship=row["citizenship"],
                    death_date=dt.date.fromisoformat(row["death_date"])
                    if row["death_date"]
                    else None,
                    biometric=row["biometric"] == "1",
                    residence_since=(
                        dt.date.fromisoformat(row["residence_since"])
                        if row["residence_since"]
                        else None
                    ),
                    region=row["region"],
                    precinct=row["precinct"],
                    name_key=name_key(row["surname"], row["name"], row["patronymic"]),
                    pin_consistent=pin_consistent(row["pin"], row["birth_date"], row["sex"]),
                    holds_kgz="KGZ" in codes,
                    citizenship_count=len(codes),
                )
            )
            if len(batch) == 10_000:
                Person.objects.bulk_create(batch)
                batch = []
        Person.objects.bulk_create(batch)
    return {
        "rows": Person.objects.count(),
        "seconds": time.perf_counter() - started,
        "peak_rss_mb": _peak_rss_mb(),
    }


def _fresh_postgres(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def _run_child(args: list[str]) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, *args], check=True, capture_output=True, text=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=7_000_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--csv", type=Path, help="import this file instead of writing one")
    parser.add_argument("--baseline-rows", type=int, default=200_000)
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--no-replace", action="store_true", help="skip the second import")
    parser.add_argument("--postgres", action="store_true", help="also time PostgreSQL")
    parser.add_argument(
        "--postgres-url", default="postgres://postgres@127.0.0.1:5432/talapker_bench"
    )
    parser.add_argument("--child", choices=["import", "baseline"], help=argparse.SUPPRESS)
    parser.add_argument("--home", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child == "import":
        print(json.dumps(child_import(args.csv, args.home, args.database_url, not args.no_replace)))
        return
    if args.child == "baseline":
        print(json.dumps(child_baseline(args.csv, args.home, args.baseline_rows)))
        return

    with tempfile.TemporaryDirectory(prefix="talapker-bench-") as tmp:
        work = Path(tmp)
        csv_path = args.csv
        if csv_path is None:
            csv_path = work / "population.csv"
            started = time.perf_counter()
            write_population(csv_path, args.rows, args.seed)
            print(
                f"wrote {args.rows:,} rows ({csv_path.stat().st_size / 2**20:,.0f} MiB) "
                f"in {time.perf_counter() - started:.1f} s"
            )
        common = ["--csv", str(csv_path)] + (["--no-replace"] if args.no_replace else [])
        sqlite = _run_child(["--child", "import", "--home", str(work / "sqlite"), *common])
        rows = sqlite["rows"]
        _report("SQLite", sqlite)
        if not args.no_baseline:
            base = _run_child(
                ["--child", "baseline", "--home", str(work / "orm"), "--csv", str(csv_path),
                 "--baseline-rows", str(args.baseline_rows)]
            )  # fmt: skip
            estimate = base["seconds"] * rows / base["rows"]
            print(
                f"ORM bulk_create baseline: {base['rows']:,} rows in {base['seconds']:.1f} s "
                f"({base['rows'] / base['seconds']:,.0f} rows/s) → {rows:,} rows ≈ "
                f"{estimate:,.0f} s; the importer is {estimate / sqlite['seconds']:.1f}× faster"
            )
        if args.postgres:
            _fresh_postgres(args.postgres_url)
            pg = _run_child(
                ["--child", "import", "--home", str(work / "pg"),
                 "--database-url", args.postgres_url, *common]
            )  # fmt: skip
            _report("PostgreSQL", pg)


def _report(label: str, result: dict) -> None:
    rows, seconds = result["rows"], result["seconds"]
    line = (
        f"{label}: {rows:,} rows in {seconds:.1f} s ({rows / seconds:,.0f} rows/s), "
        f"peak RSS {result['peak_rss_mb']:,.0f} MiB (Django alone {result['rss_before_mb']:,.0f})"
    )
    if "replace_seconds" in result:
        line += f"; replacing that snapshot: {result['replace_seconds']:.1f} s"
    print(line, flush=True)


if __name__ == "__main__":
    main()
