"""One fund's ordinary money coming in: who gives how much and when, and the bank lines.

:class:`Fund` wraps a :class:`.ledger.Ledger` with the fund's RNG and the trackers that keep
ordinary money clean: no donor above its cap, no five donors giving the same amount on one
day (``DONOR_CLUSTER``), no fund near its cap, no donor giving the same amount twice within
a week (which would make cash matching ambiguous), and a balance that never goes negative.
Spending is in :mod:`.spending`. Planted violations are made through the same methods
(:mod:`.fund_plants`, :mod:`.discrepancies`), so their rows look like any other.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from itertools import accumulate

from .common import rng_for
from .donors import Donor, Pools, account_for
from .ledger import BankLine, Ledger, Row
from .limits import Limits

D = Decimal
#: individual gifts in som and their weights (most people give a few thousand)
PERSON_AMOUNTS = (500, 1000, 2000, 3000, 5000, 10000, 15000, 20000, 25000, 30000, 50000, 100000)
PERSON_WEIGHTS = (6, 10, 8, 6, 12, 12, 6, 6, 4, 4, 4, 2)
ENTITY_AMOUNTS = (50_000, 100_000, 150_000, 200_000, 300_000, 500_000, 750_000, 1_000_000)
ENTITY_WEIGHTS = (10, 14, 8, 10, 8, 6, 2, 2)
#: the share of ordinary contributions that come from citizens (the rest from companies)
PERSON_SHARE = D("0.85")
#: the mean ordinary contribution before scaling
MEAN_GIFT = PERSON_SHARE * sum(
    a * w for a, w in zip(PERSON_AMOUNTS, PERSON_WEIGHTS, strict=True)
) / sum(PERSON_WEIGHTS) + (1 - PERSON_SHARE) * sum(
    a * w for a, w in zip(ENTITY_AMOUNTS, ENTITY_WEIGHTS, strict=True)
) / sum(ENTITY_WEIGHTS)
PERSON_CUM = list(accumulate(PERSON_WEIGHTS))
ENTITY_CUM = list(accumulate(ENTITY_WEIGHTS))
#: donors and suppliers each fund sets aside for its planted rows
SPARE = 80
IN_KIND = (
    "Безвозмездное предоставление помещения под штаб",
    "Транспортные услуги на безвозмездной основе",
    "Печать листовок за счёт жертвователя",
    "Бесплатное размещение баннера",
    "Кеңсе үчүн жайды акысыз берүү",
)


@dataclass(frozen=True)
class FundInfo:
    """What a fund's generation needs to know about its party and account."""

    code: str
    number: int  # 1-based position of the party, part of the bank references
    name_ky: str
    name_ru: str
    party: Donor  # the party as a legal entity (INN, register name)
    leader: str
    account: str
    bank: str
    opened_on: date
    candidates: tuple[Donor, ...]  # top of the list, who may put in their own money


def som(low: int, high: int, rng: random.Random, step: int = 100) -> Decimal:
    """A round amount between ``low`` and ``high`` som (multiples of ``step``)."""
    return D(rng.randint(low // step, high // step) * step)


class Fund:
    """A fund being generated: its ledger, RNG, pools and trackers."""

    def __init__(self, info: FundInfo, pools: Pools, limits: Limits, seed: int) -> None:
        self.info = info
        self.pools = pools
        self.limits = limits
        self.rng = rng_for(seed, "fund", info.code)
        prefix = ("AB" if info.bank == "Айыл Банк" else "EB") + f"{info.number:02d}"
        self.ledger = Ledger(info.code, prefix, limits.interim_end)
        self.given: dict[str, Decimal] = {}  # declared total by donor id
        self.total = D(0)  # declared contributions
        self.spent = D(0)  # declared expenditures
        self.same_day: Counter[tuple[date, Decimal]] = Counter()  # individuals only
        self.gift_days: dict[tuple[str, Decimal], list[date]] = {}
        #: scales ordinary gifts down where a fund has very many (national scale), so that
        #: no fund nears its cap by accident
        self.gift_scale = D(1)
        self.payees: set[str] = set()
        # donors and suppliers set aside for planted rows, which must not meet ordinary money
        self._spare_people = self.rng.sample(pools.people, min(SPARE, len(pools.people) // 4))
        self._spare_entities = self.rng.sample(pools.entities, min(SPARE, len(pools.entities) // 4))
        self.reserved: set[str] = {d.party_id for d in self._spare_people + self._spare_entities}
        span = (limits.election_day - info.opened_on).days + 1
        self.days = [info.opened_on + timedelta(days=k) for k in range(span)]
        # campaigns gather pace: the last day is three times as likely as the first
        self.day_weights = list(accumulate(1 + 2 * k / span for k in range(span)))

    # dates -------------------------------------------------------------------------------

    @property
    def late_window(self) -> tuple[date, date]:
        """Days only the final report declares, where plants go (:attr:`Limits.late_window`)."""
        return self.limits.late_window

    def late_day(self, last: date | None = None) -> date:
        """A random day of the late window (or from its start to ``last``)."""
        start, end = self.late_window
        end = last or end
        return start + timedelta(days=self.rng.randint(0, (end - start).days))

    def campaign_days(self, k: int) -> list[date]:
        """``k`` contribution days, later days more likely."""
        return self.rng.choices(self.days, cum_weights=self.day_weights, k=k)

    # donors ------------------------------------------------------------------------------

    def person(self, *, fresh: bool = False) -> Donor:
        """A clean person; ``fresh``: one set aside, who takes no part in ordinary money."""
        if fresh:
            return self._fresh(self._spare_people)
        people = self.pools.people
        while True:
            d = people[int(self.rng.random() * len(people))]
            if d.party_id not in self.reserved:
                return d

    def entity(self, *, fresh: bool = False) -> Donor:
        """A clean company; ``fresh``: one set aside, that the fund neither took from nor paid."""
        if fresh:
            return self._fresh(self._spare_entities)
        entities = self.pools.entities
        while True:
            d = entities[int(self.rng.random() * len(entities))]
            if d.party_id not in self.reserved:
                return d

    def supplier(self) -> Donor:
        """A clean company to pay: never one that gave to the fund (``PAYEE_ALSO_DONOR``)."""
        while True:
            d = self.entity()
            if d.party_id not in self.given:
                return d

    def _fresh(self, spare: list[Donor]) -> Donor:
        if not spare:
            raise RuntimeError(f"{self.info.code}: no donors left for planted rows")
        return spare.pop()

    def credit_purpose(self, kind: str, method: str) -> str:
        if method == "cash":
            return "Взнос наличными в избирательный фонд"
        if kind == "party_own":
            return "Перечисление собственных средств партии в избирательный фонд"
        if kind == "candidate_own":
            return "Собственные средства кандидата в избирательный фонд"
        if kind == "individual" and self.rng.random() < 0.3:
            return "Шайлоо фондуна ыктыярдуу салым"
        return f"Пожертвование в избирательный фонд партии «{self.info.name_ru}»"

    # money in ----------------------------------------------------------------------------

    def give(
        self,
        when: date,
        kind: str,
        donor: Donor,
        amount: Decimal,
        method: str,
        *,
        filed_name: str | None = None,
        filed_id: str | None = None,
        lag: int | None = None,
        description: str = "",
        final_only: bool = False,
    ) -> Row:
        """Declare a contribution and book its money: a transfer (``bank``), a cash deposit
        at the bank ``lag`` days later (``cash``), or nothing (``in_kind``).

        ``filed_name``/``filed_id`` are what the filer wrote, where it differs from the
        register; the bank always knows the payer as the register does.
        """
        row = Row(
            when,
            kind,
            donor.party_id if filed_id is None else filed_id,
            donor.name if filed_name is None else filed_name,
            amount,
            method,
            description,
            final_only=final_only,
        )
        line = None
        if method == "bank":
            line = BankLine(
                when,
                amount,
                donor.name,
                donor.party_id,
                account_for(donor.party_id),
                self.credit_purpose(kind, method),
            )
        elif method == "cash":
            if lag is None:
                lag = self.rng.choice((0, 0, 0, 1, 1, 2))
                if when <= self.limits.interim_end:  # keep interim money in the interim
                    lag = min(lag, (self.limits.interim_end - when).days)
            booked = when + timedelta(days=lag)
            line = BankLine(
                booked, amount, donor.name, donor.party_id, "", self.credit_purpose(kind, method)
            )
        self.given[row.party_id] = self.given.get(row.party_id, D(0)) + amount
        self.total += amount
        if kind == "individual":
            self.same_day[(when, amount)] += 1
        self.gift_days.setdefault((row.party_id, amount), []).append(when)
        return self.ledger.credit(row, line)

    def fits(self, donor: Donor, kind: str, when: date, amount: Decimal) -> Decimal | None:
        """``amount`` adjusted so that ordinary money stays clean, or None if it cannot."""
        window = 2 * self.limits.bank_match_days + 1
        while any(
            abs((when - d).days) <= window for d in self.gift_days.get((donor.party_id, amount), [])
        ) or (
            kind == "individual"
            and self.same_day[(when, amount)] >= self.limits.cluster_min_donors - 1
        ):
            amount += 1  # an odd som more breaks the tie
        cap = self.limits.individual_cap if kind == "individual" else self.limits.entity_cap
        if self.given.get(donor.party_id, D(0)) + amount > cap:
            return None
        if self.total + amount > self.limits.fund_cap * D("0.8"):
            return None
        return amount

    # money out ---------------------------------------------------------------------------

    def pay(
        self,
        when: date,
        category: str,
        payee: Donor,
        amount: Decimal,
        purpose: str,
        *,
        booked_amount: Decimal | None = None,
        refund_of: Row | None = None,
        final_only: bool = False,
        fee: bool = False,
    ) -> Row:
        """Declare an expenditure paid from the account (``booked_amount`` if the bank
        paid a different sum)."""
        row = Row(when, category, payee.party_id, payee.name, amount, "bank", purpose)
        row.refund_of = refund_of
        row.final_only = final_only
        paid = -(booked_amount if booked_amount is not None else amount)
        if fee:  # the bank charges its own fee: no counterparty on the line
            line = BankLine(when, paid, "", "", "", purpose, code="NCHG")
        else:
            line = BankLine(
                when,
                paid,
                payee.name,
                payee.party_id,
                account_for(payee.party_id),
                "Возврат взноса" if refund_of is not None else purpose,
                valued=when + timedelta(days=1) if self.rng.random() < 0.1 else None,
                customer_ref=f"PP-{self.rng.randint(1, 999)}",
            )
        self.spent += amount
        self.payees.add(payee.party_id)
        return self.ledger.debit(row, line)

    def headroom(self, after: date) -> Decimal:
        """The lowest balance the account shows on any day from ``after`` on."""
        balance = D(0)
        lowest: Decimal | None = None
        for line in sorted(self.ledger.bank, key=lambda b: b.booked):
            balance += line.amount
            if line.booked >= after and (lowest is None or balance < lowest):
                lowest = balance
        before = balance if lowest is None else lowest
        return max(D(0), before)


def regular_contributions(fund: Fund, count: int) -> None:
    """Ordinary contributions: the party's and candidates' own money, citizens, companies."""
    rng = fund.rng
    days = fund.campaign_days(count)
    budget = fund.limits.fund_cap * D("0.6") / (max(count, 1) * MEAN_GIFT)
    fund.gift_scale = min(D(1), budget)
    own = min(count, 1 + (rng.random() < 0.5))
    cands = min(count - own, rng.randint(1, 2), len(fund.info.candidates))
    for when in days[:own]:
        fund.give(
            when, "party_own", fund.info.party, som(1_000_000, 8_000_000, rng, 100_000), "bank"
        )
    for cand, when in zip(fund.info.candidates, days[own : own + cands], strict=False):
        method = "cash" if rng.random() < 0.15 else "bank"
        fund.give(when, "candidate_own", cand, som(20_000, 500_000, rng, 10_000), method)
    for when in days[own + cands :]:
        _one_gift(fund, when)


def _one_gift(fund: Fund, when: date) -> None:
    rng = fund.rng
    for _ in range(20):
        if rng.random() < PERSON_SHARE:
            kind = "individual"
            donor = fund.person()
            amount = D(rng.choices(PERSON_AMOUNTS, cum_weights=PERSON_CUM)[0])
            if rng.random() < 0.05:
                amount = D(rng.randint(300, 40_000))
            x = rng.random()
            method = "bank" if x < 0.8 else "cash" if x < 0.95 else "in_kind"
        else:
            kind = "legal_entity"
            donor = fund.entity()
            amount = D(rng.choices(ENTITY_AMOUNTS, cum_weights=ENTITY_CUM)[0])
            method = "bank" if rng.random() < 0.9 else "in_kind"
        if fund.gift_scale < 1:
            amount = max(D(100), (amount * fund.gift_scale / 100).quantize(D(1)) * 100)
        fitted = fund.fits(donor, kind, when, amount)
        if fitted is None:
            continue
        name = donor.name
        if kind == "individual" and donor.latin and rng.random() < 0.06:
            name = donor.latin
        text = rng.choice(IN_KIND) if method == "in_kind" else ""
        fund.give(when, kind, donor, fitted, method, filed_name=name, description=text)
        return
    raise RuntimeError(f"{fund.info.code}: no clean contribution fits on {when}")
