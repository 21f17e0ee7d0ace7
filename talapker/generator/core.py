"""Orchestration: :func:`generate` writes a whole synthetic election, section by section.

The sections share a :class:`World` (what has been generated so far, kept small); later
sections (reports, statements, ads, the stations and the protocols) are modules that read
the world, write their files, add planted findings to ``world.planted`` and counts to
``world.summary``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .accounts import Account, make_accounts, write_accounts
from .ads import write_ads
from .candidates import Candidate, draw_lists, write_candidates
from .common import WRITTEN_TODAY, Calendar, rng_for
from .debts import tax_debtor_rows, write_tax_debtors
from .election import write_election
from .entities import Entity, InnAllocator, build_entities, write_entities, write_founders
from .founders import shares
from .funds import write_funds
from .ownership import EntityIndex, assign_founders
from .parties import Party, make_parties, write_parties
from .people import PopulationSample, write_population
from .planted import Planted
from .programmes import write_programmes
from .protocols import write_protocols
from .scales import Scale, get_scale
from .stations import Station
from .voting_abroad import write_voting


@dataclass
class World:
    """Everything generated so far that later sections may need."""

    out_dir: Path
    scale: Scale
    seed: int
    calendar: Calendar
    planted: Planted = field(default_factory=Planted)
    population: PopulationSample = field(default_factory=PopulationSample)
    parties: list[Party] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    accounts: list[Account] = field(default_factory=list)
    entities: EntityIndex | None = None
    #: ``tax_debtors.csv`` rows: (inn, debt_kgs, creditor, as_of)
    tax_debts: list[tuple[str, str, str, str]] = field(default_factory=list)
    #: the polling stations at home and abroad, in code order, and their voters by code (as
    #: the register build counts them; and by the ages as written, the same on any calendar)
    stations: list[Station] = field(default_factory=list)
    registered: dict[str, int] = field(default_factory=dict)
    registered_as_written: dict[str, int] = field(default_factory=dict)
    #: rows (or files) written, by path relative to ``out_dir``
    summary: dict[str, int] = field(default_factory=dict)

    @property
    def election_dir(self) -> Path:
        return self.out_dir / "election"

    @property
    def registers_dir(self) -> Path:
        return self.out_dir / "registers"


def _people_and_lists(world: World, workers: int | None) -> None:
    """Population, person-level registers, parties and their lists."""
    sample, regs, rows = write_population(
        world.registers_dir, world.scale, world.seed, world.planted, world.calendar, workers
    )
    world.population = sample
    world.summary["registers/population.csv"] = rows
    world.parties = make_parties(world.scale.parties, world.seed, world.calendar)
    world.candidates = draw_lists(
        world.parties,
        sample,
        world.scale.candidates_per_party,
        world.seed,
        world.planted,
        regs,
        world.calendar,
    )
    regs.close()
    world.summary["registers/diplomas.csv"] = regs.diplomas.rows
    world.summary["registers/convictions.csv"] = regs.convictions.rows
    world.summary["registers/language_certificates.csv"] = regs.certificates.rows


def _entities(world: World) -> None:
    """Legal entities (parties first), founders and tax debtors."""
    rng = rng_for(world.seed, "entities")
    inns = InnAllocator(world.seed)
    pool = list(world.population.founder_pool)
    rng.shuffle(pool)
    party_entities: list[Entity] = []
    for p in world.parties:
        p.inn = inns.allocate(p.founded)
        e = Entity(p.inn, f'Политическая партия "{p.name_ru}"', "party", "KGZ", p.founded)
        people = [p.leader] if p.leader else []
        people += rng.sample(pool, rng.randint(2, 3))
        e.founders = [
            ("person", q.pin, q.full_name, "KGZ", s)
            for q, s in zip(people, shares(rng, len(people)), strict=True)
        ]
        party_entities.append(e)
    n_sole = int(world.scale.entities * 0.17) + 10
    owners, others = pool[:n_sole], pool[n_sole:] or pool
    entities = party_entities + build_entities(
        rng, world.scale.entities - len(party_entities), inns, owners, world.calendar
    )
    index = assign_founders(
        rng_for(world.seed, "founders"),
        entities,
        pool,
        world.population.special.get("foreign", []),
        world.population.special.get("foreign_sounding", []),
        world.scale,
        world.planted,
        world.calendar,
    )
    debts = tax_debtor_rows(rng_for(world.seed, "tax-debtors"), index, others, world.calendar)
    world.entities = index
    world.tax_debts = debts
    reg = world.registers_dir
    world.summary["registers/legal_entities.csv"] = write_entities(
        reg / "legal_entities.csv", entities
    )
    world.summary["registers/founders.csv"] = write_founders(reg / "founders.csv", entities)
    world.summary["registers/tax_debtors.csv"] = write_tax_debtors(reg / "tax_debtors.csv", debts)


def _election_files(world: World) -> None:
    """``election.json``, parties, candidates, accounts and programmes."""
    d = world.election_dir
    world.summary["election/election.json"] = write_election(d / "election.json", world.calendar)
    world.summary["election/parties.csv"] = write_parties(d / "parties.csv", world.parties)
    world.summary["election/candidates.csv"] = write_candidates(
        d / "candidates.csv", world.candidates
    )
    world.accounts = make_accounts(world.parties, world.seed, world.calendar)
    world.summary["election/accounts.csv"] = write_accounts(d / "accounts.csv", world.accounts)
    world.summary["election/programmes"] = write_programmes(
        d / "programmes", world.parties, world.seed, world.calendar
    )


def generate(
    out_dir: Path,
    scale: str = "demo",
    seed: int = 2026,
    *,
    today: date = WRITTEN_TODAY,
    workers: int | None = None,
) -> dict[str, int]:
    """Write a deterministic synthetic election into ``out_dir``.

    ``today`` is the reference date: the story (a campaign that has just ended, every report
    filed) is placed so that election day falls 11 to 17 days before it and the final
    reports were due before it (:class:`~.common.Calendar`; by default the story as written,
    on 10 December 2026). The same ``scale``, ``seed`` and ``today`` always give byte-identical
    files; another ``today`` gives the same story, its dates moved by whole weeks.
    ``workers`` overrides the scale's number of worker processes for the population and the
    funds (the output is the same).
    Returns the number of data rows (or files, for ``election/programmes``) per path.
    """
    world = World(Path(out_dir), get_scale(scale), seed, Calendar.at(today))
    world.registers_dir.mkdir(parents=True, exist_ok=True)
    world.election_dir.mkdir(parents=True, exist_ok=True)
    _people_and_lists(world, workers)
    _entities(world)
    _election_files(world)
    write_funds(world, workers)
    write_ads(world)
    write_voting(world)
    write_protocols(world)
    world.summary["planted.json"] = world.planted.write(world.out_dir / "planted.json")
    return world.summary
