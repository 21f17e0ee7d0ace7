"""A table written as CSV and Parquet in one pass over its rows, in flat memory: the CSV
line by line (`core.api.tabular.csv_lines`: UTF-8, a header, a text that a spreadsheet
would run as a formula made text), the Parquet in record batches of `BATCH` rows with
typed columns (exact decimals for money, dates, zoned times, integers, booleans)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from talapker.core.api.tabular import Kind, csv_lines
from talapker.opendata.columns import Column

BATCH = 50_000
COPY_CHUNK = 1 << 20


@dataclass(frozen=True)
class Written:
    """A file of the snapshot: its name in the folder, size and SHA-256."""

    name: str
    size: int
    sha256: str


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(COPY_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def written(path: Path) -> Written:
    return Written(path.name, path.stat().st_size, sha256_of(path))


def _converter(column: Column) -> Any:
    """A JSON value of the API as Parquet's Python value, one by one: the slow way, for a
    column whose values the vectorised one refuses (`_array`)."""
    if pa.types.is_decimal(column.arrow):
        return lambda v: None if v is None or v == "" else Decimal(str(v))
    if column.kind is Kind.INTEGER:
        return lambda v: None if v is None or v == "" else int(v)
    if column.kind is Kind.NUMBER:
        return lambda v: None if v is None or v == "" else float(v)
    if column.kind is Kind.BOOLEAN:
        return lambda v: None if v is None or v == "" else bool(v)
    if column.kind is Kind.DATE:
        return lambda v: v if v is None or isinstance(v, date) else date.fromisoformat(v)
    if column.kind is Kind.DATETIME:
        return lambda v: v if v is None or isinstance(v, datetime) else datetime.fromisoformat(v)
    return lambda v: None if v is None else str(v)


_FROM_TEXT = (pa.types.is_decimal, pa.types.is_date, pa.types.is_timestamp)


def _array(values: Sequence[Any], column: Column) -> pa.Array:
    """A column's values as an Arrow array. The API writes decimals, dates and times as
    text: those are parsed by Arrow's casts, a column at a time, which refuse what would
    lose data (a third decimal); other values are taken as they are. Whatever the fast way
    refuses goes value by value."""
    target = column.arrow
    try:
        if any(test(target) for test in _FROM_TEXT):
            text = pa.array(values, pa.string())
            if pc.any(pc.equal(text, "")).as_py():
                text = pc.if_else(pc.equal(text, ""), pa.scalar(None, pa.string()), text)
            return text.cast(target)
        return pa.array(values, target)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        convert = _converter(column)
        return pa.array([convert(v) for v in values], target)


class _Batches:
    """Rows gathered and written as a record batch every BATCH rows."""

    def __init__(self, path: Path, columns: Sequence[Column]) -> None:
        self.columns = list(columns)
        self.schema = pa.schema([pa.field(c.name, c.arrow) for c in columns])
        self.writer = pq.ParquetWriter(path, self.schema, compression="zstd")
        self.rows: list[Sequence[Any]] = []
        self.count = 0

    def add(self, row: Sequence[Any]) -> None:
        self.rows.append(row)
        if len(self.rows) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        self.count += len(self.rows)
        by_column = list(zip(*self.rows, strict=True)) or [() for _ in self.columns]
        arrays = [_array(v, c) for v, c in zip(by_column, self.columns, strict=True)]
        self.writer.write_batch(pa.record_batch(arrays, schema=self.schema))
        self.rows = []

    def close(self) -> None:
        if self.rows:
            self._flush()
        self.writer.close()


def table_write(
    folder: Path, name: str, columns: Sequence[Column], rows: Iterable[Sequence[Any]]
) -> tuple[int, Written, Written]:
    """Write `<name>.csv` and `<name>.parquet`; return the number of rows and both files."""
    csv_path, parquet_path = folder / f"{name}.csv", folder / f"{name}.parquet"
    batches = _Batches(parquet_path, columns)

    def tee() -> Iterator[Sequence[Any]]:
        for row in rows:
            batches.add(row)
            yield row

    try:
        with csv_path.open("w", encoding="utf-8", newline="") as handle:
            pending: list[str] = []
            for line in csv_lines([c.name for c in columns], tee()):
                pending.append(line)
                if len(pending) >= 1000:
                    handle.write("".join(pending))
                    pending = []
            handle.write("".join(pending))
    finally:
        batches.close()
    return batches.count, written(csv_path), written(parquet_path)
