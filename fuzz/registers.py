"""State register files: `RowStream(spec, path)` and every batch of it, as the importer
reads them before anything is stored. The first byte of the input picks the register kind
(in the order `specs.REGISTERS` declares them); the rest is the file.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from fuzz.common import (
    CORE,
    ROOT,
    Harness,
    Seed,
    committed,
    files,
    generated,
    head,
    instrumented,
    main,
    pick,
    with_kind,
)

REGISTERS_CODE = (
    "talapker.registers.reader",
    "talapker.registers.parsers",
    "talapker.registers.specs",
    "talapker.core.identifiers",
    "talapker.core.names",
)

with instrumented(*CORE, *REGISTERS_CODE):
    from talapker.core.errors import InputError
    from talapker.registers.reader import RowStream
    from talapker.registers.specs import REGISTERS, RegisterSpec

MAX_LEN = 64 * 1024  # a register may have millions of rows; a fuzzer needs a few
SAMPLES = ROOT / "talapker" / "registers" / "tests" / "samples"
FOLDER = Path(tempfile.mkdtemp(prefix="talapker-fuzz-registers-"))
KIND_NAMES = tuple(REGISTERS)


def reader(spec: RegisterSpec) -> Callable[[bytes], bool]:
    path = FOLDER / f"{spec.kind}.csv"

    def read(data: bytes) -> bool:
        path.write_bytes(data)
        try:
            for _batch in RowStream(spec, path).batches():
                pass
        except InputError:
            return False
        return True

    return read


def seeds() -> Iterator[Seed]:
    for source in (files(SAMPLES), generated("registers/*.csv")):
        for name, data in source:
            kind = Path(name).stem
            if kind in KIND_NAMES:
                yield name, with_kind(KIND_NAMES.index(kind), head(data, MAX_LEN - 1))
    yield from committed("registers")  # with their kind byte


HARNESS = Harness("registers", pick([reader(spec) for spec in REGISTERS.values()]), seeds, MAX_LEN)

if __name__ == "__main__":
    main(HARNESS)
