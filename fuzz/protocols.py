"""Precinct protocols: `parse_json(name, data)`, then `read_protocol` for the object or for
each object of a list, as `results.files.read_files` does.

`read_files` takes an election from the database to know the ballot; the harness gives
`read_protocol` a ballot of its own instead (the generator's parties, places 1 to 54, any
polling station with a four-digit code), so no database is needed.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from typing import Any

from fuzz.common import CORE, PARTIES, Harness, Seed, committed, generated, instrumented, main

with instrumented(*CORE, "talapker.results.reading"):
    from talapker.core.errors import InputError
    from talapker.results.reading import parse_json, read_protocol

MAX_LEN = 64 * 1024  # the cap is 256 KB
SEEDS_GENERATED = 40  # of the generator's 2,500 protocols, which differ only in numbers
STATION = re.compile(r"[0-9]{4}")


class Stations(Collection[str]):
    """Every polling station with a four-digit code."""

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and STATION.fullmatch(code) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 9000


class Ballot:
    precincts = Stations()
    parties = list(PARTIES)
    places = {code: set(range(1, 55)) for code in parties}


BALLOT = Ballot()


def read(data: bytes) -> bool:
    try:
        value: Any = parse_json("protocol.json", data)
        items = value if isinstance(value, list) else [value]
        for item in items:
            read_protocol("protocol.json", item, BALLOT)
    except InputError:
        return False
    return True


def seeds() -> Iterator[Seed]:
    yield from committed("protocols")
    yield from list(generated("results/protocols/*.json"))[:SEEDS_GENERATED]


HARNESS = Harness("protocols", read, seeds, MAX_LEN)

if __name__ == "__main__":
    main(HARNESS)
