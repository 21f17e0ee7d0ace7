"""The error every importer raises for bad input: it names file, line, column and reason."""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import pgettext


class InputError(Exception):
    """A file, or one value in it, that the platform refuses.

    Importers raise it before anything is stored (or inside the transaction that is then
    rolled back), so a refused file leaves the database exactly as it was.
    """

    def __init__(
        self,
        file: str | Path,
        reason: str,
        *,
        line: int | None = None,
        column: str | None = None,
    ) -> None:
        self.file = Path(file).name if file else ""
        self.line = line
        self.column = column
        self.reason = reason
        super().__init__(str(self))

    def localized(self) -> str:
        """The error as one sentence in the active language, for a reader (an API client,
        a page); `str()` keeps English place words for logs and the command line."""
        where = self.file
        if self.line is not None:
            where += ", " + pgettext("place in a file", "line %(line)s") % {"line": self.line}
        if self.column:
            place = pgettext("place in a file", "column %(column)s")
            where += ", " + place % {"column": self.column}
        return f"{where}: {self.reason}"

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.reason}"
