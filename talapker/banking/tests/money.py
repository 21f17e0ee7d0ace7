"""A report that tells the story of the recorded bank samples (scenario.py), with planted
disagreements, so that every reconciliation state appears once or more.

Bank lines (reference: amount)            Report
KG25100100001:  50000.00 credit          c1 bank ref KG25100100001, 50000.00       → agrees
KG25100200002: 150000.00 credit          c2 bank ref KG25100200002, 150000.00      → agrees
KG25100600004:   1000.50 credit          c3 cash, same donor and amount, 1 day off → agrees
KG25100900007:  20000.00 credit          c4 bank ref KG25100900007, 2000.00        → amount differs
                                         c5 in kind, 5000.00                       → agrees
KG25100300003: -35000.00 debit           e1 print, bank ref KG25100300003          → agrees
KG25100800006:   -250.00 debit           e2 bank fees, bank ref KG25100800006      → agrees
KG25100700005: -12500.00 debit           (not declared)                            → differs
                                         e3 online 9999.00, ref NOPE, no line      → differs
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from talapker.filings.formats.model import Contribution, Expenditure, ReportData

D = dt.date.fromisoformat
PERIOD = (D("2025-10-01"), D("2025-10-31"))


def contribution(
    line: int, date: str, kind: str, pin: str, name: str, amount: str, method: str, ref: str
) -> Contribution:
    return Contribution(line, D(date), kind, pin, name, Decimal(amount), method, ref, "")


def expenditure(
    line: int, date: str, category: str, payee: str, inn: str, amount: str, ref: str
) -> Expenditure:
    return Expenditure(line, D(date), category, payee, inn, Decimal(amount), "bank", ref, "")


CONTRIBUTIONS = (
    contribution(
        1,
        "2025-10-01",
        "individual",
        "21503198500123",
        "Өмүрбеков Нурлан Үсөнович",
        "50000.00",
        "bank",
        "KG25100100001",
    ),
    contribution(
        2,
        "2025-10-02",
        "legal_entity",
        "01203200510123",
        "ОсОО «Түндүк Курулуш»",
        "150000.00",
        "bank",
        "KG25100200002",
    ),
    contribution(
        3,
        "2025-10-05",
        "individual",
        "10112199000456",
        "Абдыкалыкова Айгүл Маматовна",
        "1000.50",
        "cash",
        "",
    ),
    contribution(
        4,
        "2025-10-09",
        "individual",
        "20305198800789",
        "Жеңишбек уулу Таалайбек",
        "2000.00",
        "bank",
        "KG25100900007",
    ),
    contribution(
        5,
        "2025-10-04",
        "individual",
        "21503198500123",
        "Өмүрбеков Нурлан Үсөнович",
        "5000.00",
        "in_kind",
        "",
    ),
)
EXPENDITURES = (
    expenditure(
        1,
        "2025-10-03",
        "print",
        "ОсОО «Ала-Тоо Принт»",
        "00512201210045",
        "35000.00",
        "KG25100300003",
    ),
    expenditure(2, "2025-10-08", "bank_fees", "Айыл Банк", "", "250.00", "KG25100800006"),
    expenditure(3, "2025-10-10", "online", "Meta Platforms", "", "9999.00", "NOPE"),
)
REPORT = ReportData(CONTRIBUTIONS, EXPENDITURES)
