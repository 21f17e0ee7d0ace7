"""Benchmark: parsing and checking bank statements (`parse_statement`) at the sizes banks send.

Writes, in a temporary folder (nothing is kept), with the generator's statement writers
(`talapker/generator/statement_writers.py`, as `talapker generate` writes each fund's
statement):

- an MT940 statement of `--mt940-lines` `:61:` lines (50,000 by default), structured `:86:`;
- a camt.053.001.08 statement just under the 20 MB size cap (`--camt-bytes`), one entry per
  booking with its party, account, reference and purpose;

then parses and checks each `--runs` times with `parse_statement` (what an import or
`talapker check-statement` costs before storing), and, in the same run over the same bytes,
a floor that does no more than look at the file:

- camt.053: a bare `defusedxml` SAX pass (no handler work), the least any safe reader does;
- MT940: the text decoded and split at its tags with one regular expression.

It prints lines/s and MB/s (from the fastest and the median run), the ratio to the floor,
and the peak memory of one more parse traced with `tracemalloc` (Python's allocations
beside the file's bytes), with the process's peak RSS. It exits non-zero when a parse does
not return every line the file holds.

Usage:
    .venv/bin/python benchmarks/statement_parsing.py [--mt940-lines 50000]
        [--camt-bytes 20500000] [--runs 5]
    .venv/bin/python benchmarks/statement_parsing.py --smoke     # tiny, for the test suite
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import re
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talapker.settings.default")
TODAY = dt.date(2030, 1, 1)
TAG = re.compile(r"\r?\n(?=:\d{2}[A-Z]?:)")


def statement_doc(lines: int) -> Any:
    from talapker.generator.ledger import BankLine
    from talapker.generator.statement_writers import StatementDoc

    start = dt.date(2025, 9, 1)
    bank_lines = [
        BankLine(
            booked=start + dt.timedelta(days=n % 30),
            amount=Decimal(1000 + n % 997) / 100 * (1 if n % 5 else -1),
            name=f"Өмүрбеков Нурлан Үсөнович {n}",
            party_id="21503198500123" if n % 2 else "01203200510123",
            account="1240020000123456",
            purpose=f"Ыктыярдуу кайрымдуулук / добровольное пожертвование {n}",
            customer_ref=f"PO{n}" if n % 3 else "",
            reference=f"KG25{n:010d}",
        )
        for n in range(lines)
    ]
    return StatementDoc(
        "ST251009000117",
        "1350100012345678",
        "Саясий партия шайлоо фонду",
        "Айыл Банк",
        start - dt.timedelta(days=1),
        start + dt.timedelta(days=30),
        bank_lines,
    )


def write_files(folder: Path, mt940_lines: int, camt_bytes: int) -> tuple[Path, int, Path, int]:
    from talapker.generator.statement_writers import camt053, mt940

    mt940_path = folder / "statement.sta"
    mt940_path.write_text(mt940(statement_doc(mt940_lines), "structured"), encoding="utf-8")
    probe = "".join(camt053(statement_doc(200), 8))
    head = len("".join(camt053(statement_doc(0), 8)).encode("utf-8"))
    per_entry = (len(probe.encode("utf-8")) - head) / 200
    entries = max(1, int((camt_bytes - head) / per_entry * 0.995))
    camt_path = folder / "statement.xml"
    with camt_path.open("w", encoding="utf-8") as out:
        out.writelines(camt053(statement_doc(entries), 8))
    return mt940_path, mt940_lines, camt_path, entries


def camt_floor(data: bytes) -> int:
    from xml.sax.handler import ContentHandler, feature_namespaces

    from defusedxml.expatreader import DefusedExpatParser

    parser = DefusedExpatParser(forbid_dtd=True, forbid_entities=True, forbid_external=True)
    parser.setFeature(feature_namespaces, True)
    parser.setContentHandler(ContentHandler())
    parser.parse(io.BytesIO(data))
    return 0


def mt940_floor(data: bytes) -> int:
    return len(TAG.split(data.decode("utf-8")))


def timed(work: Callable[[], object], runs: int) -> tuple[float, float]:
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        seconds.append(time.perf_counter() - started)
    return min(seconds), statistics.median(seconds)


def traced_peak(work: Callable[[], object]) -> float:
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def measure(label: str, path: Path, lines: int, floor: Callable[[bytes], int], runs: int) -> bool:
    from talapker.banking.statements import parse_statement

    data = path.read_bytes()
    megabytes = len(data) / 2**20
    read = parse_statement(path.name, data, today=TODAY)
    if len(read.lines) != lines:
        print(f"{label}: {len(read.lines):,} lines read, {lines:,} written", file=sys.stderr)
        return False
    best, median = timed(lambda: parse_statement(path.name, data, today=TODAY), runs)
    floor_best, floor_median = timed(lambda: floor(data), runs)
    peak = traced_peak(lambda: parse_statement(path.name, data, today=TODAY))
    print(
        f"{label:9} {lines:>8,} lines {megabytes:6.1f} MB  "
        f"parse+check min {best:6.2f} s median {median:6.2f} s  "
        f"{lines / best:>9,.0f} lines/s ({lines / median:,.0f} median)  "
        f"{megabytes / best:5.2f} MB/s  peak {peak:6.1f} MB traced"
    )
    print(
        f"{'':9} floor ({'defusedxml SAX pass' if label == 'camt.053' else 'regex tag split'}) "
        f"min {floor_best:6.2f} s median {floor_median:6.2f} s  "
        f"{megabytes / floor_best:6.2f} MB/s; parse+check takes {best / floor_best:4.1f}x the floor"
    )
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mt940-lines", type=int, default=50_000)
    parser.add_argument("--camt-bytes", type=int, default=20_500_000)  # the cap is 20,971,520
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--smoke", action="store_true", help="tiny files, one run")
    args = parser.parse_args()
    if args.smoke:
        args.mt940_lines, args.camt_bytes, args.runs = 200, 200_000, 1

    import django

    django.setup()
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        mt940_path, mt940_lines, camt_path, camt_lines = write_files(
            Path(folder), args.mt940_lines, args.camt_bytes
        )
        print(f"files written in {time.perf_counter() - started:.1f} s; {args.runs} runs each")
        fine = measure("MT940", mt940_path, mt940_lines, mt940_floor, args.runs)
        fine = measure("camt.053", camt_path, camt_lines, camt_floor, args.runs) and fine
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of the process {rss:,.0f} MB")
    sys.exit(0 if fine else 1)


if __name__ == "__main__":
    main()
