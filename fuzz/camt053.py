"""ISO 20022 camt.053 statements: `parse_statement(name, data, statement_format="camt.053")`."""

from __future__ import annotations

from collections.abc import Iterator

from fuzz.common import BANK_SAMPLES, ROOT, Harness, Seed, committed, files, generated, main
from fuzz.statements import reader

# Smaller than the other statements': schema checking makes an XML file slow to read, and
# the generator's statements (60 to 120 KB) would halve the executions.
MAX_LEN = 40 * 1024
TESTS = ROOT / "talapker" / "banking" / "tests"


def seeds() -> Iterator[Seed]:
    yield from files(BANK_SAMPLES / "camt")
    yield from files(BANK_SAMPLES / "control", "*.xml")
    yield from files(TESTS / "corpus" / "camt053")
    yield from files(TESTS / "samples", "*.xml")
    yield from generated("statements/*.xml")
    yield from committed("camt053")


HARNESS = Harness("camt053", reader("camt.053"), seeds, MAX_LEN)

if __name__ == "__main__":
    main(HARNESS)
