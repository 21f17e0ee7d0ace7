"""The rules every parsed statement must keep, whatever its format, and the size limits.

Parsers turn bytes into `Statement`s and refuse what their format makes unreadable;
`validate` then refuses, statement by statement, what no bank statement may contain: an
over-precise or oversized amount, a currency that is not three letters or differs between
lines, a booking in the future, text with control characters or a lone surrogate, and
balances that do not add up (opening + lines = closing). Text is otherwise kept exactly as
the bank wrote it, including right-to-left marks and zero-width characters: screening looks at
them, the parser does not hide them.

What real banks write is not refused (issue 13): a statement with no lines (a balance report:
the account did not move), a line without a bank reference or with one that another line
shares (identity rests on the whole booking, decision 0012), a zero amount (a bank's account
check), and balances dated at either end of the period (only their identity is checked, not
the order of dates).

The bound from below needs the account, which only the import knows: `check_booked_from`
refuses a line booked before the account was opened (or, without an opening date, before the
campaign started), less the election's `booking_margin_days`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from talapker.core.errors import InputError
from talapker.core.exactjson import LONE_SURROGATE, surrogate

from .model import Statement, StatementLine

CENT = Decimal("0.01")
# The largest amount or balance accepted: 15 digits with two decimals (a DecimalField with
# max_digits=15, decimal_places=2 holds every accepted value).
MAX_AMOUNT = Decimal("9999999999999.99")
CURRENCY = re.compile(r"[A-Z]{3}")
# C0 and C1 control characters except tab, line feed and carriage return; format characters
# (U+200B, U+202E, ...) are not controls and are kept.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

# Longest text accepted per field, so the database columns can be sized from this table.
TEXT_LIMITS = {
    "account": 64,
    "statement_id": 64,
    "counterparty_name": 500,
    "counterparty_id": 64,
    "counterparty_account": 64,
    "reference": 64,
    "purpose": 2000,
}


@dataclass(frozen=True)
class Limits:
    """How much one statement file may hold. The defaults are the platform's; tests and
    operators may pass others."""

    max_bytes: int = 20 * 1024 * 1024
    max_lines: int = 200_000
    # A booking may be dated this many days after today (UTC): Bishkek is UTC+6.
    future_days: int = 1


DEFAULT_LIMITS = Limits()


def check_size(file: str, data: bytes, limits: Limits) -> None:
    """Refuse a file larger than the limit before anything reads it."""
    if len(data) > limits.max_bytes:
        raise InputError(
            file,
            _(
                "the file has %(size)s bytes; statements are accepted up to %(most)s bytes "
                "(%(megabytes)s MB)"
            )
            % {
                "size": f"{len(data):,}",
                "most": f"{limits.max_bytes:,}",
                "megabytes": f"{limits.max_bytes / 2**20:.0f}",
            },
        )


def check_line_count(file: str, count: int, limits: Limits) -> None:
    """Refuse a statement with more lines than the limit (parsers call it before the work)."""
    if count > limits.max_lines:
        raise InputError(
            file,
            _("the statement has %(count)s lines; at most %(most)s are accepted in one file")
            % {"count": f"{count:,}", "most": f"{limits.max_lines:,}"},
        )


def money(value: Decimal) -> Decimal:
    """A finite amount with at most two decimals, written with exactly two.

    ValueError (the reason) otherwise: a third decimal is never rounded away.
    """
    if not value.is_finite():
        raise ValueError(_("%(value)s is not an amount") % {"value": value})
    if int(value.as_tuple().exponent) > 0:
        raise ValueError(
            _("%(value)s is written with an exponent; write the digits") % {"value": value}
        )
    if value != value.quantize(CENT):
        raise ValueError(_("%(value)s: an amount has at most two decimals") % {"value": value})
    if abs(value) > MAX_AMOUNT:
        raise ValueError(
            _("%(value)s is larger than the largest amount accepted (%(most)s)")
            % {"value": value, "most": MAX_AMOUNT}
        )
    cents = value.quantize(CENT)
    return cents if cents else abs(cents)  # no "-0.00"


def validate(
    statement: Statement,
    file: str,
    *,
    limits: Limits = DEFAULT_LIMITS,
    today: dt.date | None = None,
) -> Statement:
    """The statement itself if it keeps every rule; the first broken rule as an InputError."""
    today = today or dt.datetime.now(dt.UTC).date()
    _check_header(statement, file)
    check_line_count(file, len(statement.lines), limits)
    latest = today + dt.timedelta(days=limits.future_days)
    for line in statement.lines:
        _check_line(statement, line, file, latest)
    _check_balances(statement, file)
    return statement


def _check_header(statement: Statement, file: str) -> None:
    if not statement.account.strip():
        raise InputError(file, _("the statement does not name its account"), column="account")
    if not CURRENCY.fullmatch(statement.currency):
        raise InputError(
            file,
            _("currency '%(currency)s' is not a three-letter ISO 4217 code")
            % {"currency": statement.currency},
            column="currency",
        )
    for name in ("account", "statement_id"):
        _check_text(file, name, getattr(statement, name), None)
    for label, amount in (
        (_("opening balance"), statement.opening_balance),
        (_("closing balance"), statement.closing_balance),
    ):
        if amount is not None:
            try:
                money(amount)
            except ValueError as err:
                raise InputError(
                    file, _("%(what)s: %(reason)s") % {"what": label, "reason": err}
                ) from None


def _check_line(statement: Statement, line: StatementLine, file: str, latest: dt.date) -> None:
    def refuse(reason: str, column: str) -> InputError:
        return InputError(
            file,
            _("statement line %(number)s: %(reason)s") % {"number": line.number, "reason": reason},
            line=line.source_line or None,
            column=column,
        )

    try:
        money(line.amount)
    except ValueError as err:
        raise refuse(str(err), "amount") from None
    if not CURRENCY.fullmatch(line.currency):
        raise refuse(
            _("currency '%(currency)s' is not a three-letter ISO 4217 code")
            % {"currency": line.currency},
            "currency",
        )
    if line.currency != statement.currency:
        raise refuse(
            _(
                "mixed currencies: this line is in %(line)s, the statement in %(statement)s; "
                "one statement has one currency"
            )
            % {"line": line.currency, "statement": statement.currency},
            "currency",
        )
    for name in TEXT_LIMITS:
        if name not in ("account", "statement_id"):
            _check_text(file, name, getattr(line, name), line)
    if line.booking_date > latest:
        raise refuse(
            _("booked on %(date)s, which is in the future") % {"date": line.booking_date},
            "booking_date",
        )


def _check_text(file: str, name: str, value: str, line: StatementLine | None) -> None:
    def where(reason: str) -> str:
        if line is None:
            return reason
        return _("statement line %(number)s: %(reason)s") % {
            "number": line.number,
            "reason": reason,
        }

    at = (line.source_line or None) if line else None
    if len(value) > TEXT_LIMITS[name]:
        raise InputError(
            file,
            where(
                _("%(field)s has %(count)s characters; at most %(most)s are accepted")
                % {"field": name, "count": f"{len(value):,}", "most": TEXT_LIMITS[name]}
            ),
            line=at,
            column=name,
        )
    control = CONTROL.search(value)
    if control:
        raise InputError(
            file,
            where(
                _("%(field)s contains the control character U+%(codepoint)s")
                % {"field": name, "codepoint": f"{ord(control.group()):04X}"}
            ),
            line=at,
            column=name,
        )
    # The parsers decode strictly, so none should get here; a str that holds one cannot be
    # stored or shown, so a new parser that lets one through is stopped here.
    half = surrogate(value)
    if half is not None:
        reason = str(LONE_SURROGATE) % {"codepoint": f"{ord(half):04X}"}
        raise InputError(file, where(f"{name}: {reason}"), line=at, column=name)


def booking_floor(
    opened_on: dt.date | None, campaign_start: dt.date, margin_days: int
) -> tuple[dt.date, str]:
    """The earliest booking date a statement of an account may hold, and why, in words.

    It is the account's opening date (the campaign's start where the account has none), less
    the election's margin: the opening date the commission records may be a few days later
    than the bank's."""
    if opened_on is not None:
        reason = _(
            "the account was opened on %(date)s, and bookings are accepted from %(days)s days "
            "before that"
        )
    else:
        reason = _(
            "the campaign started on %(date)s, and bookings are accepted from %(days)s days "
            "before that"
        )
    start = opened_on or campaign_start
    days = min(margin_days, (start - dt.date.min).days)  # a margin past year 1 ends there
    return start - dt.timedelta(days=days), reason % {"date": start, "days": margin_days}


def check_booked_from(statement: Statement, file: str, earliest: dt.date, reason: str) -> None:
    """Refuse the statement at its first line booked before `earliest` (`reason` says why
    that date, as `booking_floor` gives it)."""
    for line in statement.lines:
        if line.booking_date < earliest:
            raise InputError(
                file,
                _("statement line %(number)s: booked on %(date)s, before %(earliest)s: %(why)s")
                % {
                    "number": line.number,
                    "date": line.booking_date,
                    "earliest": earliest,
                    "why": reason,
                },
                line=line.source_line or None,
                column="booking_date",
            )


def _check_balances(statement: Statement, file: str) -> None:
    opening, closing = statement.opening_balance, statement.closing_balance
    if opening is None or closing is None:
        return
    total = statement.total
    if opening + total != closing:
        raise InputError(
            file,
            _(
                "the balances do not add up: opening balance %(opening)s + lines %(total)s = "
                "%(sum)s, but the closing balance is %(closing)s (difference %(difference)s)"
            )
            % {
                "opening": opening,
                "total": total,
                "sum": opening + total,
                "closing": closing,
                "difference": closing - opening - total,
            },
            line=statement.source_line or None,  # where the statement starts, in a file of many
        )
