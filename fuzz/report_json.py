"""A report as the JSON body of the API: `read_json_report(upload)`."""

from __future__ import annotations

from collections.abc import Iterator

from fuzz.common import CORE, Harness, Seed, committed, files, instrumented, main
from fuzz.reports import CORPUS, SAMPLES

with instrumented(*CORE, "talapker.filings.formats"):
    from talapker.core.errors import InputError
    from talapker.filings.formats.jsonbody import read_json_report
    from talapker.filings.formats.model import Upload

MAX_LEN = 128 * 1024  # the cap is 20 MB


def read(data: bytes) -> bool:
    try:
        read_json_report(Upload("report.json", data))
    except InputError:  # ReportInvalid, with every problem
        return False
    return True


def seeds() -> Iterator[Seed]:
    yield from files(SAMPLES, "*.json")
    yield from files(CORPUS / "json")
    yield from committed("report_json")


HARNESS = Harness("report_json", read, seeds, MAX_LEN)

if __name__ == "__main__":
    main(HARNESS)
