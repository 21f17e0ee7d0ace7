"""The files of an election folder (`elections.folder`): the first byte of the input picks
the reader, the rest is the file, written to a temporary folder under its real name.

    0 election.json    read_election        3 candidates.csv  read_candidates
    1 election.yaml    read_election        4 accounts.csv    read_accounts
    2 parties.csv      read_parties         5 programme PDF   read_programme

`read_folder` calls these on a folder; the party codes that candidates and accounts are
checked against are the generator's parties (and any PIN may hold an account), as if
parties.csv and candidates.csv had listed them.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from fuzz.common import (
    CORE,
    PARTIES,
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

ELECTIONS = (
    "talapker.elections.folder",
    "talapker.elections.parameters",
    "talapker.elections.pdftext",
    "talapker.core.identifiers",
)

with instrumented(*CORE, *ELECTIONS, "yaml"):
    from talapker.core.errors import InputError
    from talapker.core.identifiers import is_pin
    from talapker.elections import folder

MAX_LEN = 128 * 1024  # the programme's cap is 20 MB, the files have none but memory
# pypdf is not instrumented, and only a few programmes are seeds: a PDF takes a hundred times
# longer to read than a CSV file, and would take the fuzzer's time from the other readers.
PDF_SEEDS = 3
SAMPLES = ROOT / "talapker" / "elections" / "tests" / "samples" / "valid"
FOLDER = Path(tempfile.mkdtemp(prefix="talapker-fuzz-election-"))


class Funds:
    """The funds an account may belong to: a party's code or a candidate's PIN."""

    def __contains__(self, fund: object) -> bool:
        return isinstance(fund, str) and (fund in PARTIES or is_pin(fund))


def reader(name: str, read_file: Callable[[Path], object]) -> Callable[[bytes], bool]:
    path = FOLDER / name

    def read(data: bytes) -> bool:
        path.write_bytes(data)
        try:
            read_file(path)
        except InputError:
            return False
        return True

    return read


KINDS = (
    reader("election.json", folder.read_election),
    reader("election.yaml", folder.read_election),
    reader("parties.csv", folder.read_parties),
    reader("candidates.csv", lambda path: folder.read_candidates(path, set(PARTIES))),
    reader("accounts.csv", lambda path: folder.read_accounts(path, Funds())),  # type: ignore[arg-type]
    reader("ata-jurt.pdf", folder.read_programme),
)
NAMES = ("election.json", "election.yaml", "parties.csv", "candidates.csv", "accounts.csv")


def seeds() -> Iterator[Seed]:
    pdfs = 0
    for source in (files(SAMPLES), generated("election/*", "election/programmes/*.pdf")):
        for name, data in source:
            if name.endswith(".pdf") and pdfs < PDF_SEEDS:
                pdfs += 1
                yield name, with_kind(5, data)
            elif name in NAMES:
                yield name, with_kind(NAMES.index(name), head(data, MAX_LEN - 1))
    for name, data in committed("election_files"):
        yield name, data  # committed seeds carry their kind byte already


HARNESS = Harness("election_files", pick(KINDS), seeds, MAX_LEN)

if __name__ == "__main__":
    main(HARNESS)
