"""Importing a bank statement: the path the bank API, the staff page and the command line share.

The file is parsed and checked in full first (`statements.parse_statement`), its account is
resolved to an election fund (no line may be booked before the account was opened, less the
election's `booking_margin_days`), and then one transaction stores it: the statement record,
its lines not already held (a line is identified by the account and the bank's reference), the
audit event, and the fund's reconciliation; then it announces the import
(`banking.signals.statement_imported`), and compliance queues the fund's screening for after
the commit. The same file twice stores nothing the second time; an overlapping statement
adds only its new lines. A line whose reference is known but whose booking differs is
refused: a bank does not rewrite a booked line.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from talapker.audit.services import audit_record
from talapker.banking.models import BankLine, Statement
from talapker.banking.reconcile import reconcile
from talapker.banking.signals import statement_imported
from talapker.banking.statements import model as parsed
from talapker.banking.statements.checks import booking_floor, check_booked_from
from talapker.banking.statements.registry import parse_statement
from talapker.core.bulk import rows_insert
from talapker.core.errors import InputError
from talapker.core.files import files_staged
from talapker.elections.models import Election
from talapker.funds.models import Account

CHUNK = 5_000  # references looked up per query
SAME_BOOKING = ("booking_date", "amount", "currency", "counterparty_id")


@dataclass(frozen=True)
class Imported:
    statement: Statement
    new_lines: int
    unchanged: bool  # the very same file was received before

    def summary(self) -> dict[str, object]:
        s = self.statement
        return {
            "statement": s.pk,
            "account": s.account.number,
            "fund": s.account.fund.code,
            "format": s.format,
            "sha256": s.sha256,
            "lines": s.lines,
            "new_lines": self.new_lines,
            "unchanged": self.unchanged,
        }


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
    statement = parse_statement(name, data, today=as_of)
    account = account_for(name, statement.account, election)
    if allowed_banks is not None and account.bank not in allowed_banks:
        raise InputError(
            name,
            _("account %(account)s is held by another bank") % {"account": statement.account},
        )
    election_of = account.fund.election
    earliest, why = booking_floor(
        account.opened_on, election_of.campaign_start, election_of.rule("booking_margin_days")
    )
    check_booked_from(statement, name, earliest, why)
    digest = hashlib.sha256(data).hexdigest()
    # Which lines are new is read before the transaction, so that SQLite's write lock is not
    # held while 150,000 references are looked up; inside it, the lookup is redone only if
    # another statement of the account came in meanwhile.
    seen = _latest_statement(account)
    fresh = _new_lines(name, account, statement)
    with transaction.atomic():
        earlier = Statement.objects.filter(account=account, sha256=digest).first()
        if earlier:
            return Imported(earlier, 0, unchanged=True)
        if _latest_statement(account) != seen:
            fresh = _new_lines(name, account, statement)
        record = Statement(
            account=account,
            format=statement.format,
            statement_id=statement.statement_id[:64],
            name=name[:255],
            sha256=digest,
            opening_balance=statement.opening_balance,
            opening_date=statement.opening_date,
            closing_balance=statement.closing_balance,
            closing_date=statement.closing_date,
            lines=len(statement.lines),
            new_lines=len(fresh),
            received_by=actor,
            channel=channel,
        )
        record.file.save("statement.bin", ContentFile(data), save=False)
        record.save()
        rows_insert(
            BankLine._meta.db_table,
            LINE_COLUMNS,
            (_bank_line(account, record, line) for line in fresh),
        )
        audit_record(
            "statement.imported",
            actor=actor,
            object_type="banking.statement",
            object_id=str(record.pk),
            data={
                "account": account.number,
                "fund": account.fund.code,
                "sha256": digest,
                "lines": record.lines,
                "new_lines": record.new_lines,
                "channel": channel,
            },
        )
        reconcile([account.fund_id])
        statement_imported.send(sender=Statement, fund=account.fund, statement=record, actor=actor)
    return Imported(record, len(fresh), unchanged=False)


def _latest_statement(account: Account) -> int | None:
    return (
        Statement.objects.filter(account=account)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )


def _new_lines(
    name: str, account: Account, statement: parsed.Statement
) -> list[parsed.StatementLine]:
    """The statement's lines not yet held; InputError if a held reference was rebooked."""
    by_ref = {line.reference: line for line in statement.lines}
    refs = list(by_ref)
    held: dict[str, tuple[object, ...]] = {}
    for start in range(0, len(refs), CHUNK):
        rows = (
            BankLine.objects.filter(account=account, reference__in=refs[start : start + CHUNK])
            .order_by()
            .values_list("reference", *SAME_BOOKING)
        )
        held.update({row[0]: row[1:] for row in rows})
    for ref, booked in held.items():
        line = by_ref[ref]
        if booked != tuple(getattr(line, f) for f in SAME_BOOKING):
            raise InputError(
                name,
                _(
                    "reference %(reference)s was received before with another booking "
                    "(%(date)s, %(amount)s); a booked line cannot change"
                )
                % {"reference": ref, "date": booked[0], "amount": booked[1]},
                line=line.source_line or None,
            )
    return [line for line in statement.lines if line.reference not in held]


LINE_COLUMNS = (
    "account_id",
    "statement_id",
    "reference",
    "booking_date",
    "value_date",
    "amount",
    "currency",
    "counterparty_name",
    "counterparty_id",
    "counterparty_account",
    "purpose",
)


def _bank_line(account: Account, record: Statement, line: parsed.StatementLine) -> tuple:  # type: ignore[type-arg]
    """The values of one line, in the order of LINE_COLUMNS (cut to the columns' lengths)."""
    return (
        account.pk,
        record.pk,
        line.reference,
        line.booking_date,
        line.value_date,
        line.amount,
        line.currency,
        line.counterparty_name[:500],
        line.counterparty_id[:64],
        line.counterparty_account[:64],
        line.purpose[:2000],
    )
