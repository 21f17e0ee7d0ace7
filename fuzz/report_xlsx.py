"""A report as one XLSX workbook: `read_xlsx_report(upload)`.

Mutating the bytes of a zip mostly breaks its checksums, so half the mutations are made
inside it: the custom mutator unpacks the workbook, mutates one of its parts (the XML of a
sheet, the workbook, the shared strings) and packs it again.
"""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Iterator

import atheris

from fuzz.common import CORE, Harness, Seed, committed, files, instrumented, main
from fuzz.reports import CORPUS, SAMPLES

with instrumented(*CORE, "talapker.filings.formats", "openpyxl"):
    from talapker.core.errors import InputError
    from talapker.filings.formats.model import Upload
    from talapker.filings.formats.xlsx import read_xlsx_report

MAX_LEN = 128 * 1024  # the cap is 20 MB


def read(data: bytes) -> bool:
    try:
        read_xlsx_report(Upload("report.xlsx", data))
    except InputError:  # ReportInvalid, with every problem
        return False
    return True


def mutate(data: bytes, max_size: int, seed: int) -> bytes:
    """Half the time libFuzzer's own mutation; else one part of the zip mutated inside it."""
    chance = random.Random(seed)  # noqa: S311 - a fuzzer's choice, not a secret
    if chance.random() < 0.5:
        return atheris.Mutate(data, max_size)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = [(info.filename, archive.read(info)) for info in archive.infolist()]
    except Exception:  # not a readable zip: mutate its bytes
        return atheris.Mutate(data, max_size)
    if not parts:
        return atheris.Mutate(data, max_size)
    at = chance.randrange(len(parts))
    name, content = parts[at]
    parts[at] = (name, atheris.Mutate(content, len(content) * 2 + 64))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, body in parts:
            archive.writestr(part, body)
    packed = out.getvalue()
    return packed if len(packed) <= max_size else atheris.Mutate(data, max_size)


def seeds() -> Iterator[Seed]:
    yield from files(SAMPLES, "*.xlsx")
    yield from files(CORPUS / "xlsx")
    yield from committed("report_xlsx")


HARNESS = Harness("report_xlsx", read, seeds, MAX_LEN, custom_mutator=mutate)

if __name__ == "__main__":
    main(HARNESS)
