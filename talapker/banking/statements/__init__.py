"""Reading banks' statements of election-fund accounts (formats.md, section 5).

    statement = parse_statement(file_name, data)   # bytes in, Statement out

`parse_statement` recognises the format from the content (not the file name), reads the
file into a `Statement` of `StatementLine`s and checks it. Amounts are `Decimal` with two
places, signed: + credit (money in), - debit (money out). Every refusal is an `InputError`
naming the file, the line where there is one (the physical line in the file), the column
or field, and the reason. Nothing is stored here; the caller stores what it is given.

Formats
-------
**SWIFT MT940** (`mt940`). Text in UTF-8, or cp1251/cp866 as detected (CIS banks write
Cyrillic in `:86:` in their code page; those code pages have no Ө Ү Ң, so such banks write
О У Н). A SWIFT envelope `{1:...}{4: ... -}` is removed; CRLF, LF or CR line ends; a BOM.
Required: `:20:` (statement id), `:25:` (account, kept as written), `:60F:`/`:60M:`,
`:62F:`/`:62M:`; `:61:` lines between them, each optionally followed by `:86:`. Unknown
tags are refused. Booking date: the entry date of `:61:` if given, else its value date.
Reference: the bank reference after `//`, else the customer reference (not `NONREF`).
`:86:` dialects (`mt940_details`):
  - structured `NNN?00...?20...?32...` subfields: ?20-?29, ?60-?63 purpose, ?31 account,
    ?32-?33 name, ?38 PIN/INN; unknown subfields kept in the purpose;
  - keywords `/NAME/.../INN/.../ACC/.../PURP/...` (also `/PIN/`); unknown keywords kept;
  - plain text: the whole text is the purpose.

**ISO 20022 camt.053** (`camt053`), versions .001.02 to .001.12, chosen by namespace (any
prefix). DTDs and entities are refused before parsing (XXE, billion laughs, external DTDs).
Account `Acct/Id/Othr/Id` (Kyrgyz 16-digit numbers) or IBAN; balances OPBD (or PRCD) and
CLBD; only booked (`BOOK`) entries; a batch entry with several `TxDtls` that carry their own
amounts becomes one line per transaction. See `camt053` for the mapping of each field.

**CSV** (`csvformat`): the exchange columns `account, booking_date, value_date, amount,
currency, counterparty_name, counterparty_id, counterparty_account, reference, purpose`;
UTF-8, `,`, `.` decimals, ISO dates; no balances, no statement id.

Checks (`checks`, for every format)
-----------------------------------
One statement of one account in one currency per file; at least one line; no zero amount,
no third decimal, no amount over 9,999,999,999,999.99; currencies of three capital letters;
a bank reference on every line, unique in the statement; booking dates within the
statement's balance dates and not in the future; no control characters (right-to-left
marks, zero-width characters and the like are kept as written); opening balance + lines =
closing balance where the format carries balances. Files over 20 MB and statements over
200,000 lines are refused (`Limits`).

Adding a format: a module that builds a `StatementFormat` (name, `sniff`, `parse`, label),
calls `register`, and is imported below; and a paragraph here.
"""

from . import camt053, csvformat, mt940  # noqa: F401 - each registers its format
from .checks import DEFAULT_LIMITS, Limits
from .model import Statement, StatementLine
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
    "StatementFormat",
    "StatementLine",
    "detect_format",
    "parse_statement",
    "register",
    "statement_formats",
]
