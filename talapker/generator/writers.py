"""Writers for the exchange formats: RFC 4180 CSV with ``\\n`` line endings, and JSON.

The column lists are the contract of ``formats.md`` (``talapker.core.formats``); every CSV
the generator writes goes through :class:`CsvFile` with one of them.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from talapker.core.formats import COLUMNS

HEADERS = COLUMNS

Row = Sequence[Any]


def csv_text(rows: Iterable[Row]) -> str:
    """Render rows (no header) as CSV text, e.g. in a worker process."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerows(rows)
    return buf.getvalue()


class CsvFile:
    """A CSV file of one ``formats.md`` table, written incrementally; counts its data rows.

    Use as a context manager::

        with CsvFile(path, "population") as out:
            out.writerows(rows)
            out.write_text(csv_text(more_rows), len(more_rows))
    """

    def __init__(self, path: Path, table: str, extra: tuple[str, ...] = ()) -> None:
        """``extra``: columns after the table's own (an extension of formats.md)."""
        self.path = path
        self.table = table
        self.rows = 0
        path.parent.mkdir(parents=True, exist_ok=True)
        # newline="" so csv controls line endings; large buffer for national scale
        self._fh = path.open("w", encoding="utf-8", newline="", buffering=1 << 20)
        self._writer = csv.writer(self._fh, lineterminator="\n")
        self._writer.writerow((*HEADERS[table], *extra))

    def writerow(self, row: Row) -> None:
        """Write one data row."""
        self._writer.writerow(row)
        self.rows += 1

    def writerows(self, rows: Sequence[Row]) -> None:
        """Write many data rows."""
        self._writer.writerows(rows)
        self.rows += len(rows)

    def write_text(self, text: str, count: int) -> None:
        """Append rows already rendered by :func:`csv_text`."""
        self._fh.write(text)
        self.rows += count

    def close(self) -> None:
        """Flush and close the file."""
        if not self._fh.closed:
            self._fh.close()

    def __enter__(self) -> CsvFile:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def write_csv(path: Path, table: str, rows: Sequence[Row]) -> int:
    """Write a whole small table at once; return the number of data rows."""
    with CsvFile(path, table) as out:
        out.writerows(rows)
        return out.rows


def write_json(path: Path, data: Any) -> None:
    """Write JSON as UTF-8 with ``\\n`` line endings and a trailing newline."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, indent=2)
    path.write_text(text + "\n", encoding="utf-8", newline="\n")
