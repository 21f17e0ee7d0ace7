"""Planted payees: expenditures whose payee the registers make worth an auditor's look
(the ``PAYEE_*`` extensions of ``rules.md``, documented in ``docs/rules.md``).

Each plant is one ordinary-looking payment, dated in the late window (so only the final
report declares it) and paid through the account (which the party tops up that morning, so it
is never overdrawn), to a payee with exactly one thing wrong:

- ``PAYEE_RECENT_ENTITY``: a company registered fewer than ``recent_entity_days`` days before;
- ``PAYEE_TAX_DEBTOR``: a company that owed tax or Social Fund money by the payment's day;
- ``PAYEE_LIQUIDATED``: a company liquidated on or before the payment's day;
- ``PAYEE_STATE_OWNED``: a state or municipal enterprise;
- ``PAYEE_RELATED_TO_CANDIDATE``: one of the party's own candidates (not a donor), paid for
  services;
- ``PAYEE_ALSO_DONOR``: a company that gave to the same fund.

The register rows are chosen in the parent (:func:`payee_pools`, so every fund sees the same
lists) among KGZ companies that no other rule touches: none is foreign, a founder's company
of any candidate, or a planted donor. Ordinary suppliers are never donors of the fund they
are paid by (:meth:`.fund_flows.Fund.supplier`), and every fund pays Kyrgyztelecom (77.84%
state-owned, so not a state enterprise): the near miss of ``PAYEE_STATE_OWNED``.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from talapker.core.names import name_key

from .donors import Donor
from .entities import STATE_FORMS

if TYPE_CHECKING:
    from .candidates import Candidate
    from .fund_flows import Fund
    from .limits import Limits
    from .ownership import EntityIndex

D = Decimal
SEVERITY = "warning"
#: plant name -> rule, category, purpose
KINDS: dict[str, tuple[str, str, str]] = {
    "payee_recent": ("PAYEE_RECENT_ENTITY", "print", "Оплата за печать листовок, счёт №{n}"),
    "payee_debtor": ("PAYEE_TAX_DEBTOR", "outdoor", "Аренда рекламных щитов, договор №{n}"),
    "payee_liquidated": ("PAYEE_LIQUIDATED", "events", "Организация встречи, договор №{n}"),
    "payee_state": ("PAYEE_STATE_OWNED", "transport", "Транспортные услуги, договор №{n}"),
    "payee_related": ("PAYEE_RELATED_TO_CANDIDATE", "staff", "Оплата услуг по договору №{n}"),
    "payee_donor": ("PAYEE_ALSO_DONOR", "premises", "Аренда помещения под штаб, договор №{n}"),
}


class Payee(NamedTuple):
    """A register row to pay, and the days on which paying it is what the rule flags."""

    donor: Donor
    since: date
    until: date


def payee_pools(
    index: EntityIndex,
    debts: dict[str, date],
    candidates: list[Candidate],
    leaders: list[str],
    limits: Limits,
    taken: set[str],
) -> dict[str, list[Payee]]:
    """Register rows for each payee plant (``taken``: ids planted elsewhere, left alone).
    ``payee_related`` lists are per party: ``payee_related:<code>``. No company founded by
    a candidate, or by a namesake of a candidate or leader, is chosen."""
    start, end = limits.late_window
    insiders = {c.person.pin for c in candidates}
    names = {name_key(c.person.full_name) for c in candidates} | {name_key(n) for n in leaders}
    days = limits.recent_entity_days
    out: dict[str, list[Payee]] = {
        k: [] for k in KINDS if k not in ("payee_related", "payee_donor")
    }
    for e in index.entities:
        if e.country != "KGZ" or e.inn in taken or e.form in ("party", "sole_trader", "state_body"):
            continue
        if any(f[1] in insiders or name_key(f[2]) in names for f in e.founders):
            continue
        recent = e.registered > start - timedelta(days=days)  # flagged on some late day
        debt = debts.get(e.inn)
        state = e.form in STATE_FORMS or e.state_share == "100.00"
        traits = [recent, debt is not None, e.liquidated is not None, state]
        if sum(traits) != 1 or e.state_share not in ("0.00", "100.00"):
            continue
        donor = Donor(e.inn, e.name)
        if recent and e.registered < start:
            until = min(end, e.registered + timedelta(days=days - 1))
            out["payee_recent"].append(Payee(donor, start, until))
        elif debt is not None and debt <= end:
            out["payee_debtor"].append(Payee(donor, max(debt, start), end))
        elif e.liquidated is not None and e.liquidated <= end:
            out["payee_liquidated"].append(Payee(donor, max(e.liquidated, start), end))
        elif state and e.form in STATE_FORMS[1:]:
            out["payee_state"].append(Payee(donor, start, end))
    for c in candidates:
        # the top three may give their own money: never paid back here; nor is a planted
        # candidate (whose filed PIN may not be their own), so one rule speaks at a time
        if c.position > 3 and not c.plant:
            key = f"payee_related:{c.party}"
            out.setdefault(key, []).append(
                Payee(Donor(c.person.pin, c.person.full_name), start, end)
            )
    return out


def _lowest_balance(fund: Fund, after: date) -> Decimal:
    """The lowest balance the account shows on any day from ``after`` on (negative if a
    planted line overdraws it; :meth:`.fund_flows.Fund.headroom` stops at zero)."""
    balance, lowest = D(0), None
    for line in sorted(fund.ledger.bank, key=lambda b: b.booked):
        balance += line.amount
        if line.booked >= after and (lowest is None or balance < lowest):
            lowest = balance
    return balance if lowest is None else lowest


def plant_payee(fund: Fund, kind: str, k: int) -> None:
    """Pay the ``k``-th payee of ``kind`` from this fund and record the finding."""
    rule, category, purpose = KINDS[kind]
    rng = fund.rng
    if kind == "payee_donor":
        companies = {d.party_id: d for d in fund.pools.entities}
        gave = sorted(i for i in fund.given if i in companies)
        if not gave:
            raise RuntimeError(f"{fund.info.code}: no company gave to the fund")
        payee = Payee(companies[rng.choice(gave)], *fund.late_window)
    else:
        pool = fund.pools.payees.get(
            f"payee_related:{fund.info.code}" if kind == "payee_related" else kind, []
        )
        if not pool:
            raise RuntimeError(f"{fund.info.code}: no register row for {kind}")
        payee = pool[(sum(map(ord, fund.info.code)) + k) % len(pool)]
    span = (payee.until - payee.since).days
    when = payee.since + timedelta(days=rng.randint(0, max(0, span)))
    # the party tops its fund up first (one contribution, so the fund's row counts hold),
    # booked first thing that day, before the day's payments (lines keep their order)
    top_up = max(D(0), 200_000 - _lowest_balance(fund, when)) // 100_000 * 100_000 + 300_000
    fund.give(when, "party_own", fund.info.party, top_up, "bank", final_only=True)
    fund.ledger.bank.insert(0, fund.ledger.bank.pop())
    amount = min(D(rng.randint(20, 150) * 1000), (fund.headroom(when) / 4 // 1000) * 1000)
    row = fund.pay(
        when, category, payee.donor, amount, purpose.format(n=rng.randint(1, 400)), final_only=True
    )
    evidence = {"payee_name": payee.donor.name, "payee_id": payee.donor.party_id}
    fund.ledger.plant(rule, SEVERITY, "expenditure", row, amount, evidence)
