"""The statement formats the platform reads, declared through one small interface.

A format is a name, a `sniff` that recognises its files from their first bytes, and a
`parse` that turns a whole file into its statements (one or more, in file order) or raises
InputError. The built-in formats
(`camt053`, `mt940`, `csvformat`) register themselves when this package is imported; a new
format is a new module that calls `register` and a section in the package docstring.

`parse_statement` is the one entry point for callers: it caps the size, picks the format,
parses and then applies the checks every statement must pass (`checks.validate`) to each
statement of the file, returning a `StatementFile`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from django.utils.translation import gettext as _

from talapker.core.errors import InputError

from .checks import DEFAULT_LIMITS, Limits, check_line_count, check_size, validate
from .model import Statement, StatementFile

SNIFF_BYTES = 4096  # how much of the file a sniffer needs to see


class Parser(Protocol):
    def __call__(
        self, name: str, data: bytes, *, limits: Limits = DEFAULT_LIMITS
    ) -> tuple[Statement, ...]:
        """Every statement in `data`, in file order (at least one); InputError naming `name`
        if the file is refused."""
        ...


@dataclass(frozen=True)
class StatementFormat:
    name: str
    sniff: Callable[[bytes], bool]
    parse: Parser
    label: str  # how the format is named to the person who sent the file


_FORMATS: dict[str, StatementFormat] = {}


def register(statement_format: StatementFormat) -> StatementFormat:
    """Add a format; the order of registration is the order in which formats are sniffed."""
    if statement_format.name in _FORMATS:
        raise ValueError(f"statement format {statement_format.name!r} is registered twice")
    _FORMATS[statement_format.name] = statement_format
    return statement_format


def statement_formats() -> tuple[StatementFormat, ...]:
    return tuple(_FORMATS.values())


def detect_format(name: str, data: bytes) -> StatementFormat:
    """The first registered format that recognises the file; InputError if none does."""
    head = data[:SNIFF_BYTES]
    for statement_format in _FORMATS.values():
        if statement_format.sniff(head):
            return statement_format
    expected = "; ".join(f.label for f in _FORMATS.values())
    raise InputError(
        name,
        _("not a bank statement in a format the platform reads (one of: %(formats)s)")
        % {"formats": expected},
    )


def parse_statement(
    name: str,
    data: bytes,
    *,
    statement_format: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    today: dt.date | None = None,
) -> StatementFile:
    """Read one bank statement file and check every statement in it.

    `name` is the file's name, used in error messages only. The format is detected from the
    content unless `statement_format` names it. `today` (UTC by default) bounds booking
    dates. Every refusal is an InputError naming the file and, where it can, the line.
    """
    check_size(name, data, limits)
    if not data.strip():
        raise InputError(name, _("the file is empty"))
    if statement_format is None:
        chosen = detect_format(name, data)
    elif statement_format in _FORMATS:
        chosen = _FORMATS[statement_format]
    else:
        raise InputError(
            name, _("unknown statement format '%(format)s'") % {"format": statement_format}
        )
    statements = chosen.parse(name, data, limits=limits)
    if not statements:
        raise InputError(name, _("the file holds no statement"))
    check_line_count(name, sum(len(s.lines) for s in statements), limits)
    return StatementFile(
        chosen.name,
        tuple(validate(s, name, limits=limits, today=today) for s in statements),
    )
