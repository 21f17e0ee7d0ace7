"""Each fund's bank statement (``statements/<fund>.csv``, ``.sta``, ``.xml``).

One statement per fund covers the whole life of the account in the generated period: it
opens with a zero balance on the day the account was opened and closes on the last day of
the final report's period, so opening balance + lines = closing balance. The same lines are
written in the three formats the platform reads; the bank decides the MT940 dialect and the
camt.053 version (Айыл Банк: structured ``:86:`` and .001.02; Элдик Банк: keyword ``:86:``
and .001.08), so every format and version appears in a generated election.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from .fund_flows import FundInfo
from .ledger import BankLine
from .statement_writers import StatementDoc, camt053, csv_rows, mt940
from .writers import CsvFile

#: per bank: MT940 :86: dialect and camt.053 version
BANK_FORMATS = {"Айыл Банк": ("structured", 2), "Элдик Банк": ("keyword", 8)}


def statement_doc(info: FundInfo, lines: list[BankLine], closing: date) -> StatementDoc:
    """The statement of ``info``'s account holding ``lines`` (sorted, with references)."""
    return StatementDoc(
        statement_id=f"ST{info.opened_on:%y%m%d}{info.number:04d}",
        account=info.account,
        owner=f"Саясий партия «{info.name_ky}» шайлоо фонду",
        bank=info.bank,
        opening_date=info.opened_on,
        closing_date=closing,
        lines=lines,
    )


def write_statement(directory: Path, info: FundInfo, doc: StatementDoc) -> dict[str, int]:
    """Write the three files; return their line counts by path relative to the output."""
    directory.mkdir(parents=True, exist_ok=True)
    dialect, version = BANK_FORMATS[info.bank]
    with CsvFile(directory / f"{info.code}.csv", "statement") as out:
        out.writerows(csv_rows(doc))
    (directory / f"{info.code}.sta").write_text(mt940(doc, dialect), encoding="utf-8", newline="\n")
    with (directory / f"{info.code}.xml").open("w", encoding="utf-8", newline="\n") as fh:
        fh.writelines(camt053(doc, version))
    n = len(doc.lines)
    return {f"statements/{info.code}.{ext}": n for ext in ("csv", "sta", "xml")}
