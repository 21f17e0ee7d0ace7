"""One fund's money as the generator builds it: report rows, statement lines, pending findings.

A :class:`Ledger` collects contributions, expenditures and bank lines in any order; then
:meth:`Ledger.close` sorts the statement, gives every line its bank reference, numbers the
report rows and resolves the planted findings (whose ``line`` is only known then).

Numbering: rows of the interim period come first, by date, and keep their numbers in the
final report; rows only the final report declares (later dates, and every planted row)
follow, by date. So the interim report is a prefix of the final one, row for row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from .planted import Planted

#: a finding waiting for line numbers: (rule, severity, extra evidence made after numbering)
EvidenceFn = Callable[[], dict[str, Any]]


def money(amount: Decimal) -> str:
    """An amount as the exchange files write it: two decimals, ``.`` as the mark."""
    return f"{amount:.2f}"


@dataclass(slots=True, eq=False)
class BankLine:
    """A booking on the fund's account; ``amount`` is signed (+ money in)."""

    booked: date
    amount: Decimal
    name: str
    party_id: str
    account: str
    purpose: str
    valued: date | None = None
    customer_ref: str = ""  # the payer's own reference (a payment order number)
    code: str = "NTRF"  # transaction type: NTRF transfer, NCHG charges
    reference: str = ""  # the bank's reference, given by Ledger.close

    @property
    def value_date(self) -> date:
        return self.valued or self.booked


@dataclass(slots=True, eq=False)
class Row:
    """A report row of either table; ``kind`` is the donor kind or the category."""

    date: date
    kind: str
    party_id: str
    name: str
    amount: Decimal
    method: str
    description: str = ""
    bank: BankLine | None = None
    #: the bank reference as filed, where it differs from the bank line's (or has none)
    filed_ref: str | None = None
    final_only: bool = False
    #: a refund's contribution: its line goes into the description once numbered
    refund_of: Row | None = None
    line: int = 0

    @property
    def bank_ref(self) -> str:
        if self.filed_ref is not None:
            return self.filed_ref
        if self.method == "bank" and self.bank is not None:
            return self.bank.reference
        return ""

    def text(self) -> str:
        if self.refund_of is not None:
            return f"Возврат взноса по строке {self.refund_of.line}"
        return self.description


@dataclass(slots=True)
class Pending:
    """A planted finding on a row or a bank line, resolved by :meth:`Ledger.close`."""

    rule: str
    severity: str
    source: str  # contribution | expenditure | bank | fund
    item: Row | BankLine | None
    amount: Decimal | None
    evidence: dict[str, Any]
    more: EvidenceFn | None = None


@dataclass
class Ledger:
    """One fund's rows and bank lines, and what was planted in them."""

    fund: str
    ref_prefix: str  # the bank's reference prefix plus the fund's number
    interim_end: date
    contributions: list[Row] = field(default_factory=list)
    expenditures: list[Row] = field(default_factory=list)
    bank: list[BankLine] = field(default_factory=list)
    #: planted findings and near-miss notes (made once lines are numbered), in order
    entries: list[Pending | EvidenceFn] = field(default_factory=list)

    def credit(self, row: Row, line: BankLine | None) -> Row:
        """Add a contribution and the statement line that brought its money (if any)."""
        row.bank = line
        self.contributions.append(row)
        if line is not None:
            self.bank.append(line)
        return row

    def debit(self, row: Row, line: BankLine | None) -> Row:
        """Add an expenditure and the statement line that paid it (if any)."""
        row.bank = line
        self.expenditures.append(row)
        if line is not None:
            self.bank.append(line)
        return row

    def plant(
        self,
        rule: str,
        severity: str,
        source: str,
        item: Row | BankLine | None,
        amount: Decimal | None,
        evidence: dict[str, Any],
        more: EvidenceFn | None = None,
    ) -> None:
        """Record a planted finding; its ``line`` is filled in by :meth:`close`."""
        self.entries.append(Pending(rule, severity, source, item, amount, evidence, more))

    def note(self, make: EvidenceFn) -> None:
        """Record a near miss (a note that must *not* become a finding), made by ``make``."""
        self.entries.append(make)

    def unused_ref(self, day: date, k: int) -> str:
        """A well-formed reference the statement does not use (call after :meth:`close`)."""
        return f"{self.ref_prefix}{day:%y%m%d}{99_999 - k:05d}"

    def close(self) -> list[dict[str, Any]]:
        """Sort and number everything; return the planted findings and notes, in order."""
        self.bank.sort(key=lambda b: b.booked)  # stable: creation order within a day
        if len(self.bank) >= 90_000:
            raise ValueError(f"{self.fund}: too many statement lines for 5-digit references")
        for i, b in enumerate(self.bank, start=1):
            b.reference = f"{self.ref_prefix}{b.booked:%y%m%d}{i:05d}"
        for rows in (self.contributions, self.expenditures):
            for r in rows:
                r.final_only = (
                    r.final_only
                    or r.date > self.interim_end
                    or (r.bank is not None and r.bank.booked > self.interim_end)
                )
            rows.sort(key=lambda r: (r.final_only, r.date))
            for i, r in enumerate(rows, start=1):
                r.line = i
        out = Planted()
        for p in self.entries:
            if callable(p):
                note = p()
                out.note(note.pop("kind"), **note)
                continue
            line: int | str | None = None
            if isinstance(p.item, Row):
                line = p.item.line
            elif isinstance(p.item, BankLine):
                line = p.item.reference
            out.finding(
                p.rule,
                p.severity,
                self.fund,
                p.source,
                line=line,
                amount=None if p.amount is None else money(p.amount),
                evidence={**p.evidence, **(p.more() if p.more else {})},
            )
        return out.entries

    def interim_rows(self, rows: list[Row]) -> list[Row]:
        """The rows the interim report declares (a prefix of the final report)."""
        return [r for r in rows if not r.final_only]
