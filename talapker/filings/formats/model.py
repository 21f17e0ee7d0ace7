"""What a filed report holds once read, the codes it may use, and the limits on its files.

The column names and codes are the contract of formats.md section 4: keep them as written.
The limits are data, not literals scattered through the readers, so that an operator (or a
test) can pass tighter ones.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from talapker.core.csvfiles import MAX_COLUMNS
from talapker.core.formats import COLUMNS as FILE_COLUMNS

CONTRIBUTIONS = "contributions"
EXPENDITURES = "expenditures"
TABLES = (CONTRIBUTIONS, EXPENDITURES)

CONTRIBUTION_COLUMNS = FILE_COLUMNS[CONTRIBUTIONS]
EXPENDITURE_COLUMNS = FILE_COLUMNS[EXPENDITURES]
COLUMNS = {CONTRIBUTIONS: CONTRIBUTION_COLUMNS, EXPENDITURES: EXPENDITURE_COLUMNS}

REPORT_KINDS = ("interim", "final")
DONOR_KINDS = ("individual", "legal_entity", "party_own", "candidate_own")
METHODS = ("bank", "cash", "in_kind")
CATEGORIES = (
    "print",
    "tv_radio",
    "press",
    "online",
    "outdoor",
    "events",
    "transport",
    "premises",
    "staff",
    "communications",
    "bank_fees",
    "refund",
    "other",
)


@dataclass(frozen=True)
class Contribution:
    line: int
    date: dt.date
    donor_kind: str
    donor_id: str
    donor_name: str
    amount: Decimal
    method: str
    bank_ref: str
    description: str


@dataclass(frozen=True)
class Expenditure:
    line: int
    date: dt.date
    category: str
    payee_name: str
    payee_id: str
    amount: Decimal
    method: str
    bank_ref: str
    description: str


@dataclass(frozen=True)
class ReportData:
    """The two tables of one report, rows in the order filed."""

    contributions: tuple[Contribution, ...]
    expenditures: tuple[Expenditure, ...]


@dataclass(frozen=True)
class JsonReport:
    """The JSON body of the API: the report's kind and period beside its tables."""

    kind: str
    period_from: dt.date
    period_to: dt.date
    data: ReportData


@dataclass(frozen=True)
class Upload:
    """One uploaded file: the name the filer gave it (used in problems) and its bytes."""

    name: str
    data: bytes


@dataclass(frozen=True)
class Limits:
    """Caps that keep a hostile or mistaken file from costing memory or time."""

    max_csv_bytes: int = 10 * 1024 * 1024
    max_xlsx_bytes: int = 20 * 1024 * 1024
    max_json_bytes: int = 20 * 1024 * 1024
    max_rows: int = 100_000  # data rows per table
    max_columns: int = MAX_COLUMNS  # the same cap as every other exchange CSV
    max_header_bytes: int = 16 * 1024
    max_problems: int = 1_000
    # The zip container of a workbook, checked before openpyxl reads any of it.
    max_zip_entries: int = 500
    max_zip_uncompressed_bytes: int = 150 * 1024 * 1024
    max_zip_ratio: int = 200  # uncompressed / compressed, for entries above 1 MiB
    # Lengths of stored text: the model's max_length must be at least these.
    max_id_chars: int = 64
    max_name_chars: int = 500
    max_bank_ref_chars: int = 100
    max_description_chars: int = 2_000


DEFAULT_LIMITS = Limits()

# Amounts are stored as DecimalField(max_digits=14, decimal_places=2) at most.
MAX_AMOUNT = Decimal("999999999999.99")
MAX_LINE = 2_147_483_647  # fits a signed 32-bit integer column
