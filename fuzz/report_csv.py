"""A report as two CSV files: `read_csv_report(contributions, expenditures)`.

One input holds both files, contributions first, separated by `SPLIT` (no separator: the
expenditures file is empty). Seeds pair each fixture file with its partner, or with the
sample report's other file.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from fuzz.common import CORE, Harness, Seed, committed, generated, head, instrumented, main
from fuzz.reports import CORPUS, SAMPLES

with instrumented(*CORE, "talapker.filings.formats", "charset_normalizer"):
    from talapker.core.errors import InputError
    from talapker.filings.formats.model import Upload
    from talapker.filings.formats.registry import report_read

SPLIT = b"\n\x00--\x00\n"
MAX_LEN = 128 * 1024  # the cap is 10 MB a file
PART = MAX_LEN // 2 - len(SPLIT)


def read(data: bytes) -> bool:
    contributions, _, expenditures = data.partition(SPLIT)
    uploads = {
        "contributions": Upload("contributions.csv", contributions),
        "expenditures": Upload("expenditures.csv", expenditures),
    }
    try:
        report_read("csv", uploads)
    except InputError:  # ReportInvalid, with every problem
        return False
    return True


def pair(contributions: bytes, expenditures: bytes) -> bytes:
    return head(contributions, PART) + SPLIT + head(expenditures, PART)


def seeds() -> Iterator[Seed]:
    given = (SAMPLES / "contributions.csv").read_bytes()
    spent = (SAMPLES / "expenditures.csv").read_bytes()
    yield "sample", pair(given, spent)
    for path in sorted((CORPUS / "csv").glob("*.csv")):
        stem, table, _ = path.name.rsplit(".", 2)
        if table == "contributions":
            partner = path.with_name(f"{stem}.expenditures.csv")
            other = partner.read_bytes() if partner.exists() else spent
            yield path.name, pair(path.read_bytes(), other)
        elif not path.with_name(f"{stem}.contributions.csv").exists():
            yield path.name, pair(given, path.read_bytes())
    reports: dict[Path, dict[str, bytes]] = {}
    for name, data in generated("reports/*/*/*.csv"):
        reports.setdefault(Path(name).parent, {})[Path(name).stem] = data
    for folder, tables in sorted(reports.items()):
        yield str(folder), pair(tables.get("contributions", b""), tables.get("expenditures", b""))
    yield from committed("report_csv")


HARNESS = Harness("report_csv", read, seeds, MAX_LEN)

if __name__ == "__main__":
    main(HARNESS)
