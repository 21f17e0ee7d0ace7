"""SWIFT MT940 statements: `parse_statement(name, data, statement_format="mt940")`."""

from __future__ import annotations

from collections.abc import Iterator

from fuzz.common import BANK_SAMPLES, ROOT, Harness, Seed, committed, files, generated, main
from fuzz.statements import MAX_LEN, reader

TESTS = ROOT / "talapker" / "banking" / "tests"


def seeds() -> Iterator[Seed]:
    yield from files(BANK_SAMPLES / "mt940")
    yield from files(BANK_SAMPLES / "control", "*.sta")
    yield from files(TESTS / "corpus" / "mt940")
    yield from files(TESTS / "samples", "*.sta")
    yield from generated("statements/*.sta")
    yield from committed("mt940")


HARNESS = Harness("mt940", reader("mt940"), seeds, MAX_LEN)

if __name__ == "__main__":
    main(HARNESS)
