"""ISO 20022 camt.053 bank-to-customer statements, versions .001.02 to .001.12.

Three passes, the first one defensive:

1. `defusedxml` reads the XML as a stream with DTDs forbidden, so a DOCTYPE (internal
   entities, billion laughs, an external DTD or entity) is refused before anything is
   expanded or fetched. The same pass checks the root (an ISO 20022 camt.053 `Document`),
   caps the nesting depth and the number of entries, and notes the line of each `Ntry`.
2. `xsdata` parses the bytes into the typed `Document` of the pyiso20022 module for the
   version the namespace names; unknown elements and unconvertible values are refused.
3. The document is mapped to a `Statement`.

Mapping: account `Acct/Id/Othr/Id` (Kyrgyz 16-digit accounts) or `Acct/Id/IBAN`; balances
`OPBD` (or `PRCD`) and `CLBD`; for each booked `Ntry`: `Amt` and `CdtDbtInd`, `BookgDt`,
`ValDt`; reference `Ntry/AcctSvcrRef`, else `TxDtls/Refs/AcctSvcrRef`, `NtryRef`,
`Refs/TxId`, `Refs/EndToEndId`; counterparty `RltdPties/Dbtr` with `DbtrAcct` on a credit,
`Cdtr` with `CdtrAcct` on a debit (name `Nm`, id `Id/PrvtId/Othr/Id` or `Id/OrgId/Othr/Id`);
purpose `RmtInf/Ustrd`, else `AddtlTxInf`, else `AddtlNtryInf`. A batch entry with several
`TxDtls` becomes one line per transaction when each carries its own amount and they add up
to the entry.
"""

from __future__ import annotations

import datetime as dt
import importlib
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Any
from xml.sax import SAXException
from xml.sax.handler import ContentHandler, feature_namespaces
from xml.sax.xmlreader import Locator

from defusedxml import DefusedXmlException
from defusedxml.expatreader import DefusedExpatParser
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from xsdata.formats.dataclass.parsers import XmlParser
from xsdata.formats.dataclass.parsers.config import ParserConfig

from talapker.core.errors import InputError
from talapker.core.readerrors import xml_reason

from .checks import DEFAULT_LIMITS, Limits, money
from .model import Statement, StatementLine
from .registry import StatementFormat, register

NAME = "camt.053"
ISO_NAMESPACE = re.compile(
    r"urn:iso:std:iso:20022:tech:xsd:(?P<message>[a-z]{4}\.\d{3})\.001\.(?P<version>\d{2})"
)
VERSIONS = range(2, 13)  # the camt.053.001.NN modules pyiso20022 ships, from .02 on
MAX_DEPTH = 40  # camt.053 nests about 15 deep
NO_REFERENCE = "NOTPROVIDED"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def sniff(data: bytes) -> bool:
    """An XML file: it starts with `<` (after a byte-order mark and white space)."""
    if data.startswith(UTF16_BOMS):
        return data[2:].replace(b"\x00", b"").lstrip().startswith(b"<")
    return data.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"<")


def parse(name: str, data: bytes, *, limits: Limits = DEFAULT_LIMITS) -> Statement:
    """The statement in a camt.053 file (one statement of one account)."""
    outline = _outline(name, data, limits)
    document = _typed_document(name, data, outline.version)
    return _statement(name, document, outline)


# 1. The defensive pass ----------------------------------------------------------------------


@dataclass
class Outline:
    """What the defensive pass learnt: the version and the line of every entry."""

    version: int = 0
    entry_lines: list[int] = field(default_factory=list)


class _Refusal(SAXException):
    """Stops the stream at the first problem; carries the reason and line."""

    def __init__(self, reason: str, line: int | None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line


class _OutlineHandler(ContentHandler):
    def __init__(self, limits: Limits) -> None:
        super().__init__()
        self.limits = limits
        self.outline = Outline()
        self.path: list[str] = []
        self.locator: Locator | None = None

    def setDocumentLocator(self, locator: Locator) -> None:
        self.locator = locator

    def line(self) -> int | None:
        return self.locator.getLineNumber() if self.locator else None

    def startElementNS(self, name: tuple[str | None, str], qname: Any, attrs: Any) -> None:
        namespace, local = name
        if not self.path:
            self.outline.version = _version(namespace or "", local, self.line())
        self.path.append(local)
        if len(self.path) > MAX_DEPTH:
            raise _Refusal(
                _("the XML is nested deeper than %(depth)s levels") % {"depth": MAX_DEPTH},
                self.line(),
            )
        if local == "Ntry" and len(self.path) == 4:
            lines = self.outline.entry_lines
            lines.append(self.line() or 0)
            if len(lines) > self.limits.max_lines:
                raise _Refusal(
                    _(
                        "the statement has more than %(most)s entries; at most %(most)s are "
                        "accepted in one file"
                    )
                    % {"most": f"{self.limits.max_lines:,}"},
                    self.line(),
                )

    def endElementNS(self, name: tuple[str | None, str], qname: Any) -> None:
        self.path.pop()


def _version(namespace: str, local: str, line: int | None) -> int:
    """The camt.053 version the root element declares; _Refusal for anything else."""
    match = ISO_NAMESPACE.fullmatch(namespace)
    if not match:
        if namespace:
            reason = _(
                "not an ISO 20022 camt.053 statement: the root element <%(root)s> has "
                "namespace '%(namespace)s'"
            )
        else:
            reason = _(
                "not an ISO 20022 camt.053 statement: the root element <%(root)s> has no namespace"
            )
        raise _Refusal(reason % {"root": local, "namespace": namespace}, line)
    message, version = match.group("message"), int(match.group("version"))
    if message != "camt.053":
        raise _Refusal(
            _("this is an ISO 20022 %(message)s message, not a camt.053 bank statement")
            % {"message": message},
            line,
        )
    if local != "Document":
        raise _Refusal(_("the root element is <%(root)s>, not <Document>") % {"root": local}, line)
    if version not in VERSIONS:
        raise _Refusal(
            _(
                "camt.053.001.%(version)s is not accepted; versions .001.%(first)s to "
                ".001.%(last)s are"
            )
            % {
                "version": f"{version:02d}",
                "first": f"{VERSIONS[0]:02d}",
                "last": f"{VERSIONS[-1]:02d}",
            },
            line,
        )
    return version


def _outline(name: str, data: bytes, limits: Limits) -> Outline:
    """Stream the XML once with DTDs and entities forbidden; never expand anything."""
    handler = _OutlineHandler(limits)
    parser = DefusedExpatParser(forbid_dtd=True, forbid_entities=True, forbid_external=True)
    parser.setFeature(feature_namespaces, True)
    parser.setContentHandler(handler)
    try:
        parser.parse(io.BytesIO(data))
    except _Refusal as refusal:
        raise InputError(name, refusal.reason, line=refusal.line) from None
    except DefusedXmlException as err:
        raise InputError(
            name,
            _(
                "the XML declares a DTD or entities (%(what)s); they are refused unread, to "
                "keep out entity expansion and external files"
            )
            % {"what": type(err).__name__},
            line=handler.line(),
        ) from None
    except SAXException as err:
        raise InputError(
            name,
            _("not well-formed XML: %(error)s") % {"error": xml_reason(err.getMessage())},
            line=handler.line(),
        ) from None
    except Exception as err:
        raise InputError(
            name, _("not readable as XML: %(error)s") % {"error": type(err).__name__}
        ) from None
    return handler.outline


# 2. The typed document ----------------------------------------------------------------------


def _typed_document(name: str, data: bytes, version: int) -> Any:
    module = importlib.import_module(f"pyiso20022.camt.camt_053_001_{version:02d}")
    config = ParserConfig(
        load_dtd=False,
        resolve_entities=False,
        process_xinclude=False,
        fail_on_unknown_properties=True,
        fail_on_converter_warnings=True,
    )
    try:
        return XmlParser(config=config).from_bytes(data, module.Document)
    except Exception as err:
        raise InputError(
            name,
            _("not a valid camt.053.001.%(version)s document: %(error)s")
            % {"version": f"{version:02d}", "error": _typed_reason(err)},
        ) from None


# xsdata's English, for the refusals a bank meets: an element the schema does not have, a
# value its type cannot take. Anything else is passed on as xsdata says it.
UNKNOWN_ELEMENT = re.compile(r"Unknown property (?:\{[^}]*\})?(\w+):(?:\{[^}]*\})?(\w+)")
BAD_VALUE = re.compile(r"`([^`]*)` is not a valid `(\w+)`")


def _typed_reason(err: Exception) -> str:
    message = str(err) or type(err).__name__
    unknown = UNKNOWN_ELEMENT.search(message)
    if unknown:
        return _("the element <%(element)s> is not part of <%(parent)s> in this format") % {
            "parent": unknown.group(1),
            "element": unknown.group(2),
        }
    bad = BAD_VALUE.search(message)
    if bad:
        kinds = {
            "XmlDate": pgettext("what a value is not", "a date"),
            "XmlDateTime": pgettext("what a value is not", "a date and time"),
            "Decimal": pgettext("what a value is not", "an amount"),
        }
        kind = kinds.get(bad.group(2), bad.group(2))
        return _("“%(value)s” is not %(kind)s") % {"value": bad.group(1)[:60], "kind": kind}
    return message[:300]


# 3. Mapping ---------------------------------------------------------------------------------


def _statement(name: str, document: Any, outline: Outline) -> Statement:
    statements = list(document.bk_to_cstmr_stmt.stmt or [])
    if not statements:
        raise InputError(name, _("the document holds no statement (Stmt)"))
    if len(statements) > 1:
        accounts = sorted({_account(s.acct) or "?" for s in statements})
        if len(accounts) > 1:
            raise InputError(
                name,
                _(
                    "the file holds statements of several accounts (%(accounts)s); send one "
                    "statement per file"
                )
                % {"accounts": ", ".join(accounts)},
            )
        raise InputError(
            name,
            _("the file holds %(count)s statements; send one statement per file")
            % {"count": len(statements)},
        )
    stmt = statements[0]
    account = _account(stmt.acct)
    if not account:
        raise InputError(name, _("the statement's account has no Id/Othr/Id or IBAN"))
    opening, closing = _balances(name, stmt.bal)
    currency = (stmt.acct.ccy or "").strip() or _first_currency(opening, closing, stmt.ntry)
    mixed = (
        (
            opening,
            _(
                "mixed currencies: the opening balance is in %(balance)s, the account in "
                "%(account)s"
            ),
        ),
        (
            closing,
            _(
                "mixed currencies: the closing balance is in %(balance)s, the account in "
                "%(account)s"
            ),
        ),
    )
    for balance, reason in mixed:
        if balance and balance.currency != currency:
            raise InputError(name, reason % {"balance": balance.currency, "account": currency})
    lines: list[StatementLine] = []
    for index, entry in enumerate(stmt.ntry):
        source_line = outline.entry_lines[index] if index < len(outline.entry_lines) else 0
        lines.extend(_entry_lines(name, entry, index + 1, len(lines), source_line))
    return Statement(
        format=NAME,
        account=account,
        currency=currency,
        statement_id=(stmt.id or "").strip(),
        opening_balance=opening.amount if opening else None,
        opening_date=opening.date if opening else None,
        closing_balance=closing.amount if closing else None,
        closing_date=closing.date if closing else None,
        lines=tuple(lines),
    )


@dataclass(frozen=True)
class _Balance:
    amount: Decimal
    currency: str
    date: dt.date


def _balances(name: str, balances: list[Any]) -> tuple[_Balance | None, _Balance | None]:
    by_code: dict[str, _Balance] = {}
    for balance in balances:
        code = _code(balance.tp.cd_or_prtry.cd) if balance.tp and balance.tp.cd_or_prtry else ""
        if code in ("OPBD", "PRCD", "CLBD") and code not in by_code:
            try:
                amount = _signed(balance.amt, balance.cdt_dbt_ind)
                date = _date(balance.dt)
            except ValueError as err:
                raise InputError(
                    name, _("balance %(code)s: %(reason)s") % {"code": code, "reason": err}
                ) from None
            if date is None:
                raise InputError(name, _("balance %(code)s has no date") % {"code": code})
            by_code[code] = _Balance(amount, (balance.amt.ccy or "").strip(), date)
    return by_code.get("OPBD") or by_code.get("PRCD"), by_code.get("CLBD")


def _entry_lines(
    name: str, entry: Any, entry_number: int, before: int, source_line: int
) -> list[StatementLine]:
    """The statement lines of one entry: one, or one per transaction of a batch."""

    def refuse(reason: str) -> InputError:
        return InputError(
            name,
            _("entry %(number)s: %(reason)s") % {"number": entry_number, "reason": reason},
            line=source_line or None,
        )

    status = _code(getattr(entry.sts, "cd", None) or getattr(entry.sts, "prtry", None) or entry.sts)
    if status != "BOOK":
        if status:
            raise refuse(
                _("status %(status)s; a statement lists booked entries (BOOK) only")
                % {"status": status}
            )
        raise refuse(_("status missing; a statement lists booked entries (BOOK) only"))
    try:
        amount = _signed(entry.amt, entry.cdt_dbt_ind)
        booked = _date(entry.bookg_dt)
        valued = _date(entry.val_dt)
    except ValueError as err:
        raise refuse(str(err)) from None
    if booked is None:
        raise refuse(_("the booking date (BookgDt) is missing"))
    transactions = [tx for details in entry.ntry_dtls for tx in details.tx_dtls]
    entry_reference = _first(
        entry.acct_svcr_ref,
        *(_refs(tx, "acct_svcr_ref") for tx in transactions[:1]),
        entry.ntry_ref,
        *(_refs(tx, "tx_id") for tx in transactions[:1]),
        *(_refs(tx, "end_to_end_id") for tx in transactions[:1]),
    )
    currency = (entry.amt.ccy or "").strip()

    def line(number: int, tx: Any, line_amount: Decimal, reference: str) -> StatementLine:
        party = _party_and_purpose(tx, entry, line_amount)
        return StatementLine(
            number=number,
            booking_date=booked,
            value_date=valued,
            amount=line_amount,
            currency=currency,
            counterparty_name=party.name,
            counterparty_id=party.party_id,
            counterparty_account=party.account,
            reference=reference,
            purpose=party.purpose,
            source_line=source_line,
        )

    if len(transactions) <= 1:
        return [
            line(before + 1, transactions[0] if transactions else None, amount, entry_reference)
        ]
    try:
        amounts = [_transaction_amount(tx, entry) for tx in transactions]
    except ValueError as err:
        raise refuse(_("a transaction of the batch: %(reason)s") % {"reason": err}) from None
    known = [a for a in amounts if a is not None]
    if len(known) != len(amounts) or sum(known) != amount:
        raise refuse(
            _(
                "a batch of %(count)s transactions whose own amounts are missing or do not add "
                "up to the entry's %(amount)s"
            )
            % {"count": len(transactions), "amount": amount}
        )
    return [
        line(
            before + k,
            tx,
            tx_amount,
            _first(
                _refs(tx, "acct_svcr_ref"),
                _refs(tx, "tx_id"),
                _refs(tx, "end_to_end_id"),
                f"{entry_reference}/{k}" if entry_reference else "",
            ),
        )
        for k, (tx, tx_amount) in enumerate(zip(transactions, known, strict=True), start=1)
    ]


@dataclass(frozen=True)
class _Party:
    name: str
    party_id: str
    account: str
    purpose: str


def _party_and_purpose(tx: Any, entry: Any, amount: Decimal) -> _Party:
    parties = getattr(tx, "rltd_pties", None)
    if amount > 0:
        party, account = getattr(parties, "dbtr", None), getattr(parties, "dbtr_acct", None)
    else:
        party, account = getattr(parties, "cdtr", None), getattr(parties, "cdtr_acct", None)
    party = getattr(party, "pty", party)  # from .07 on, Dbtr and Cdtr wrap the party in Pty
    remittance = getattr(tx, "rmt_inf", None)
    unstructured = [text.strip() for text in getattr(remittance, "ustrd", None) or []]
    purpose = " ".join(text for text in unstructured if text) or _first(
        getattr(tx, "addtl_tx_inf", None), entry.addtl_ntry_inf
    )
    return _Party(
        name=(getattr(party, "nm", None) or "").strip(),
        party_id=_party_id(party),
        account=_account(account),
        purpose=purpose,
    )


def _party_id(party: Any) -> str:
    identification = getattr(party, "id", None)
    for kind in ("prvt_id", "org_id"):
        others = getattr(getattr(identification, kind, None), "othr", None) or []
        for other in others:
            if (other.id or "").strip():
                return str(other.id).strip()
    return ""


def _transaction_amount(tx: Any, entry: Any) -> Decimal | None:
    """A batch transaction's own signed amount (`Amt` from .04 on, `AmtDtls/TxAmt` before)."""
    amount = getattr(tx, "amt", None)
    if amount is None:
        details = getattr(getattr(tx, "amt_dtls", None), "tx_amt", None)
        amount = getattr(details, "amt", None)
    if amount is None:
        return None
    return _signed(amount, getattr(tx, "cdt_dbt_ind", None) or entry.cdt_dbt_ind)


def _account(account: Any) -> str:
    identification = getattr(account, "id", None)
    other = getattr(identification, "othr", None)
    return (getattr(other, "id", None) or getattr(identification, "iban", None) or "").strip()


def _refs(tx: Any, name: str) -> str:
    return str(getattr(getattr(tx, "refs", None), name, None) or "")


def _first(*values: str | None) -> str:
    for value in values:
        text = (value or "").strip()
        if text and text.upper() != NO_REFERENCE:
            return text
    return ""


def _signed(amount: Any, indicator: Any) -> Decimal:
    if amount is None or amount.value is None:
        raise ValueError(_("the amount is missing"))
    value = money(Decimal(amount.value))
    if value < 0:
        raise ValueError(
            _("the amount %(amount)s is negative; CdtDbtInd gives the direction")
            % {"amount": value}
        )
    code = _code(indicator)
    if code not in ("CRDT", "DBIT"):
        if not code:
            raise ValueError(_("CdtDbtInd is missing; CRDT or DBIT expected"))
        raise ValueError(_("CdtDbtInd is %(code)s; CRDT or DBIT expected") % {"code": code})
    return -value if code == "DBIT" else value


def _date(choice: Any) -> dt.date | None:
    """The date of a `Dt`/`DtTm` choice, as the bank wrote it (in its own time zone)."""
    if choice is None:
        return None
    value = choice.dt or choice.dt_tm
    if value is None:
        return None
    try:
        return dt.date(value.year, value.month, value.day)
    except (TypeError, ValueError):
        raise ValueError(_("%(date)s is not a date that exists") % {"date": value}) from None


def _code(value: Any) -> str:
    if isinstance(value, Enum):
        return str(value.value)
    return str(value or "").strip()


def _first_currency(*sources: Any) -> str:
    for source in sources:
        if isinstance(source, _Balance):
            return source.currency
        if isinstance(source, list) and source:
            return str(source[0].amt.ccy or "")
    return ""


register(StatementFormat(NAME, sniff, parse, "ISO 20022 camt.053 (XML)"))
