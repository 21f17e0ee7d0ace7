"""What the three statement harnesses share: the public entry point, with the format named."""

from __future__ import annotations

from collections.abc import Callable

from fuzz.common import CORE, instrumented

with instrumented(*CORE, "talapker.banking.statements", "defusedxml"):
    from talapker.banking.statements import parse_statement
    from talapker.core.errors import InputError

MAX_LEN = 128 * 1024  # the cap is 20 MB; a fuzzer learns more from many small files


def reader(statement_format: str) -> Callable[[bytes], bool]:
    """`parse_statement` of one format: True when it reads the file, False when it refuses
    it with an InputError (naming file, line, column and reason)."""

    def read(data: bytes) -> bool:
        try:
            parse_statement("fuzz", data, statement_format=statement_format)
        except InputError:
            return False
        return True

    return read
