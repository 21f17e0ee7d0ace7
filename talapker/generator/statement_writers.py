"""A statement written as SWIFT MT940, ISO 20022 camt.053 or the exchange CSV.

All three carry the same lines, so the platform's parsers read them to equal
``StatementLine`` values. Conventions, as in the banks' samples
(``talapker/banking/tests/samples``):

- **MT940**: ``:20:`` statement id, ``:25:`` account, ``:28C:`` number, ``:60F:`` opening
  balance, ``:61:``/``:86:`` pairs, ``:62F:`` and ``:64:`` closing balance, ``-``. ``:61:``
  gives the value date, the booking date (MMDD), the amount with a decimal comma, the type,
  the payer's reference (``NONREF`` when none) and ``//`` the bank's reference. ``:86:`` is
  written in one of two dialects: *structured* (``020?00...?20 purpose?31 account?32 name?38
  id``) or *keyword* (``/NAME/ /PIN/ or /INN/ /ACC/ /PURP/``). Physical lines hold at most 65
  characters; a full line continues without a space, as the readers expect.
- **camt.053**: version ``.001.02`` or ``.001.08`` (from .07 on, ``Dbtr``/``Cdtr`` wrap the
  party in ``Pty``, the status is ``Sts/Cd`` and the servicer's code is ``BICFI``).
- **CSV**: the columns of ``formats.md`` section 5, amounts signed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from xml.sax.saxutils import escape

from .ledger import BankLine, money

WIDTH = 65
TAG = re.compile(r":(\d{2}[A-Z]?|NS):")
BANK_BICS = {"Айыл Банк": "AIYLKG22", "Элдик Банк": "ELDIKG22"}


@dataclass(frozen=True)
class StatementDoc:
    """One statement of one account: header, balances and lines (references assigned)."""

    statement_id: str
    account: str
    owner: str  # the account holder as the bank names it
    bank: str
    opening_date: date
    closing_date: date
    lines: list[BankLine]
    currency: str = "KGS"

    @property
    def closing(self) -> Decimal:
        return sum((b.amount for b in self.lines), Decimal("0.00"))


def _is_person(party_id: str) -> bool:
    return len(party_id) == 14 and party_id[0] in "12"


# MT940 ----------------------------------------------------------------------------------------


def _mt_amount(amount: Decimal) -> str:
    return money(abs(amount)).replace(".", ",")


def _mt_balance(amount: Decimal, day: date, currency: str) -> str:
    mark = "D" if amount < 0 else "C"
    return f"{mark}{day:%y%m%d}{currency}{_mt_amount(amount)}"


def _cut(text: str, first: int) -> list[str]:
    """``text`` in physical lines: the first ``first`` characters, then 65 at a time."""
    pieces = [text[:first]]
    rest = text[first:]
    while rest:
        pieces.append(rest[:WIDTH])
        rest = rest[WIDTH:]
    for piece in pieces[1:]:
        if piece.strip() in ("", "-") or TAG.match(piece):
            raise ValueError(f"{text!r} cannot be cut into MT940 lines safely")
    return pieces


def _structured(line: BankLine) -> list[str]:
    if line.code == "NCHG":
        head = "805?00КОМИССИЯ"
    else:
        head = "020?00ЗАЧИСЛЕНИЕ" if line.amount > 0 else "117?00ПЕРЕЧИСЛЕНИЕ"
    text = f"{head}?20{line.purpose}"
    if line.account:
        text += f"?31{line.account}"
    if line.name:
        text += f"?32{line.name}"
    if line.party_id:
        text += f"?38{line.party_id}"
    return _cut(text, WIDTH - 4)  # subfields run on without spaces


def _keyword(line: BankLine) -> list[str]:
    fields = []
    if line.name:
        fields.append(f"/NAME/{line.name}")
    if line.party_id:
        fields.append(f"/{'PIN' if _is_person(line.party_id) else 'INN'}/{line.party_id}")
    if line.account:
        fields.append(f"/ACC/{line.account}")
    fields.append(f"/PURP/{line.purpose}")
    out: list[str] = []
    for text in fields:  # each keyword opens a line; a long value fills whole lines
        out.extend(_cut(text, WIDTH - 4 if not out else WIDTH))
    return out


def mt940(doc: StatementDoc, dialect: str) -> str:
    """The statement as MT940 text (``dialect``: ``structured`` or ``keyword``)."""
    details = _structured if dialect == "structured" else _keyword
    out = [
        f":20:{doc.statement_id}",
        f":25:{doc.account}",
        ":28C:1/1",
        f":60F:{_mt_balance(Decimal(0), doc.opening_date, doc.currency)}",
    ]
    for b in doc.lines:
        mark = "C" if b.amount > 0 else "D"
        customer = b.customer_ref or "NONREF"
        out.append(
            f":61:{b.value_date:%y%m%d}{b.booked:%m%d}{mark}{_mt_amount(b.amount)}"
            f"{b.code}{customer}//{b.reference}"
        )
        lines = details(b)
        out.append(":86:" + lines[0])
        out.extend(lines[1:])
    closing = _mt_balance(doc.closing, doc.closing_date, doc.currency)
    out += [f":62F:{closing}", f":64:{closing}", "-"]
    return "\n".join(out) + "\n"


# camt.053 -------------------------------------------------------------------------------------


def _party(line: BankLine, version: int) -> str:
    if not (line.name or line.party_id):
        return ""
    role = "Dbtr" if line.amount > 0 else "Cdtr"
    inner = f"<Nm>{escape(line.name)}</Nm>" if line.name else ""
    if line.party_id:
        kind, scheme = ("PrvtId", "PIN") if _is_person(line.party_id) else ("OrgId", "INN")
        inner += (
            f"<Id><{kind}><Othr><Id>{line.party_id}</Id>"
            f"<SchmeNm><Prtry>{scheme}</Prtry></SchmeNm></Othr></{kind}></Id>"
        )
    if version >= 7:
        inner = f"<Pty>{inner}</Pty>"
    account = ""
    if line.account:
        account = f"<{role}Acct><Id><Othr><Id>{line.account}</Id></Othr></Id></{role}Acct>"
    return f"<RltdPties><{role}>{inner}</{role}>{account}</RltdPties>"


def _entry(line: BankLine, version: int) -> str:
    status = "<Sts><Cd>BOOK</Cd></Sts>" if version >= 7 else "<Sts>BOOK</Sts>"
    refs = (
        f"<Refs><EndToEndId>{escape(line.customer_ref)}</EndToEndId></Refs>"
        if line.customer_ref
        else ""
    )
    code = "FEES" if line.code == "NCHG" else "NTRF"
    return (
        "      <Ntry>\n"
        f'        <Amt Ccy="KGS">{money(abs(line.amount))}</Amt>\n'
        f"        <CdtDbtInd>{'CRDT' if line.amount > 0 else 'DBIT'}</CdtDbtInd>\n"
        f"        {status}\n"
        f"        <BookgDt><Dt>{line.booked.isoformat()}</Dt></BookgDt>\n"
        f"        <ValDt><Dt>{line.value_date.isoformat()}</Dt></ValDt>\n"
        f"        <AcctSvcrRef>{line.reference}</AcctSvcrRef>\n"
        f"        <BkTxCd><Prtry><Cd>{code}</Cd></Prtry></BkTxCd>\n"
        f"        <NtryDtls><TxDtls>{refs}{_party(line, version)}"
        f"<RmtInf><Ustrd>{escape(line.purpose)}</Ustrd></RmtInf></TxDtls></NtryDtls>\n"
        "      </Ntry>\n"
    )


def _balance(code: str, amount: Decimal, day: date) -> str:
    indicator = "DBIT" if amount < 0 else "CRDT"
    return (
        f"      <Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp>"
        f'<Amt Ccy="KGS">{money(abs(amount))}</Amt><CdtDbtInd>{indicator}</CdtDbtInd>'
        f"<Dt><Dt>{day.isoformat()}</Dt></Dt></Bal>\n"
    )


def camt053(doc: StatementDoc, version: int) -> Iterator[str]:
    """The statement as camt.053.001.``version`` XML, in pieces (join or write them)."""
    created = f"{doc.closing_date.isoformat()}T18:00:00+06:00"
    bic = "BICFI" if version >= 7 else "BIC"
    yield (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.{version:02d}">\n'
        "  <BkToCstmrStmt>\n"
        f"    <GrpHdr><MsgId>{doc.statement_id}-MSG</MsgId><CreDtTm>{created}</CreDtTm></GrpHdr>\n"
        "    <Stmt>\n"
        f"      <Id>{doc.statement_id}</Id>\n"
        "      <ElctrncSeqNb>1</ElctrncSeqNb>\n"
        f"      <CreDtTm>{created}</CreDtTm>\n"
        f"      <FrToDt><FrDtTm>{doc.opening_date.isoformat()}T00:00:00+06:00</FrDtTm>"
        f"<ToDtTm>{doc.closing_date.isoformat()}T23:59:59+06:00</ToDtTm></FrToDt>\n"
        f"      <Acct><Id><Othr><Id>{doc.account}</Id></Othr></Id><Ccy>{doc.currency}</Ccy>"
        f"<Nm>{escape(doc.owner)}</Nm><Svcr><FinInstnId><{bic}>{BANK_BICS[doc.bank]}</{bic}>"
        "</FinInstnId></Svcr></Acct>\n"
    )
    yield _balance("OPBD", Decimal(0), doc.opening_date)
    yield _balance("CLBD", doc.closing, doc.closing_date)
    count = f"<TtlNtries><NbOfNtries>{len(doc.lines)}</NbOfNtries></TtlNtries>"
    yield f"      <TxsSummry>{count}</TxsSummry>\n"
    for line in doc.lines:
        yield _entry(line, version)
    yield "    </Stmt>\n  </BkToCstmrStmt>\n</Document>\n"


# CSV ------------------------------------------------------------------------------------------


def csv_rows(doc: StatementDoc) -> list[tuple[str, ...]]:
    """The statement's rows in the exchange CSV (no header)."""
    return [
        (
            doc.account,
            b.booked.isoformat(),
            b.value_date.isoformat(),
            money(b.amount),
            doc.currency,
            b.name,
            b.party_id,
            b.account,
            b.reference,
            b.purpose,
        )
        for b in doc.lines
    ]
