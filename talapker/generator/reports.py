"""Each fund's two reports (``reports/<fund>/<kind>/contributions.csv``, ``expenditures.csv``,
``scan.pdf``), as the party's treasurer would file them.

The final report is **cumulative**: it restates every row of the interim report, with the
same line numbers, dates and references, and continues with what came after (and with what
the fund declares only at the end, such as a gift received before the campaign). So the
interim report is a prefix of the final one, and a fund's latest report holds all of its
money; reconciliation and screening read the final report. Every planted finding points
into the final report and every planted row lies beyond the interim report, so screening
the interim report alone finds nothing planted. Periods: :mod:`.limits`.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from .fund_flows import FundInfo
from .ledger import Row, money
from .limits import Limits
from .programmes import CREATION_DATE
from .scans import ScanHeader, report_scan
from .writers import CsvFile

ZERO = Decimal("0.00")


def _contribution(r: Row) -> tuple[object, ...]:
    return (
        r.line,
        r.date.isoformat(),
        r.kind,
        r.party_id,
        r.name,
        money(r.amount),
        r.method,
        r.bank_ref,
        r.text(),
    )


def _expenditure(r: Row) -> tuple[object, ...]:
    return (
        r.line,
        r.date.isoformat(),
        r.kind,
        r.name,
        r.party_id,
        money(r.amount),
        r.method,
        r.bank_ref,
        r.text(),
    )


def write_report(
    root: Path,
    info: FundInfo,
    kind: str,
    contributions: list[Row],
    expenditures: list[Row],
    limits: Limits,
) -> dict[str, int]:
    """Write one report's two tables and its scan; return row counts by relative path."""
    rel = f"reports/{info.code}/{kind}"
    folder = root / rel
    folder.mkdir(parents=True, exist_ok=True)
    with CsvFile(folder / "contributions.csv", "contributions") as out:
        out.writerows([_contribution(r) for r in contributions])
    with CsvFile(folder / "expenditures.csv", "expenditures") as out:
        out.writerows([_expenditure(r) for r in expenditures])
    header = ScanHeader(
        party_ky=info.name_ky,
        party_ru=info.name_ru,
        fund=info.code,
        kind=kind,
        period=limits.period(kind),
        bank=info.bank,
        account=info.account,
        contributions=len(contributions),
        received=sum((r.amount for r in contributions), start=ZERO),
        expenditures=len(expenditures),
        spent=sum((r.amount for r in expenditures), start=ZERO),
        leader=info.leader,
        created=CREATION_DATE + limits.calendar.shift,
    )
    (folder / "scan.pdf").write_bytes(report_scan(header))
    return {
        f"{rel}/contributions.csv": len(contributions),
        f"{rel}/expenditures.csv": len(expenditures),
        f"{rel}/scan.pdf": 1,
    }
