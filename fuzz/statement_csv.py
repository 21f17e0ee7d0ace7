"""Statements in the exchange CSV: `parse_statement(name, data, statement_format="csv")`."""

from __future__ import annotations

from collections.abc import Iterator

from fuzz.common import ROOT, Harness, Seed, committed, files, generated, main
from fuzz.statements import MAX_LEN, reader

TESTS = ROOT / "talapker" / "banking" / "tests"


def seeds() -> Iterator[Seed]:
    yield from files(TESTS / "corpus" / "csv")
    yield from files(TESTS / "samples", "*.csv")
    yield from generated("statements/*.csv")
    yield from committed("statement_csv")


HARNESS = Harness("statement_csv", reader("csv"), seeds, MAX_LEN)

if __name__ == "__main__":
    main(HARNESS)
