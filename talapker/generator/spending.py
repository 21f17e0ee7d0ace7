"""What a fund spends: bank fees, purchases from its suppliers, scheduled against the balance.

Ordinary spending is most of the money received (72-90%), spread over the campaign and the
days after it, in the categories of ``formats.md`` with amounts typical of each. A payment
never leaves the account overdrawn: one the balance cannot cover yet waits until it can.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, timedelta
from decimal import Decimal
from itertools import accumulate

from .fund_flows import Fund, som

D = Decimal
#: expenditure categories: weight, smallest and largest amount before scaling
CATEGORIES: dict[str, tuple[int, int, int]] = {
    "print": (15, 20_000, 400_000),
    "tv_radio": (8, 100_000, 2_000_000),
    "press": (5, 20_000, 300_000),
    "online": (14, 10_000, 500_000),
    "outdoor": (8, 30_000, 600_000),
    "events": (10, 20_000, 400_000),
    "transport": (10, 5_000, 150_000),
    "premises": (8, 30_000, 300_000),
    "staff": (8, 20_000, 200_000),
    "communications": (6, 2_000, 50_000),
    "other": (4, 1_000, 50_000),
}
PURPOSES = {
    "print": "Оплата за печать агитационных материалов, счёт №{n}",
    "tv_radio": "Оплата эфирного времени, договор №{n}",
    "press": "Публикация агитационных материалов в газете, счёт №{n}",
    "online": "Оплата рекламы в социальных сетях, договор №{n}",
    "outdoor": "Аренда рекламных щитов, договор №{n}",
    "events": "Организация встречи с избирателями, договор №{n}",
    "transport": "Транспортные услуги, акт №{n}",
    "premises": "Аренда помещения под штаб, договор №{n}",
    "staff": "Оплата услуг по договору подряда №{n}",
    "communications": "Услуги связи, счёт №{n}",
    "other": "Канцелярские товары, накладная №{n}",
}


def regular_expenditures(fund: Fund, count: int) -> None:
    """Bank fees at each month's end, then purchases from the fund's suppliers, scaled to
    most of the money received and scheduled so the balance never goes negative."""
    rng = fund.rng
    bank = fund.pools.banks[fund.info.bank]
    for month_end in (date(2026, 10, 31), date(2026, 11, 30)):  # as written
        fund.pay(
            fund.limits.calendar.on(month_end),
            "bank_fees",
            bank,
            som(150, 600, rng, 10),
            "Комиссия банка за ведение счёта",
            fee=True,
        )
    count -= 2
    suppliers = [fund.supplier() for _ in range(rng.randint(12, 30))]
    cats = list(CATEGORIES)
    picks = rng.choices(cats, [CATEGORIES[c][0] for c in cats], k=max(0, count))
    raw = [D(rng.randint(CATEGORIES[c][1], CATEGORIES[c][2])) for c in picks]
    received = sum((b.amount for b in fund.ledger.bank if b.amount > 0), D(0))
    spent_so_far = -sum((b.amount for b in fund.ledger.bank if b.amount < 0), D(0))
    target = received * D(rng.randint(72, 90)) / 100 - spent_so_far
    scale = target / sum(raw, D(1))
    amounts = [max(D(500), D(int(a * scale) // 10 * 10)) for a in raw]
    wanted = sorted(
        zip(fund.campaign_days(len(picks)), picks, amounts, strict=True), key=lambda t: t[0]
    )
    for when, category, amount in _schedule(fund, wanted):
        payee = fund.pools.telecom if category == "communications" else rng.choice(suppliers)
        purpose = PURPOSES[category].format(n=rng.randint(1, 400))
        fund.pay(when, category, payee, amount, purpose)


def _schedule(
    fund: Fund, wanted: list[tuple[date, str, Decimal]]
) -> list[tuple[date, str, Decimal]]:
    """Move each payment forward until the account holds the money for it."""
    last = fund.limits.final_end - timedelta(days=3)
    lines = sorted(fund.ledger.bank, key=lambda b: b.booked)
    days = [b.booked for b in lines]
    running = list(accumulate(b.amount for b in lines))
    spent = D(0)
    out = []
    for when, category, amount in wanted:
        day = max(when, fund.info.opened_on + timedelta(days=2))
        while day < last:
            k = bisect_right(days, day)
            if k and running[k - 1] - spent - amount >= 0:
                break
            day += timedelta(days=1)
        spent += amount
        out.append((day, category, amount))
    return out
