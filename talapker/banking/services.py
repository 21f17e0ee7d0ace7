"""Importing a bank statement file: the path the bank API, the staff page and the command line
share.

The file is parsed and checked in full first (`statements.parse_statement`); it may hold
several statements (days, pages, accounts). Every account in it is resolved to an election
fund (an account no fund holds refuses the whole file), and no line may be booked before its
account was opened, less the election's `booking_margin_days`. Then one transaction stores
it: a statement record per statement, the lines not already held, the audit event, and the
funds' reconciliation; then it announces the import (`banking.signals.statement_imported`),
and compliance queues each fund's screening for after the commit.

A line is held when a line of the same identity is (the whole booking and its place among
identical ones, `banking.identity`, decision 0012), or when the bank's reference, used once
in the file, names a held line with the same booking (the same booking written another way,
say camt.053 after MT940). The same file twice stores nothing the second time; an overlapping
statement adds only its new lines. A reference used once in the file that names a held line of
the same day with another booking is refused: a bank does not rewrite a booked line.
`statement_check` is the same work up to the transaction, storing nothing (the banks' dry run).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from talapker.audit.services import audit_record
from talapker.banking.identity import identities, label
from talapker.banking.models import BankLine, Statement
from talapker.banking.reconcile import reconcile
from talapker.banking.signals import statement_imported
from talapker.banking.statements import model as parsed
from talapker.banking.statements.checks import booking_floor, check_booked_from
from talapker.banking.statements.registry import parse_statement
from talapker.banking.statements.report import text_or_none as _text
from talapker.core.bulk import rows_insert
from talapker.core.errors import InputError
from talapker.core.files import files_staged
from talapker.elections.models import Election
from talapker.funds.models import Account

CHUNK = 5_000  # identities or references looked up per query
SAME_BOOKING = ("booking_date", "amount", "currency", "counterparty_id")


@dataclass(frozen=True)
class Imported:
    statements: tuple[Statement, ...]  # the records of the file, in its order
    new_lines: int
    unchanged: bool  # the very same file was received before

    @property
    def statement(self) -> Statement:
        """The file's first statement (most files hold one)."""
        return self.statements[0]

    def summary(self) -> dict[str, object]:
        first = self.statement
        return {
            "statement": first.pk,
            "account": first.account.number,
            "fund": first.account.fund.code,
            "format": first.format,
            "sha256": first.sha256,
            "lines": sum(s.lines for s in self.statements),
            "new_lines": self.new_lines,
            "unchanged": self.unchanged,
            "statements": [_summary(s) for s in self.statements],
        }


def _summary(s: Statement) -> dict[str, object]:
    return {
        "statement": s.pk,
        "account": s.account.number,
        "fund": s.account.fund.code,
        "statement_id": s.statement_id,
        "sequence": s.sequence,
        "opening_balance": _text(s.opening_balance),
        "opening_date": _text(s.opening_date),
        "closing_balance": _text(s.closing_balance),
        "closing_date": _text(s.closing_date),
        "lines": s.lines,
        "new_lines": s.new_lines,
    }


@dataclass(frozen=True)
class Checked:
    """A file parsed, checked and resolved to its accounts, before anything is stored."""

    name: str
    data: bytes
    file: parsed.StatementFile
    accounts: dict[str, Account]  # by the number the bank writes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def account_for(name: str, number: str, election: Election | None) -> Account:
    """The special account the statement is of; InputError if it is no fund's account."""
    accounts = Account.objects.select_related("fund", "fund__election")
    if election is not None:
        accounts = accounts.filter(fund__election=election)
    found = accounts.filter(number=number).first()
    if found is None:
        raise InputError(
            name,
            _("account %(account)s is not the special account of any election fund")
            % {"account": number},
        )
    return found


class NotYourAccount(InputError):
    """A bank sent an account that is not a special account held at that bank. Whether it
    is another bank's fund account or no fund's at all is not said: the answer must not
    tell a bank which account numbers are election funds' (the API answers 403)."""

    def __init__(self, name: str, number: str) -> None:
        super().__init__(
            name,
            _("account %(account)s is not an election fund's special account at your bank")
            % {"account": number},
        )


def statement_check(
    name: str,
    data: bytes,
    *,
    election: Election | None = None,
    allowed_banks: set[str] | None = None,
    as_of: dt.date | None = None,
) -> Checked:
    """Everything the import checks, storing nothing: the file parses, each statement keeps
    the rules, and each account is a fund's account at one of `allowed_banks` (when given)
    with no line booked before the account could hold one. InputError at the first fault."""
    statement_file = parse_statement(name, data, today=as_of)
    accounts: dict[str, Account] = {}
    for number in statement_file.accounts:
        try:
            account = account_for(name, number, election)
        except InputError:
            if allowed_banks is None:
                raise
            raise NotYourAccount(name, number) from None
        if allowed_banks is not None and account.bank not in allowed_banks:
            raise NotYourAccount(name, number)
        accounts[number] = account
    for statement in statement_file.statements:
        account = accounts[statement.account]
        election_of = account.fund.election
        earliest, why = booking_floor(
            account.opened_on,
            election_of.campaign_start,
            election_of.rule("booking_margin_days"),
        )
        check_booked_from(statement, name, earliest, why)
    return Checked(name, data, statement_file, accounts)


@files_staged
def statement_import(
    name: str,
    data: bytes,
    *,
    actor: str,
    channel: str,
    election: Election | None = None,
    allowed_banks: set[str] | None = None,
    as_of: dt.date | None = None,
) -> Imported:
    """Store one statement file (see the module docstring). `allowed_banks`, when given, are
    the banks the sender may speak for: another bank's account is refused. `as_of` replaces
    today as the latest booking date accepted (for the synthetic demonstration only; every
    real channel uses the real date)."""
    checked = statement_check(
        name, data, election=election, allowed_banks=allowed_banks, as_of=as_of
    )
    accounts = list(checked.accounts.values())
    digest = checked.sha256
    # Which lines are new is read before the transaction, so that SQLite's write lock is not
    # held while 150,000 identities are looked up; inside it, the lookup is redone only if
    # another statement of one of the accounts came in meanwhile.
    seen = _latest_statement(accounts)
    fresh = _new_lines(checked)
    with transaction.atomic():
        # One import per account at a time: a parallel writer of an overlapping file waits
        # here (PostgreSQL's row lock; SQLite writes one at a time), then sees its lines.
        list(
            Account.objects.select_for_update()
            .filter(pk__in=[a.pk for a in accounts])
            .order_by("pk")
        )
        earlier = Statement.objects.filter(account__in=accounts, sha256=digest)
        if earlier.exists():
            records = tuple(earlier.select_related("account__fund").order_by("position"))
            return Imported(records, 0, unchanged=True)
        if _latest_statement(accounts) != seen:
            fresh = _new_lines(checked)
        records = _store(checked, fresh, actor=actor, channel=channel)
        new_lines = sum(record.new_lines for record in records)
        audit_record(
            "statement.imported",
            actor=actor,
            object_type="banking.statement",
            object_id=str(records[0].pk),
            data={
                "accounts": [account.number for account in accounts],
                "funds": [account.fund.code for account in accounts],
                "statements": [record.pk for record in records],
                "sha256": digest,
                "lines": sum(record.lines for record in records),
                "new_lines": new_lines,
                "channel": channel,
            },
        )
        reconcile(sorted({account.fund_id for account in accounts}))
        first_of: dict[int, Statement] = {}
        for record in records:
            first_of.setdefault(record.account_id, record)
        for record in first_of.values():
            statement_imported.send(
                sender=Statement, fund=record.account.fund, statement=record, actor=actor
            )
    return Imported(records, new_lines, unchanged=False)


@dataclass(frozen=True)
class NewLine:
    statement: int  # the statement's place in the file, from 1
    line: parsed.StatementLine
    identity: str
    label: str


def _store(
    checked: Checked, fresh: list[NewLine], *, actor: str, channel: str
) -> tuple[Statement, ...]:
    """The statement records and their new lines (the file itself is saved once)."""
    new_in: Counter[int] = Counter(line.statement for line in fresh)
    records: list[Statement] = []
    for position, statement in enumerate(checked.file.statements, start=1):
        record = Statement(
            account=checked.accounts[statement.account],
            format=checked.file.format,
            statement_id=statement.statement_id[:64],
            sequence=statement.sequence[:64],
            name=checked.name[:255],
            sha256=checked.sha256,
            opening_balance=statement.opening_balance,
            opening_date=statement.opening_date,
            closing_balance=statement.closing_balance,
            closing_date=statement.closing_date,
            position=position,
            lines=len(statement.lines),
            new_lines=new_in[position],
            received_by=actor,
            channel=channel,
        )
        if records:
            record.file.name = records[0].file.name
        else:
            record.file.save("statement.bin", ContentFile(checked.data), save=False)
        record.save()
        records.append(record)
    rows_insert(
        BankLine._meta.db_table,
        LINE_COLUMNS,
        (_bank_line(records[new.statement - 1], new) for new in fresh),
    )
    return tuple(records)


def _latest_statement(accounts: Iterable[Account]) -> int | None:
    return (
        Statement.objects.filter(account__in=list(accounts))
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )


def _new_lines(checked: Checked) -> list[NewLine]:
    """The file's lines not yet held, account by account, in file order. A statement the
    file repeats whole (an export that writes a day twice) adds nothing a second time."""
    fresh: list[NewLine] = []
    statements = checked.file.statements
    seen: set[parsed.Statement] = set()
    repeats = set()
    for i, statement in enumerate(statements):
        if statement in seen:
            repeats.add(i)
        seen.add(statement)
    for number, account in checked.accounts.items():
        placed = [
            (position, line)
            for position, statement in enumerate(statements, start=1)
            if statement.account == number and position - 1 not in repeats
            for line in statement.lines
        ]
        fresh.extend(_new_of_account(checked.name, account, placed))
    return fresh


def _new_of_account(
    name: str, account: Account, placed: list[tuple[int, parsed.StatementLine]]
) -> list[NewLine]:
    ids = identities(line for _, line in placed)
    held_ids = _held(account, "identity", ids, ())
    unheld = [(p, line, i) for (p, line), i in zip(placed, ids, strict=True) if i not in held_ids]
    uses = Counter(line.reference for _, line in placed if line.reference)
    refs = list({line.reference for _, line, _ in unheld if line.reference})
    held_refs = _held(account, "reference", refs, SAME_BOOKING)
    taken = set(held_refs)
    fresh = []
    for position, line, identity in unheld:
        booked = held_refs.get(line.reference)
        # Some banks reuse a reference on other days: only a booking of the same day can be
        # the held one written again, or a rewrite of it.
        if booked is not None and uses[line.reference] == 1 and booked[0] == line.booking_date:
            if booked == tuple(getattr(line, f) for f in SAME_BOOKING):
                continue  # the same booking, written another way
            raise InputError(
                name,
                _(
                    "reference %(reference)s was received before with another booking "
                    "(%(date)s, %(amount)s); a booked line cannot change"
                )
                % {"reference": line.reference, "date": booked[0], "amount": booked[1]},
                line=line.source_line or None,
            )
        named = label(line.reference, identity, taken)
        taken.add(named)
        fresh.append(NewLine(position, line, identity, named))
    return fresh


def _held(
    account: Account, column: str, values: list[str], fields: tuple[str, ...]
) -> dict[str, tuple[object, ...]]:
    """The account's lines whose `column` is one of `values`: value -> their `fields`."""
    held: dict[str, tuple[object, ...]] = {}
    for start in range(0, len(values), CHUNK):
        rows = (
            BankLine.objects.filter(
                account=account, **{f"{column}__in": values[start : start + CHUNK]}
            )
            .order_by()
            .values_list(column, *fields)
        )
        held.update({row[0]: row[1:] for row in rows})
    return held


LINE_COLUMNS = (
    "account_id",
    "statement_id",
    "reference",
    "identity",
    "booking_date",
    "value_date",
    "amount",
    "currency",
    "counterparty_name",
    "counterparty_id",
    "counterparty_account",
    "purpose",
)


def _bank_line(record: Statement, new: NewLine) -> tuple:  # type: ignore[type-arg]
    """The values of one line, in the order of LINE_COLUMNS (cut to the columns' lengths)."""
    line = new.line
    return (
        record.account_id,
        record.pk,
        new.label,
        new.identity,
        line.booking_date,
        line.value_date,
        line.amount,
        line.currency,
        line.counterparty_name[:500],
        line.counterparty_id[:64],
        line.counterparty_account[:64],
        line.purpose[:2000],
    )
