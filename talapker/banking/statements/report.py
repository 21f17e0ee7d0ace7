"""A parsed statement file as plain data: what `check-statement --json` prints and the banks'
dry run answers (interfaces.md: format, and per statement account, currency, balances and
lines, with the statement's number, page, dates and totals besides)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .model import Statement, StatementFile


def file_summary(statement_file: StatementFile) -> dict[str, Any]:
    return {
        "format": statement_file.format,
        "statements": [_statement(s) for s in statement_file.statements],
    }


def _statement(statement: Statement) -> dict[str, Any]:
    credits = sum((line.amount for line in statement.lines if line.amount > 0), Decimal("0.00"))
    debits = sum((line.amount for line in statement.lines if line.amount < 0), Decimal("0.00"))
    return {
        "account": statement.account,
        "currency": statement.currency,
        "statement_id": statement.statement_id,
        "sequence": statement.sequence,
        "opening_balance": text_or_none(statement.opening_balance),
        "opening_date": text_or_none(statement.opening_date),
        "closing_balance": text_or_none(statement.closing_balance),
        "closing_date": text_or_none(statement.closing_date),
        "lines": len(statement.lines),
        "credits": str(credits),
        "debits": str(-debits),
    }


def text_or_none(value: object) -> str | None:
    """A value as JSON writes it: its text, or null."""
    return None if value is None else str(value)
