"""Contribution-rule plants made inside one fund, where the fund's own figures matter.

Each function adds rows to a :class:`.fund_flows.Fund` and records the finding screening
must produce (or, for a near miss, a note saying what must *not* fire). All of them are
dated in the days only the final report declares (:attr:`Fund.late_window`), except the
first gift of a donor who later crosses the cap.

Readings made here, for screening to share:

- ``DONOR_CAP_EXCEEDED`` is on the contribution that crosses the cap; its evidence names the
  running total. The excess must go back (``PROHIBITED_NOT_REFUNDED`` if it does not).
- ``DONOR_CLUSTER`` is on the cluster's first line (``source: contribution``); the evidence
  lists every line and PIN.
- ``FUND_CAP_EXCEEDED`` and ``SPENDING_CAP_EXCEEDED`` are ``source: fund`` with no line; the
  amount is the fund's declared total (refunds count as expenditures).
- ``PROHIBITED_NOT_REFUNDED`` is on the contribution whose money was kept; its amount is what
  should have gone back. A refund is a ``refund`` expenditure to the donor's id, dated at most
  ``refund_days`` after the contribution, whose description names the contribution's line.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from talapker.core.names import name_similarity

from .donors import Donor
from .fund_flows import Fund, som
from .ledger import Row, money
from .violations import SEVERITY, Violation

D = Decimal


def _floor(amount: Decimal, step: int) -> Decimal:
    return D(int(amount) // step * step)


def _plant(fund: Fund, rule: str, row: Row, amount: Decimal, evidence: dict[str, Any]) -> None:
    fund.ledger.plant(rule, SEVERITY[rule], "contribution", row, amount, evidence)


def refund(fund: Fund, row: Row, amount: Decimal, after: int) -> Row:
    """Return ``amount`` of a contribution to its donor ``after`` days later."""
    donor = Donor(row.party_id, row.name)
    when = row.date + timedelta(days=after)
    if when > fund.limits.final_end:
        raise ValueError(f"{fund.info.code}: a refund on {when} falls after the final report")
    return fund.pay(when, "refund", donor, amount, "", refund_of=row, final_only=True)


def owed_back(
    fund: Fund, row: Row, amount: Decimal, after: int | None, evidence: dict[str, Any]
) -> None:
    """Return money that must go back, on time or not; plant what that makes."""
    days = fund.limits.refund_days
    if after is None:
        fund.ledger.plant(
            "PROHIBITED_NOT_REFUNDED", "violation", "contribution", row, amount, evidence
        )
        return
    back = refund(fund, row, amount, after)
    if after > days:
        fund.ledger.plant(
            "PROHIBITED_NOT_REFUNDED",
            "violation",
            "contribution",
            row,
            amount,
            {**evidence, "refunded_on": back.date.isoformat()},
            lambda: {"refund_line": back.line},
        )
    elif after == days:
        fund.ledger.note(
            lambda: {
                "kind": "near_miss_refund_on_last_day",
                "fund": fund.info.code,
                "line": row.line,
                "refund_line": back.line,
                "days": days,
            }
        )


def violation(fund: Fund, v: Violation) -> None:
    """A contribution planned by :mod:`.violations`, and its return if the money was
    prohibited."""
    fund.reserved.add(v.donor.party_id)
    row = fund.give(
        v.when, v.donor_kind, v.donor, v.amount, v.method, filed_id=v.filed_id, final_only=True
    )
    _plant(fund, v.rule, row, v.amount, v.evidence)
    if v.prohibited:
        key = next(iter(v.evidence))
        owed_back(fund, row, v.amount, v.refund_after, {key: v.evidence[key], "rule": v.rule})


def name_mismatch(fund: Fund) -> None:
    """A donor filed under someone else's name (scores far below the threshold)."""
    donor = fund.person(fresh=True)
    other = fund.person()
    while name_similarity(donor.name, other.name) >= fund.limits.name_match_min_score - 20:
        other = fund.person()
    amount = som(1_000, 30_000, fund.rng, 1_000)
    row = fund.give(
        fund.late_day(), "individual", donor, amount, "bank", filed_name=other.name, final_only=True
    )
    ev = {"pin": donor.party_id, "filed_name": other.name, "register_name": donor.name}
    _plant(fund, "DONOR_NAME_MISMATCH", row, amount, ev)


def cap_crossed(fund: Fund, kind: str, after: int | None) -> None:
    """A donor's second gift takes the total over the cap; the excess goes back ``after``
    days later (None: never)."""
    rng = fund.rng
    if kind == "individual":
        donor, cap, key = fund.person(fresh=True), fund.limits.individual_cap, "pin"
        first = _floor(cap * rng.randint(55, 75) / 100, 1_000)
        excess = som(5_000, 50_000, rng, 1_000)
    else:
        donor, cap, key = fund.entity(fresh=True), fund.limits.entity_cap, "inn"
        first = _floor(cap * rng.randint(55, 75) / 100, 100_000)
        excess = som(100_000, 500_000, rng, 100_000)
    early = fund.campaign_days(1)[0]
    early = min(early, fund.limits.interim_end - timedelta(days=1))
    fund.give(early, kind, donor, first, "bank")
    second = cap - first + excess
    row = fund.give(fund.late_day(), kind, donor, second, "bank", final_only=True)
    total = first + second
    ev = {key: donor.party_id, "total": money(total), "cap": money(cap)}
    _plant(fund, "DONOR_CAP_EXCEEDED", row, second, ev)
    owed_back(
        fund,
        row,
        excess,
        after,
        {key: donor.party_id, "rule": "DONOR_CAP_EXCEEDED", "excess": money(excess)},
    )


def cap_reached(fund: Fund) -> None:
    """A donor who gives exactly the cap, in two gifts: nothing may fire."""
    donor, cap = fund.person(fresh=True), fund.limits.individual_cap
    first = _floor(cap * fund.rng.randint(55, 75) / 100, 1_000)
    early = min(fund.campaign_days(1)[0], fund.limits.interim_end - timedelta(days=1))
    a = fund.give(early, "individual", donor, first, "bank")
    b = fund.give(fund.late_day(), "individual", donor, cap - first, "bank", final_only=True)
    fund.ledger.note(
        lambda: {
            "kind": "near_miss_donor_at_cap",
            "fund": fund.info.code,
            "pin": donor.party_id,
            "lines": [a.line, b.line],
            "total": money(cap),
        }
    )


def outside_campaign(fund: Fund, before: bool) -> None:
    """A gift dated before the campaign (in kind, declared late) or after election day."""
    donor = fund.person(fresh=True)
    amount = som(2_000, 30_000, fund.rng, 1_000)
    start, election_day = fund.limits.campaign_start, fund.limits.election_day
    if before:
        when = start - timedelta(days=fund.rng.randint(2, 9))
        row = fund.give(
            when,
            "individual",
            donor,
            amount,
            "in_kind",
            description="Аренда зала для собрания",
            final_only=True,
        )
        ev = {"date": when.isoformat(), "campaign_start": start.isoformat()}
    else:
        when = election_day + timedelta(days=fund.rng.randint(1, 4))
        row = fund.give(when, "individual", donor, amount, "bank", final_only=True)
        ev = {"date": when.isoformat(), "election_day": election_day.isoformat()}
    _plant(fund, "OUTSIDE_CAMPAIGN", row, amount, {"pin": donor.party_id, **ev})


def cluster(fund: Fund, size: int) -> None:
    """``size`` donors give the same odd amount on one day: a cluster from
    ``cluster_min_donors`` on, a near miss below it."""
    when = fund.late_day()
    amount = D(fund.rng.choice((3_300, 4_700, 6_100, 7_300, 8_900)))
    donors = [fund.person(fresh=True) for _ in range(size)]
    rows = [fund.give(when, "individual", d, amount, "bank", final_only=True) for d in donors]
    pins = [d.party_id for d in donors]
    if size >= fund.limits.cluster_min_donors:
        fund.ledger.plant(
            "DONOR_CLUSTER",
            "notice",
            "contribution",
            rows[0],
            amount,
            {"date": when.isoformat(), "amount": money(amount), "donors": size, "pins": pins},
            lambda: {"lines": [r.line for r in rows]},
        )
    else:
        fund.ledger.note(
            lambda: {
                "kind": "near_miss_cluster",
                "fund": fund.info.code,
                "lines": [r.line for r in rows],
                "donors": size,
            }
        )


def over_fund_caps(fund: Fund) -> None:
    """The party pours in its own money beyond the fund cap, then spends beyond the spending
    cap two days later (call last: the findings name the fund's final totals). The gift is
    larger than the spending, so the balance stays positive."""
    limits = fund.limits
    extra = som(1_000_000, 9_000_000, fund.rng, 1_000_000)
    gift = max(limits.fund_cap - fund.total, limits.spending_cap - fund.spent) + extra
    when = fund.late_day(fund.late_window[0] + timedelta(days=3))
    fund.give(when, "party_own", fund.info.party, gift, "bank", final_only=True)
    spend = limits.spending_cap - fund.spent + extra / 2
    purpose = "Оплата эфирного времени, договор №1"
    fund.pay(when + timedelta(days=2), "tv_radio", fund.supplier(), spend, purpose, final_only=True)
    for rule, cap, total in (
        ("FUND_CAP_EXCEEDED", limits.fund_cap, fund.total),
        ("SPENDING_CAP_EXCEEDED", limits.spending_cap, fund.spent),
    ):
        ev = {"total": money(total), "cap": money(cap)}
        fund.ledger.plant(rule, SEVERITY[rule], "fund", None, total, ev)
