"""Reading one register file: checked rows in batches, and the precise refusal of a bad one.

`RowStream` checks the header when it is opened, then reads the rows in batches of BATCH
(so memory holds one batch, whatever the file's size) and checks each batch column by
column (see parsers). It gives, in file order, one tuple per row: the spec's columns, then
its computed fields. The first bad value stops it with an InputError naming file, line,
column and reason; lines are the file's physical lines, the header being line 1.

The duplicate check is left to the database's unique index (set-based, and free when there
is no duplicate); when the index refuses the load, `duplicate_error` reads the file again to
name the lines.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Sequence
from itertools import islice
from operator import itemgetter
from pathlib import Path
from typing import Any

from talapker.core.errors import InputError
from talapker.registers.parsers import ColumnParser
from talapker.registers.specs import RegisterSpec

BATCH = 2_000  # rows checked together: small enough for the CPU caches, large enough for C loops
ENCODING = "utf-8-sig"  # UTF-8; a byte-order mark at the start is tolerated


def _open(path: Path):
    return path.open(encoding=ENCODING, newline="", errors="strict")


class RowStream:
    """The validated rows of one register file, read lazily and only once.

    Iterating gives one tuple per row: the spec's columns, then its computed fields. The
    file is read in batches of BATCH rows, each checked column by column (see parsers).
    """

    def __init__(self, spec: RegisterSpec, path: Path) -> None:
        self.spec = spec
        self.path = path
        with _open(path) as handle:
            self.positions = _header_positions(spec, path, handle)

    def batches(self) -> Iterator[list[tuple[Any, ...]]]:
        """The rows in lists of at most BATCH."""
        try:
            with _open(self.path) as handle:
                reader = csv.reader(handle, strict=True)
                next(reader)  # the header, checked in __init__
                yield from self._batches(reader)
        except UnicodeDecodeError:
            raise _encoding_error(self.path, self.spec) from None

    def _batches(self, reader: Any) -> Iterator[list[tuple[Any, ...]]]:
        spec, path, width = self.spec, self.path, self.positions.width
        pick = self.positions.pick
        parsers = [column.make_parser() for column in spec.columns]
        derive = spec.make_derive() if spec.make_derive else None
        end = 1  # the physical line where the previous batch ended
        while True:
            try:
                rows = list(islice(reader, BATCH))
            except csv.Error:
                raise _csv_error(path) from None
            if not rows:
                return
            start, end = end, reader.line_num
            lines: Sequence[int] = range(start + 1, end + 1)
            if (
                end - start != len(rows)
                or min(map(len, rows)) < width
                or max(map(len, rows)) > width
            ):
                rows, lines = self._irregular(rows, start)
                if not rows:
                    continue
            columns = list(zip(*(map(pick, rows) if pick else rows), strict=True))
            try:
                parsed = [
                    parse.column(values) for parse, values in zip(parsers, columns, strict=True)
                ]
            except ValueError:
                raise _value_error(path, spec, rows, lines, pick or tuple, parsers) from None
            if derive is not None:
                parsed.extend(derive(parsed))
            yield list(zip(*parsed, strict=True))

    def _irregular(self, rows: list[list[str]], end: int) -> tuple[list[list[str]], list[int]]:
        """A batch with blank lines, records spanning lines or rows of the wrong width:
        the rows to keep and their starting lines, or the error naming the bad row."""
        kept: list[list[str]] = []
        lines: list[int] = []
        width = self.positions.width
        for row in rows:
            start = end + 1
            end = start + sum(_line_breaks(value) for value in row)
            if not row:
                continue  # a blank line
            if len(row) != width:
                raise _width_error(self.path, start, row, self.positions)
            kept.append(row)
            lines.append(start)
        return kept, lines


def _line_breaks(value: str) -> int:
    """The line breaks inside a (quoted) field, counted as the csv module counts lines."""
    if "\n" not in value and "\r" not in value:
        return 0
    return value.count("\n") + value.count("\r") - value.count("\r\n")


class _Positions:
    """Where each of the spec's columns is in the file's rows."""

    def __init__(self, indexes: list[int], width: int, header: list[str]) -> None:
        self.indexes = indexes
        self.width = width
        self.header = header
        # None when the file has exactly the spec's columns in the spec's order (the usual
        # case), which spares picking the values out of every row.
        self.pick: Callable[[list[str]], tuple[str, ...]] | None = None
        if indexes != list(range(width)):
            self.pick = itemgetter(*indexes) if len(indexes) > 1 else lambda row: (row[indexes[0]],)


def _header_positions(spec: RegisterSpec, path: Path, handle: Any) -> _Positions:
    try:
        header = next(csv.reader(handle, strict=True), None)
    except UnicodeDecodeError:
        raise _encoding_error(path, spec) from None
    except csv.Error as err:
        raise InputError(path, f"malformed CSV header: {err}", line=1) from None
    if not header:
        raise InputError(path, "the file is empty; expected a header row", line=1)
    names = [name.strip() for name in header]
    for column in spec.column_names:
        if column not in names:
            raise InputError(path, "required column is missing", line=1, column=column)
        if names.count(column) > 1:
            raise InputError(path, "the column appears more than once", line=1, column=column)
    return _Positions([names.index(c) for c in spec.column_names], len(names), names)


def _width_error(path: Path, line: int, row: list[str], positions: _Positions) -> InputError:
    reason = f"{len(row)} fields where the header has {positions.width}"
    missing = positions.header[len(row)] if len(row) < positions.width else None
    return InputError(path, reason, line=line, column=missing)


def _value_error(
    path: Path,
    spec: RegisterSpec,
    rows: list[list[str]],
    lines: Sequence[int],
    pick: Callable[[list[str]], tuple[str, ...]],
    parsers: list[ColumnParser],
) -> InputError:
    """The refusal of the first bad value, in file order, of a batch that failed."""
    for row, line in zip(rows, lines, strict=True):
        for column, parser, value in zip(spec.column_names, parsers, pick(row), strict=True):
            try:
                parser.one(value)
            except ValueError as err:
                return InputError(path, str(err), line=line, column=column)
    raise AssertionError("a column check failed but no value is refused")  # pragma: no cover


def _csv_error(path: Path) -> InputError:
    """The refusal naming the line where the record that breaks CSV's rules starts."""
    with _open(path) as handle:
        reader = csv.reader(handle, strict=True)
        end = 0
        try:
            for _row in reader:
                end = reader.line_num
        except csv.Error as err:
            return InputError(path, f"malformed CSV: {err}", line=end + 1)
    return InputError(path, "malformed CSV")  # pragma: no cover - it failed a moment ago


def _encoding_error(path: Path, spec: RegisterSpec) -> InputError:
    """The first line that is not UTF-8, and the column it falls in."""
    with path.open("rb") as raw:
        header = ""
        for number, line in enumerate(raw, start=1):
            try:
                decoded = line.decode(ENCODING)
            except UnicodeDecodeError as err:
                byte = line[err.start]
                fields = _first_record(line.decode(ENCODING, errors="replace"))
                names = _first_record(header)
                column = next(
                    (
                        names[i] if i < len(names) else None
                        for i, value in enumerate(fields)
                        if "\ufffd" in value
                    ),
                    None,
                )
                return InputError(
                    path,
                    f"not UTF-8 text (byte 0x{byte:02x}); save the file as UTF-8",
                    line=number,
                    column=column,
                )
            if number == 1:
                header = decoded
    return InputError(path, "not UTF-8 text; save the file as UTF-8")  # pragma: no cover


def _first_record(text: str) -> list[str]:
    """The fields of the first record of a line, split as the reader splits them (a lone
    carriage return ends a record); none where CSV cannot split it."""
    try:
        return next(csv.reader(io.StringIO(text, newline="")), [])
    except csv.Error:
        return []


def duplicate_error(spec: RegisterSpec, path: Path) -> InputError:
    """The refusal naming the first line whose `spec.unique` value appeared before.

    Two passes, so that memory stays small for millions of rows: the first marks each
    value's hash in a 16 MB bitmap and keeps only the values whose bit was already set (the
    duplicates and a few per cent of innocent collisions); the second finds, among those,
    the first value seen twice.
    """
    column = spec.unique
    assert column is not None
    bits = 1 << 27
    bitmap = bytearray(bits // 8)
    suspects: set[str] = set()
    for _line, value in _values(path, column):
        slot = hash(value) & (bits - 1)
        mask = 1 << (slot & 7)
        if bitmap[slot >> 3] & mask:
            suspects.add(value)
        else:
            bitmap[slot >> 3] |= mask
    del bitmap
    first_seen: dict[str, int] = {}
    for line, value in _values(path, column):
        if value in suspects:
            if value in first_seen:
                return InputError(
                    path,
                    f"{value!r} appears twice (first on line {first_seen[value]})",
                    line=line,
                    column=column,
                )
            first_seen[value] = line
    return InputError(path, f"a {column} appears twice", column=column)


def _values(path: Path, column: str) -> Iterator[tuple[int, str]]:
    """(starting line, value) of one column in every row of an already validated file."""
    with _open(path) as handle:
        reader = csv.reader(handle, strict=True)
        header = [name.strip() for name in next(reader)]
        index = header.index(column)
        end = 1
        for row in reader:
            start, end = end + 1, reader.line_num
            if row:
                yield start, row[index]
