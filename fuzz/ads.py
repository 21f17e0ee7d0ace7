"""Ad-library files: `read_ads(name, data)` (ads.csv of the exchange formats, Meta's Ad
Library JSON, Google's creative-stats CSV, recognised by content) when the first byte of the
input is even, the exchange-rate file `rates.read(name, data)` when it is odd.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

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

with instrumented(*CORE, "talapker.ads.formats"):
    from talapker.ads.formats import rates
    from talapker.ads.formats.registry import read_ads
    from talapker.core.errors import InputError

MAX_LEN = 64 * 1024  # the cap is 200 MB
SAMPLES = ROOT / "talapker" / "ads" / "tests" / "samples"


def reader(read_file: Callable[[str, bytes], object]) -> Callable[[bytes], bool]:
    def read(data: bytes) -> bool:
        try:
            read_file("ads-file", data)
        except InputError:
            return False
        return True

    return read


def seeds() -> Iterator[Seed]:
    for source in (files(SAMPLES), generated("ads/*.csv")):
        for name, data in source:
            kind = 1 if name.endswith("rates.csv") else 0
            yield name, with_kind(kind, head(data, MAX_LEN - 1))
    yield from committed("ads")  # with their kind byte


HARNESS = Harness("ads", pick([reader(read_ads), reader(rates.read)]), seeds, MAX_LEN)

if __name__ == "__main__":
    main(HARNESS)
