"""What a parsed statement is: the same shape whichever format the bank sent."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

FORMATS = ("mt940", "camt.053", "csv")


@dataclass(frozen=True)
class StatementLine:
    """One booking on the account.

    `number` is the line's 1-based position in the statement; `source_line` is the physical
    line of the file where it starts (0 where the format has none), for error messages only,
    so it takes no part in comparisons: the same booking read from MT940, camt.053 or CSV
    compares equal.
    """

    number: int
    booking_date: dt.date
    value_date: dt.date | None
    amount: Decimal  # signed: + credit (money in), - debit (money out); two decimals
    currency: str
    counterparty_name: str
    counterparty_id: str  # PIN or INN where the bank gives it, else ""
    counterparty_account: str
    reference: str  # the bank's own reference for the booking, "" where it gives none
    purpose: str
    source_line: int = field(default=0, compare=False)
    # Every reference the line carries (the bank's, the customer's, end-to-end, transaction
    # ids), in the format's order and without NONREF/NOTPROVIDED: part of the line's identity
    # (decision 0012), not of comparisons across formats, which name them differently.
    references: tuple[str, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class Statement:
    """A bank's statement of one account in one currency."""

    format: str  # one of FORMATS
    account: str  # as the bank writes it
    currency: str
    statement_id: str  # the bank's statement number or id ("" for CSV)
    opening_balance: Decimal | None
    opening_date: dt.date | None
    closing_balance: Decimal | None
    closing_date: dt.date | None
    lines: tuple[StatementLine, ...]  # none: the account did not move (a balance report)
    sequence: str = ""  # the statement and page number (MT940 :28C:, camt ElctrncSeqNb)
    source_line: int = field(default=0, compare=False)  # where it starts in the file

    @property
    def has_balances(self) -> bool:
        return self.opening_balance is not None and self.closing_balance is not None

    @property
    def total(self) -> Decimal:
        """The sum of all lines (credits minus debits)."""
        return sum((line.amount for line in self.lines), Decimal("0.00"))


@dataclass(frozen=True)
class StatementFile:
    """Everything one file holds: one or more statements, of one or more accounts, in the
    order the bank wrote them (days of one account, pages of one statement, other accounts)."""

    format: str  # one of FORMATS
    statements: tuple[Statement, ...]

    @property
    def lines(self) -> tuple[StatementLine, ...]:
        """Every statement line of the file, statement by statement."""
        return tuple(line for statement in self.statements for line in statement.lines)

    @property
    def accounts(self) -> tuple[str, ...]:
        """The accounts the file is of, each once, in the order they first appear."""
        return tuple(dict.fromkeys(statement.account for statement in self.statements))
