"""The recorded scenario every sample describes: seven bookings on the election fund of the
party «Жаңы Өнүгүү» at one bank, 1 to 9 October 2025, in som.

Three donations from people (one PIN each), one from a company (INN), two payments for
campaign material and advertising, and the bank's fee. The samples write these in MT940
(three banks' dialects), camt.053 (.02 and .08) and CSV.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from talapker.banking.statements import StatementLine

SAMPLES = Path(__file__).parent / "samples"
ACCOUNT = "1350100012345678"
OPENING = Decimal("10000.00"), dt.date(2025, 9, 30)
CLOSING = Decimal("183250.50"), dt.date(2025, 10, 9)

# Kyrgyz letters that cp1251 and cp866 cannot write; banks using them write these instead.
CODE_PAGE_FOLD = str.maketrans("ӨөҮүҢң", "ОоУуНн")


# number, booked, valued, amount, counterparty name, its PIN/INN, its account, reference, purpose
ROWS = (
    (1, "2025-10-01", "2025-10-01", "50000.00", "Өмүрбеков Нурлан Үсөнович", "21503198500123",
     "1240020000123456", "KG25100100001", "Ыктыярдуу кайрымдуулук / добровольное пожертвование"),
    (2, "2025-10-02", "2025-10-02", "150000.00", "ОсОО «Түндүк Курулуш»", "01203200510123",
     "1090000123456789", "KG25100200002",
     "Пожертвование в избирательный фонд партии «Жаңы Өнүгүү»"),
    (3, "2025-10-03", "2025-10-03", "-35000.00", "ОсОО «Ала-Тоо Принт»", "00512201210045",
     "1280016012345670", "KG25100300003",
     "Оплата за печать агитационных материалов, счёт №17 от 29.09.2025"),
    (4, "2025-10-06", "2025-10-06", "1000.50", "Абдыкалыкова Айгүл Маматовна", "10112199000456",
     "1350100098765432", "KG25100600004", "Взнос в избирательный фонд"),
    (5, "2025-10-07", "2025-10-08", "-12500.00", "ОАО «Кыргызтелеком»", "02212199310010",
     "1030120000000111", "KG25100700005", "Оплата рекламы, договор №5-Р"),
    (6, "2025-10-08", "2025-10-08", "-250.00", "", "", "", "KG25100800006",
     "Комиссия банка за ведение счёта"),
    (7, "2025-10-09", "2025-10-09", "20000.00", "Жеңишбек уулу Таалайбек", "20305198800789",
     "1350100055554444", "KG25100900007", "Пожертвование"),
)  # fmt: skip

LINES = tuple(
    StatementLine(
        number=number,
        booking_date=dt.date.fromisoformat(booked),
        value_date=dt.date.fromisoformat(valued),
        amount=Decimal(amount),
        currency="KGS",
        counterparty_name=name,
        counterparty_id=party_id,
        counterparty_account=account,
        reference=reference,
        purpose=purpose,
    )
    for number, booked, valued, amount, name, party_id, account, reference, purpose in ROWS
)


def sample_bytes(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()
