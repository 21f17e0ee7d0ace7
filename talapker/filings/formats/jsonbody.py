"""A report as the JSON body of the API (formats.md section 4):

    {"kind": "interim", "period_from": "2026-03-01", "period_to": "2026-03-31",
     "contributions": [{"line": 1, ...}, ...], "expenditures": [...]}

Rows follow the CSV rules. JSON types are checked first: `line` is an integer (a number
such as `2.0` that is exactly one counts), `amount` a string or a number (numbers are read as
exact decimals, never floats, so `15000.5` is 15000.50 and `0.125` has three decimals), dates
and codes are strings, and text is a string or null. A key that is absent reads as an empty
value; unknown keys are ignored. A string anywhere in the body that holds a lone surrogate
(the escape `"\\ud800"`) refuses the body: it is not text. Problems name the row's own
`line` value as their line and the place in the body as their column
(`contributions[3].amount`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from decimal import Decimal
from functools import partial

from talapker.core import exactjson
from talapker.filings.formats.csvfiles import guess_encoding
from talapker.filings.formats.model import (
    COLUMNS,
    DEFAULT_LIMITS,
    MAX_AMOUNT,
    MAX_LINE,
    REPORT_KINDS,
    TABLES,
    JsonReport,
    Limits,
    Upload,
)
from talapker.filings.formats.problems import ProblemLog, ReportInvalid, shown
from talapker.filings.formats.tabular import (
    REFUSED,
    Place,
    TableCheck,
    Value,
    date_value,
    report_data,
)

BOM = b"\xef\xbb\xbf"
ENVELOPE = ("kind", "period_from", "period_to")


def read_json_report(upload: Upload, limits: Limits = DEFAULT_LIMITS) -> JsonReport:
    """The report in a JSON document; ReportInvalid with every problem found."""
    log = ProblemLog(limits.max_problems)
    body = _load(upload, log, limits)
    if body is _UNREADABLE:
        raise ReportInvalid(log.problems())
    return _checked(body, upload.name, log, limits)


def read_json_body(
    body: object, name: str = "report.json", limits: Limits = DEFAULT_LIMITS
) -> JsonReport:
    """The report in a body already parsed (floats there are taken as the text they print
    as; pass the raw bytes to `read_json_report` where possible)."""
    return _checked(body, name, ProblemLog(limits.max_problems), limits)


_UNREADABLE = object()


def _load(upload: Upload, log: ProblemLog, limits: Limits) -> object:
    """The parsed document, or _UNREADABLE after recording why."""
    name, data = upload.name, upload.data
    if len(data) > limits.max_json_bytes:
        log.add(name, None, None, "file_too_large", size=len(data), limit=limits.max_json_bytes)
        return _UNREADABLE
    data = data[len(BOM) :] if data.startswith(BOM) else data
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        log.add(name, line, None, "not_utf8", guess=guess_encoding(data))
        return _UNREADABLE

    def pairs(items: list[tuple[str, object]]) -> dict[str, object]:
        found: dict[str, object] = {}
        for key, value in items:
            if key in found:
                log.add(name, None, None, "json_duplicate_key", key=shown(key))
            found[key] = value
        return found

    try:
        return exactjson.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as err:
        # Python's English reason is kept as data; the message translates it (problems.py)
        log.add(name, err.lineno, None, "json_invalid", error=err.msg, position=err.colno)
    except RecursionError:
        log.add(name, None, None, "json_too_deep")
    except ValueError as err:  # NaN, Infinity, or an integer of thousands of digits
        log.add(name, None, None, "json_invalid", error=shown(str(err)))
    return _UNREADABLE


# An amount or line number written with an exponent beyond this is never spelt out in digits
# (1e999999999 would be a billion of them): an amount is refused as too large or as having
# too many decimals, a line number by its own text (1E+999999999).
MAX_ADJUSTED = 30


def _checked(body: object, name: str, log: ProblemLog, limits: Limits) -> JsonReport:
    for path, codepoint in exactjson.surrogates(body):
        log.add(
            name,
            _row_line(body, path),
            exactjson.dotted(path) or None,
            "lone_surrogate",
            codepoint=f"{codepoint:04X}",
        )
    log.raise_if_any()
    if not isinstance(body, Mapping):
        log.add(name, None, None, "wrong_type", expected="object", found=_type(body))
        raise ReportInvalid(log.problems())
    kind = _kind(body, name, log)
    period = [_date(body, column, name, log) for column in ("period_from", "period_to")]
    start, end = period
    if start is not None and end is not None and start > end:
        log.add(name, None, "period_to", "period_reversed", start=str(start), end=str(end))
    checks = {table: TableCheck(table, name, log, limits) for table in TABLES}
    for check in checks.values():
        _table(body, check, limits)
    log.raise_if_any()
    assert kind is not None and start is not None and end is not None
    return JsonReport(kind, start, end, report_data(checks[TABLES[0]], checks[TABLES[1]]))


def _kind(body: Mapping[str, object], name: str, log: ProblemLog) -> str | None:
    value = body.get("kind")
    if value is None or value == "":
        log.add(name, None, "kind", "value_missing")
    elif not isinstance(value, str):
        log.add(name, None, "kind", "wrong_type", expected="string", found=_type(value))
    elif value not in REPORT_KINDS:
        log.add(
            name,
            None,
            "kind",
            "unknown_report_kind",
            value=shown(value),
            allowed=", ".join(REPORT_KINDS),
        )
    else:
        return value
    return None


def _date(body: Mapping[str, object], column: str, name: str, log: ProblemLog) -> dt.date | None:
    value = body.get(column)
    if value is None or value == "":
        log.add(name, None, column, "value_missing")
        return None
    if not isinstance(value, str):
        log.add(name, None, column, "wrong_type", expected="string", found=_type(value))
        return None
    return date_value(value.strip(), partial(log.add, name, None, column))


def _table(body: Mapping[str, object], check: TableCheck, limits: Limits) -> None:
    table, log, name = check.spec.name, check.log, check.file
    rows = body.get(table)
    if rows is None:
        log.add(name, None, table, "column_missing")
        return
    if not isinstance(rows, list):
        log.add(name, None, table, "wrong_type", expected="array", found=_type(rows))
        return
    if len(rows) > limits.max_rows:
        log.add(name, None, table, "too_many_rows", limit=limits.max_rows)
        return
    for index, item in enumerate(rows):
        prefix = f"{table}[{index}]"
        if not isinstance(item, Mapping):
            log.add(name, None, prefix, "wrong_type", expected="object", found=_type(item))
            continue
        own_line = _own_line(item.get("line"))
        values: dict[str, Value] = {}
        for column in COLUMNS[table]:
            raw = item.get(column)
            if column == "amount" and isinstance(raw, Decimal) and _far_out(raw):
                code = "amount_too_large" if raw.adjusted() > 0 else "amount_decimals"
                limit = {"limit": str(MAX_AMOUNT)} if raw.adjusted() > 0 else {}
                log.add(name, own_line, f"{prefix}.{column}", code, value=shown(raw), **limit)
                values[column] = REFUSED
                continue
            value, expected = _text(column, raw)
            if expected:
                log.add(
                    name,
                    own_line,
                    f"{prefix}.{column}",
                    "wrong_type",
                    expected=expected,
                    found=_type(item.get(column)),
                )
            values[column] = value
        check.row(values, Place(None, prefix + ".", index))


def _row_line(body: object, path: exactjson.Path) -> int | None:
    """The own `line` of the row a path lies in (`contributions`, index, ...), if it has one."""
    if len(path) < 2 or not isinstance(body, Mapping) or path[0] not in TABLES:
        return None
    rows, index = body.get(path[0]), path[1]
    if not isinstance(rows, list) or not isinstance(index, int):
        return None
    row = rows[index]
    return _own_line(row.get("line")) if isinstance(row, Mapping) else None


def _far_out(value: Decimal) -> bool:
    """A number whose digits would run past MAX_ADJUSTED places either side of the point."""
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)  # the parser makes no NaN or Infinity
    return value.adjusted() > MAX_ADJUSTED or exponent < -MAX_ADJUSTED


def _own_line(value: object) -> int | None:
    """A row's `line` value as the line its problems name, if it is a valid line number."""
    text, expected = _text("line", value)
    if expected or not isinstance(text, str) or not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 1 <= number <= MAX_LINE else None


def _text(column: str, value: object) -> tuple[Value, str]:
    """The value as text for the row rules, and what was expected if its type is wrong."""
    if value is None:
        return None, ""
    if column == "line":
        if _is_int(value):
            return str(value), ""
        if isinstance(value, Decimal):  # 2.0 is the line 2; 2.5 is no line number
            exact = not _far_out(value) and value == value.to_integral_value()
            return (str(int(value)) if exact else str(value)), ""
        return REFUSED, "integer"
    if column == "amount":
        if isinstance(value, str):
            return value, ""
        if _is_int(value):
            return str(value), ""
        if isinstance(value, Decimal):
            return (str(value) if _far_out(value) else format(value, "f")), ""
        if isinstance(value, float):  # a body parsed by someone else
            return format(Decimal(repr(value)), "f"), ""
        return REFUSED, "string or number"
    if isinstance(value, str):
        return value, ""
    return REFUSED, "string"


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _type(value: object) -> str:
    """The JSON name of a value's type."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float | Decimal):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object" if isinstance(value, Mapping) else type(value).__name__
