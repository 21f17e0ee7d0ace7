"""Planted disagreements between a fund's final report and its bank statement, and near misses
that a correct reconciliation must not flag (``rules.md``, "Bank reconciliation rules").

Matching, as the rules define it: by ``bank_ref`` = statement ``reference`` first; otherwise
by the same amount, the same counterparty id and dates at most ``bank_match_days`` apart,
each line used once. Every plant here is dated after the interim period, so it concerns the
final report only, and involves a donor or supplier the fund has no other dealings with, so
no other row or line can match it by amount.

Where each finding points (``line``):

- ``BANK_UNDECLARED_CREDIT`` / ``BANK_UNDECLARED_DEBIT``: ``source: bank``, the line's reference;
- ``DECLARED_NOT_IN_BANK``: the filed row (``source: contribution`` or ``expenditure``), whose
  ``bank_ref`` is a well-formed reference the statement does not have;
- ``BANK_AMOUNT_MISMATCH``: the filed row; its evidence gives both amounts and the reference.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from .donors import account_for
from .fund_flows import Fund, som
from .ledger import BankLine, money

D = Decimal


def undeclared_credit(fund: Fund) -> None:
    """Money from a citizen that no contribution accounts for."""
    donor = fund.person(fresh=True)
    amount = som(3_000, 40_000, fund.rng, 500)
    line = BankLine(
        fund.late_day(),
        amount,
        donor.name,
        donor.party_id,
        account_for(donor.party_id),
        fund.credit_purpose("individual", "bank"),
    )
    fund.ledger.bank.append(line)
    ev = {"date": line.booked.isoformat(), "counterparty_id": donor.party_id}
    fund.ledger.plant("BANK_UNDECLARED_CREDIT", "violation", "bank", line, amount, ev)


def undeclared_debit(fund: Fund) -> None:
    """A payment to a company that no expenditure accounts for (small enough for the
    balance)."""
    payee = fund.entity(fresh=True)
    when = fund.late_day() + timedelta(days=3)
    room = int(fund.headroom(when) / 4)
    amount = D(max(100, min(room, fund.rng.randint(5_000, 60_000)) // 10 * 10))
    line = BankLine(
        when,
        -amount,
        payee.name,
        payee.party_id,
        account_for(payee.party_id),
        "Оплата по счёту",
        customer_ref=f"PP-{fund.rng.randint(1, 999)}",
    )
    fund.ledger.bank.append(line)
    ev = {"date": when.isoformat(), "counterparty_id": payee.party_id}
    fund.ledger.plant("BANK_UNDECLARED_DEBIT", "violation", "bank", line, amount, ev)


def declared_not_in_bank(fund: Fund, table: str, k: int) -> None:
    """A row filed as paid through the bank, with a reference the statement lacks."""
    when = fund.late_day()
    ref = fund.ledger.unused_ref(when, k)
    if table == "contribution":
        donor = fund.person(fresh=True)
        amount = som(2_000, 30_000, fund.rng, 500)
        row = fund.give(when, "individual", donor, amount, "in_kind", final_only=True)
        row.method, row.filed_ref = "bank", ref  # filed as a transfer that never came
    else:
        payee = fund.entity(fresh=True)
        amount = som(10_000, 90_000, fund.rng, 100)
        purpose = f"Изготовление баннеров, счёт №{fund.rng.randint(1, 400)}"
        row = fund.pay(when, "outdoor", payee, amount, purpose, final_only=True)
        fund.ledger.bank.remove(row.bank)  # type: ignore[arg-type]
        row.bank, row.filed_ref = None, ref
    ev = {"bank_ref": ref, "date": when.isoformat()}
    fund.ledger.plant("DECLARED_NOT_IN_BANK", "warning", table, row, amount, ev)


def amount_mismatch(fund: Fund, table: str) -> None:
    """A row matched by its reference whose amount differs from the bank's."""
    when = fund.late_day()
    if table == "contribution":
        donor = fund.person(fresh=True)
        declared = som(5_000, 50_000, fund.rng, 1_000)
        row = fund.give(when, "individual", donor, declared, "bank", final_only=True)
        booked = declared * 10 if fund.rng.random() < 0.5 else declared / 10
    else:
        payee = fund.entity(fresh=True)
        room = int(fund.headroom(when) / 4)
        booked = D(max(1_000, min(room, fund.rng.randint(20_000, 90_000)) // 100 * 100))
        declared = booked - som(1_000, 9_000, fund.rng, 1_000)
        purpose = f"Оплата рекламы в социальных сетях, договор №{fund.rng.randint(1, 400)}"
        row = fund.pay(
            when, "online", payee, declared, purpose, booked_amount=booked, final_only=True
        )
    assert row.bank is not None
    row.bank.amount = booked if table == "contribution" else -booked
    line = row.bank
    ev = {"declared": money(declared), "bank": money(booked)}
    fund.ledger.plant(
        "BANK_AMOUNT_MISMATCH",
        "violation",
        table,
        row,
        declared,
        ev,
        lambda: {"bank_ref": line.reference},
    )


def cash_at_match_limit(fund: Fund) -> None:
    """Cash deposited exactly ``bank_match_days`` after the declared date: it matches."""
    donor = fund.person(fresh=True)
    days = fund.limits.bank_match_days
    amount = som(2_000, 20_000, fund.rng, 500)
    row = fund.give(fund.late_day(), "individual", donor, amount, "cash", lag=days, final_only=True)
    line = row.bank
    assert line is not None
    fund.ledger.note(
        lambda: {
            "kind": "near_miss_cash_deposit_days",
            "fund": fund.info.code,
            "line": row.line,
            "reference": line.reference,
            "days": days,
        }
    )


def same_donor_twice(fund: Fund) -> None:
    """One donor gives the same sum in cash on two following days; each deposit matches its
    own contribution."""
    donor = fund.person(fresh=True)
    amount = som(2_000, 20_000, fund.rng, 1_000)
    first = fund.late_day(fund.late_window[1] - timedelta(days=1))
    rows = [
        fund.give(
            first + timedelta(days=k), "individual", donor, amount, "cash", lag=0, final_only=True
        )
        for k in (0, 1)
    ]
    fund.ledger.note(
        lambda: {
            "kind": "near_miss_same_donor_same_amount",
            "fund": fund.info.code,
            "pin": donor.party_id,
            "lines": [r.line for r in rows],
            "references": [r.bank.reference for r in rows if r.bank is not None],
        }
    )
