"""Reading banks' statements of election-fund accounts (formats.md, section 5).

    statement_file = parse_statement(file_name, data)   # bytes in, StatementFile out

`parse_statement` recognises the format from the content (not the file name), reads the
file into a `StatementFile`: its `Statement`s in file order, each of `StatementLine`s, and
checks each statement. Amounts are `Decimal` with two
places, signed: + credit (money in), - debit (money out). Every refusal is an `InputError`
naming the file, the line where there is one (the physical line in the file), the column
or field, and the reason. Nothing is stored here; the caller stores what it is given.

Formats
-------
**SWIFT MT940** (`mt940`). Text in UTF-8, or in the single-byte code page in which its words
read as words (`encoding`: cp1251, cp866, cp852, cp1250, latin-1; an ambiguous one is
refused). CIS banks write Cyrillic in `:86:` in cp1251 or cp866, which have no Ө Ү Ң (such
banks write О У Н). CRLF, LF or CR line ends; a BOM. Every statement (`:20:` on) is read, in
file order: days, pages (`:28C:` 1/1, 1/2), accounts. Around them, what banks write: SWIFT
envelopes `{1:...}{2:...}{3:...}{4: ... -}{5:...}` message after message, a bank's header
lines (`ABNANL2A`/`940`, `0000 01INGBNL2AXXXX00001`/`940 00`, `:940:`, `-`, `-XXX`), SOH/ETX
framing, a DOS end-of-file byte; other text there is refused with its line. Each statement:
`:20:` (statement id), `:25:` (account, kept as written), `:28C:` or `:28:` (sequence,
optional), `:60F:`/`:60M:`, `:62F:`/`:62M:`; `:61:` lines between them (none: a balance
report), each optionally followed by `:86:`; `:64:`/`:65:` checked for form; `:86:` after
the closing balance is not a line; `:21:`, `:13D:`, `:34F:`, `:90C:`/`:90D:`, `:NS:` are
ignored; other tags are refused. `:61:` as banks write it (a blank before the amount or
type, `NOV `, no type, funds code, a customer reference up to 64 characters, RC/RD). Booking
date: the entry date of `:61:` if given, else its value date. Reference: the bank reference
after `//`, else the customer reference, else "" (`NONREF` is none); `references` both.
`:86:` dialects (`mt940_details`):
  - structured `NNN?00...?20...?32...` (ZKA) subfields: ?20-?29, ?60-?63 purpose, ?31
    account, ?32-?33 name, ?38 PIN/INN; unknown subfields kept in the purpose; SEPA keywords
    in the purpose: `SVWZ+` the purpose, `EREF+`/`KREF+`/`MREF+` references, `IBAN+`;
  - keywords: SWIFT/SEPA codes (`/CNTP/`, `/NAME/`, `/IBAN/`, `/ORDP//NAME/`, `/BENM//NAME/`,
    `/REMI/` purpose, `/EREF/`/`/MARF/` references, ...) and ours (`/NAME/.../INN/.../ACC/
    .../PURP/...`, also `/PIN/`); split only on known codes; other codes kept in the purpose;
  - plain text: the whole text is the purpose; no name is guessed from prose.

**ISO 20022 camt.053** (`camt053`), versions .001.02 to .001.12, chosen by namespace (any
prefix); the `Document` alone or inside the SWIFT application header envelope (`AppHdr` +
`Document`). DTDs and entities are refused before anything is read (XXE, billion laughs,
external DTDs); the schema of the version is checked entry by entry as the file streams, and
a refusal names the element and its line. Every `Stmt` is a statement. Account
`Acct/Id/Othr/Id` (Kyrgyz 16-digit numbers) or IBAN; balances OPBD (or PRCD) and CLBD; only
booked (`BOOK`) entries; the booking date `BookgDt`, else the value date; a batch entry with
several `TxDtls` that carry their own amounts becomes one line per transaction. See
`camt053` for the mapping of each field.

**CSV** (`csvformat`): the exchange columns `account, booking_date, value_date, amount,
currency, counterparty_name, counterparty_id, counterparty_account, reference, purpose`;
UTF-8, `,`, `.` decimals, ISO dates; no balances, no statement id.

Checks (`checks`, for every format)
-----------------------------------
A statement is of one account in one currency; it may have no line (a balance report: the
account did not move). Amounts have at most two decimals and at most 9,999,999,999,999.99;
a zero amount is kept (a bank's account check); currencies are three capital letters. A
reference is optional and may repeat: a line is identified by its whole booking
(`banking/identity.py`, decision 0012). No line is booked in the future; no control
characters (right-to-left marks, zero-width characters and the like are kept as written);
opening balance + lines = closing balance where the format carries balances, whatever the
dates of the balances (some banks date the opening balance like the closing one). Files
over 20 MB and statements over 200,000 lines are refused (`Limits`).

Adding a format: a module that builds a `StatementFormat` (name, `sniff`, `parse`, label),
calls `register`, and is imported below; and a paragraph here.
"""

from . import camt053, csvformat, mt940  # noqa: F401 - each registers its format
from .checks import DEFAULT_LIMITS, Limits
from .model import Statement, StatementFile, StatementLine
from .registry import (
    StatementFormat,
    detect_format,
    parse_statement,
    register,
    statement_formats,
)

__all__ = [
    "DEFAULT_LIMITS",
    "Limits",
    "Statement",
    "StatementFile",
    "StatementFormat",
    "StatementLine",
    "detect_format",
    "parse_statement",
    "register",
    "statement_formats",
]
