"""Every fund's reports and statement: planned in the parent, generated fund by fund.

The parent decides everything that needs the whole world (which fund gets which planted
violation, from which register person or entity; how many rows each fund has) and hands
each fund a :class:`FundPlan`. A fund is then generated on its own, from an RNG seeded by
the run's seed and the fund's code, so funds can run in worker processes (national scale)
and the output is the same whatever the number of workers. A fund's rows are held in memory
while it is written (tens of thousands at national scale, never the whole election).

Order inside a fund: planted violations and in-fund contribution plants, then ordinary
contributions and expenditures (:mod:`.fund_flows`), then the bank discrepancies and near
misses (:mod:`.discrepancies`), and last the fund-cap breach, whose findings name totals.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from . import discrepancies as bank
from . import fund_plants as plants
from . import payees
from .common import rng_for
from .donors import Donor, Pools, make_pools
from .election import DEFAULT_RULES
from .fund_flows import Fund, FundInfo, regular_contributions
from .limits import Limits
from .reports import write_report
from .spending import regular_expenditures
from .statements import statement_doc, write_statement
from .violations import Violation, WorldView, plan_violations

if TYPE_CHECKING:
    from .core import World


class Plant(NamedTuple):
    """An in-fund plant: what it does, whether it follows ordinary money, rows it adds."""

    make: Callable[[Fund, int], None]
    late: bool
    contributions: int
    expenditures: int


def _payee_plant(kind: str) -> Plant:
    """A late plant that pays one payee of ``kind`` (:mod:`.payees`)."""
    return Plant(lambda f, k: payees.plant_payee(f, kind, k), True, 1, 1)


PLANTS: dict[str, Plant] = {
    "name_mismatch": Plant(lambda f, k: plants.name_mismatch(f), False, 0, 0),
    "cap_crossed_kept": Plant(lambda f, k: plants.cap_crossed(f, "individual", None), False, 0, 0),
    "cap_crossed_refunded": Plant(
        lambda f, k: plants.cap_crossed(f, "individual", f.limits.refund_days - 3), False, 0, 0
    ),
    "entity_cap_crossed": Plant(
        lambda f, k: plants.cap_crossed(f, "legal_entity", f.limits.refund_days - 4), False, 0, 0
    ),
    "cap_reached": Plant(lambda f, k: plants.cap_reached(f), False, 0, 0),
    "outside_before": Plant(lambda f, k: plants.outside_campaign(f, before=True), False, 0, 0),
    "outside_after": Plant(lambda f, k: plants.outside_campaign(f, before=False), False, 0, 0),
    "cluster": Plant(lambda f, k: plants.cluster(f, f.limits.cluster_min_donors), False, 0, 0),
    "cluster_near_miss": Plant(
        lambda f, k: plants.cluster(f, f.limits.cluster_min_donors - 1), False, 0, 0
    ),
    "undeclared_credit": Plant(lambda f, k: bank.undeclared_credit(f), True, 0, 0),
    "undeclared_debit": Plant(lambda f, k: bank.undeclared_debit(f), True, 0, 0),
    "not_in_bank_contribution": Plant(
        lambda f, k: bank.declared_not_in_bank(f, "contribution", k), True, 1, 0
    ),
    "not_in_bank_expenditure": Plant(
        lambda f, k: bank.declared_not_in_bank(f, "expenditure", k), True, 0, 1
    ),
    "mismatch_contribution": Plant(
        lambda f, k: bank.amount_mismatch(f, "contribution"), True, 1, 0
    ),
    "mismatch_expenditure": Plant(lambda f, k: bank.amount_mismatch(f, "expenditure"), True, 0, 1),
    "cash_at_match_limit": Plant(lambda f, k: bank.cash_at_match_limit(f), True, 1, 0),
    "same_donor_twice": Plant(lambda f, k: bank.same_donor_twice(f), True, 2, 0),
    "over_fund_caps": Plant(lambda f, k: plants.over_fund_caps(f), True, 1, 1),
    **{kind: _payee_plant(kind) for kind in payees.KINDS},
}


@dataclass
class FundPlan:
    """What the parent decided for one fund."""

    info: FundInfo
    contributions: int
    expenditures: int
    violations: list[Violation] = field(default_factory=list)
    plants: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class FundResult:
    entries: list[dict[str, Any]]
    summary: dict[str, int]


_POOLS: list[Pools] = []  # the pools of this process (set once per worker)


def _set_pools(pools: Pools) -> None:
    _POOLS[:] = [pools]


def build_fund(plan: FundPlan, out_dir: Path, seed: int, limits: Limits) -> FundResult:
    """Generate and write one fund; return its planted entries and file counts."""
    fund = Fund(plan.info, _POOLS[0], limits, seed)
    for v in plan.violations:
        plants.violation(fund, v)
    early = [p for p in plan.plants if not PLANTS[p].late]
    late = sorted((p for p in plan.plants if PLANTS[p].late), key=lambda p: p == "over_fund_caps")
    for k, name in enumerate(early):
        PLANTS[name].make(fund, k)
    later_c = sum(PLANTS[p].contributions for p in late)
    later_e = sum(PLANTS[p].expenditures for p in late)
    regular_contributions(
        fund, max(0, plan.contributions - len(fund.ledger.contributions) - later_c)
    )
    regular_expenditures(fund, max(2, plan.expenditures - len(fund.ledger.expenditures) - later_e))
    for k, name in enumerate(late):
        PLANTS[name].make(fund, k)
    ledger = fund.ledger
    entries = ledger.close()
    given, spent = ledger.contributions, ledger.expenditures
    interim = ledger.interim_rows(given), ledger.interim_rows(spent)
    summary = write_report(out_dir, plan.info, "interim", *interim, limits)
    summary |= write_report(out_dir, plan.info, "final", given, spent, limits)
    doc = statement_doc(plan.info, ledger.bank, limits.final_end)
    summary |= write_statement(out_dir / "statements", plan.info, doc)
    return FundResult(entries, summary)


def _build(args: tuple[FundPlan, Path, int, Limits]) -> FundResult:
    return build_fund(*args)


def _infos(world: World) -> list[FundInfo]:
    assert world.entities is not None
    accounts = {a.fund: a for a in world.accounts}
    lists: dict[str, list[Donor]] = {}
    for c in world.candidates:
        if c.position <= 3:
            lists.setdefault(c.party, []).append(Donor(c.person.pin, c.person.full_name))
    out = []
    for number, p in enumerate(world.parties, start=1):
        a = accounts[p.code]
        party = Donor(p.inn, world.entities.by_inn[p.inn].name)
        leader = p.leader.full_name if p.leader else ""
        out.append(
            FundInfo(
                p.code, number, p.name_ky, p.name_ru, party, leader, a.account, a.bank,
                a.opened_on, tuple(lists.get(p.code, [])),
            )
        )  # fmt: skip
    return out


def _counts(total: int, n: int, spread: float, seed: int, what: str) -> list[int]:
    """``total`` split over ``n`` funds, each within ``1 ± spread`` of the mean."""
    rng = rng_for(seed, "fund-sizes", what)
    weights = [rng.uniform(1 - spread, 1 + spread) for _ in range(n)]
    counts = [int(total * w / sum(weights)) for w in weights]
    for i in range(total - sum(counts)):
        counts[i % n] += 1
    return counts


def plan_funds(world: World, pools: Pools, limits: Limits) -> list[FundPlan]:
    """Decide every fund's size and plants."""
    assert world.entities is not None
    scale, seed = world.scale, world.seed
    infos = _infos(world)
    n = len(infos)
    given = _counts(scale.contributions, n, scale.fund_spread, seed, "contributions")
    spent = _counts(scale.expenditures, n, scale.fund_spread, seed, "expenditures")
    plans = [FundPlan(i, c, e) for i, c, e in zip(infos, given, spent, strict=True)]
    rng = rng_for(seed, "fund-plans")
    debts: dict[str, list[tuple[str, str, str]]] = {}
    for inn, debt, creditor, as_of in world.tax_debts:
        debts.setdefault(inn, []).append((debt, creditor, as_of))
    view = WorldView(world.population.special, world.entities, debts, pools.people)
    violations, skipped = plan_violations(
        view, limits, scale.violations_per_rule, rng, limits.late_window
    )
    for rule in skipped:  # a small world may lack the register people for a rule
        world.planted.note("rule_not_planted", rule=rule, reason="no such donor in the registers")
    order = list(range(n))
    rng.shuffle(order)
    for i, v in enumerate(violations):
        plans[order[i % n]].violations.append(v)
    m = max(1, scale.violations_per_rule // 2)
    in_fund = ["name_mismatch"] * scale.violations_per_rule + [
        name
        for name in (
            "cap_crossed_kept", "cap_crossed_refunded", "entity_cap_crossed", "cap_reached",
            "outside_before", "outside_after", "cluster", "cluster_near_miss",
        )
        for _ in range(m)
    ]  # fmt: skip
    for i, name in enumerate(in_fund):
        plans[order[(len(violations) + i) % n]].plants.append(name)
    in_bank: list[str] = []
    for i in range(scale.bank_discrepancies):  # each finding kind, rows of both tables
        table = "contribution" if i % 2 == 0 else "expenditure"
        in_bank += ["undeclared_credit", "undeclared_debit", f"not_in_bank_{table}"]
        in_bank.append(f"mismatch_{table}")
    in_bank += ["cash_at_match_limit", "same_donor_twice"] * m
    chosen = rng.sample(range(n), min(4, n))
    for i, name in enumerate(in_bank):
        plans[chosen[i % len(chosen)]].plants.append(name)
    for i, name in enumerate(kind for kind in payees.KINDS for _ in range(m)):
        plans[order[(len(violations) + len(in_fund) + i) % n]].plants.append(name)
    plans[order[-1]].plants.append("over_fund_caps")
    return plans


def _results(
    plans: list[FundPlan], out_dir: Path, seed: int, pools: Pools, limits: Limits, workers: int
) -> Iterator[FundResult]:
    tasks = [(p, out_dir, seed, limits) for p in plans]
    if workers <= 1 or len(tasks) <= 2:
        _set_pools(pools)
        for task in tasks:
            yield _build(task)
        return
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        workers, mp_context=ctx, initializer=_set_pools, initargs=(pools,)
    ) as pool:
        yield from pool.map(_build, tasks)


def write_funds(world: World, workers: int | None = None) -> None:
    """Write every fund's reports and statement; add findings, notes and counts to the world."""
    assert world.entities is not None
    debts: dict[str, date] = {}
    for inn, _debt, _creditor, as_of in world.tax_debts:
        day = date.fromisoformat(as_of)
        debts[inn] = min(day, debts.get(inn, day))
    limits = Limits.from_rules(DEFAULT_RULES, world.calendar)
    pools = make_pools(world.population.donors, world.entities, debts, limits)
    plans = plan_funds(world, pools, limits)
    taken = {v.donor.party_id for p in plans for v in p.violations}
    leaders = [p.leader.full_name for p in world.parties if p.leader]
    pools.payees = payees.payee_pools(
        world.entities, debts, world.candidates, leaders, limits, taken
    )
    n_workers = world.scale.workers if workers is None else workers
    for result in _results(plans, world.out_dir, world.seed, pools, limits, n_workers):
        world.planted.extend(result.entries)
        world.summary.update(result.summary)
