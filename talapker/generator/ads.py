"""Political ads as the ad libraries show them (``ads/ads.csv``) and the official exchange
rates that turn their spend into som (``ads/rates.csv``).

Written after the funds, because the ads are measured against what each party declared: the
``online`` expenditures of its final report, read back from the files just written. Every
party advertises on Facebook, Instagram, Google and YouTube under its own pages (its name in
Kyrgyz, Russian or English, its leader's page, a regional page) and pays for its ads under
its register name, in Cyrillic or in passport Latin. Spend and impressions come as the
libraries give them, in ranges (``<100 USD`` is ``0``-``99``), mostly in US dollars.

Planted (``planted.json``, ``source: ad``, ``fund`` = the party's code, ``line`` = the
``ad_id``; the party-level finding has no line):

- ``AD_SPEND_UNDECLARED``: one party's ads cost, at their lower bounds in som, more than its
  declared ``online`` spending; every other party stays below, one of them just below (a
  near miss, noted ``ad_spend_near_miss``);
- ``AD_THIRD_PARTY_PAYER``: ads paid for by register people and Kyrgyz companies, one
  company written in passport Latin (it must still match its Cyrillic register row, so it is
  *not* foreign: noted ``ad_latin_company_payer``);
- ``AD_FOREIGN_PAYER``: ads paid for by foreign entities of the register (screening reports
  these under this rule alone, not also as third-party ads).

Per-ad findings carry the ad's lower bound in som as their amount; the party-level one the
excess of its ads over its declaration (``compliance/rules/ads.py``).

Near misses that must not fire are noted too: a party paying for ads on its leader's page
(``ad_own_ads_on_leader_page``) and a party paying under the Latin spelling of its register
name (``ad_latin_party_payer``). Third-party ads all cost less than 100 (lower bound 0), so
whether screening counts them in a party's spend or not changes no total.
"""

from __future__ import annotations

import csv
import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from talapker.core.names import entity_name_key, name_key

from .common import iso, random_date, rng_for
from .donors import Donor, make_pools
from .election import DEFAULT_RULES
from .limits import Limits
from .parties import Party
from .translit import latin
from .writers import CsvFile

if TYPE_CHECKING:
    from .core import World

D = Decimal
CENT = D("0.01")
SOURCE = "ad"
ADS_CSV = "ads/ads.csv"
RATES_CSV = "ads/rates.csv"

#: platform and weight; Meta's two platforms carry most political ads
PLATFORMS = (("facebook", 55), ("instagram", 25), ("google", 10), ("youtube", 10))
META = ("facebook", "instagram")
#: ad currency and weight, by library (Meta reports in the advertiser's account currency)
META_CURRENCIES = (("USD", 80), ("KGS", 10), ("EUR", 5), ("RUB", 5))
GOOGLE_CURRENCIES = (("USD", 85), ("KGS", 15))
#: official rates (som per unit) on the first day of the rates file, as written
BASE_RATES = {"USD": D("87.4500"), "EUR": D("101.8200"), "RUB": D("1.0860")}
#: days of rates before the campaign's first day and after election day
RATES_BEFORE, RATES_AFTER = 14, 7


def _meta_spend() -> tuple[tuple[int, int], ...]:
    """Meta's spend ranges in USD: <100, then steps of 100 to 1K, 500 to 5K, 5K to 50K..."""
    out = [(0, 99)]
    out += [(k, k + 99) for k in range(100, 1000, 100)]
    out += [(k, k + 499) for k in range(1000, 5000, 500)]
    out += [(k, k + 4999) for k in range(5000, 50_000, 5000)]
    out += [(k, k + 24_999) for k in range(50_000, 200_000, 25_000)]
    out += [(k, k + 49_999) for k in range(200_000, 500_000, 50_000)]
    return tuple(out)


META_SPEND = _meta_spend()
#: Google's political-ads report: <=100, 100-1K, 1K-50K, 50K-100K (USD)
GOOGLE_SPEND = ((0, 100), (100, 1000), (1000, 50_000), (50_000, 100_000))
#: som and roubles: the same steps, a hundred times larger
SPEND_FACTOR = {"USD": 1, "EUR": 1, "KGS": 100, "RUB": 100}
META_IMPRESSIONS = (
    (0, 999), (1000, 4999), (5000, 9999), (10_000, 49_999), (50_000, 99_999),
    (100_000, 199_999), (200_000, 499_999), (500_000, 999_999), (1_000_000, 4_999_999),
)  # fmt: skip
GOOGLE_IMPRESSIONS = (
    (0, 10_000), (10_000, 100_000), (100_000, 1_000_000), (1_000_000, 10_000_000),
)  # fmt: skip


@dataclass
class Ad:
    """One ``ads.csv`` row (spend and impressions as range bounds in the ad's currency)."""

    ad_id: str
    platform: str
    page_name: str
    payer: str
    party_code: str
    start: date
    end: date
    spend: tuple[int, int]
    currency: str
    impressions: tuple[int, int]

    def row(self) -> tuple[object, ...]:
        return (
            self.ad_id,
            self.platform,
            self.page_name,
            self.payer,
            self.party_code,
            iso(self.start),
            iso(self.end),
            self.spend[0],
            self.spend[1],
            self.currency,
            self.impressions[0],
            self.impressions[1],
        )


class Rates:
    """Daily official rates (som per unit, four decimals, as the National Bank publishes
    them): a seeded random walk from :data:`BASE_RATES`, day by day over ``[first, last]``."""

    def __init__(self, seed: int, first: date, last: date) -> None:
        rng = rng_for(seed, "ads", "rates")
        self.first, self.last = first, last
        self.by_day: dict[date, dict[str, Decimal]] = {}
        level = {c: float(r) for c, r in BASE_RATES.items()}
        day = first
        while day <= last:
            self.by_day[day] = {c: D(f"{v:.4f}") for c, v in level.items()}
            level = {c: v * (1 + rng.gauss(0, 0.0012)) for c, v in level.items()}
            day += timedelta(days=1)

    def som(self, amount: int, currency: str, day: date) -> Decimal:
        """``amount`` units of ``currency`` in som at the rate of ``day``, to the tyiyn."""
        rate = D(1) if currency == "KGS" else self.by_day[day][currency]
        return (amount * rate).quantize(CENT, ROUND_HALF_UP)

    def rows(self) -> Iterable[tuple[str, str, str]]:
        for day, rates in self.by_day.items():
            for currency, rate in rates.items():
                yield (iso(day), currency, f"{rate:.4f}")


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([k for k, _ in weighted], [w for _, w in weighted])[0]


class AdMaker:
    """Draws ads one by one: id, platform, currency, dates, ranges."""

    def __init__(self, world: World, rates: Rates) -> None:
        self.rng = rng_for(world.seed, "ads")
        self.rates = rates
        cal = world.calendar
        self.first_day = cal.campaign_start
        self.last_day = cal.election_day - timedelta(days=1)  # no campaigning on the day
        self.ids: set[str] = set()

    def _id(self, platform: str) -> str:
        while True:
            if platform in META:
                ad_id = str(self.rng.randint(10**14, 10**16 - 1))
            else:
                ad_id = f"CR{self.rng.randint(10**19, 10**20 - 1)}"
            if ad_id not in self.ids:
                self.ids.add(ad_id)
                return ad_id

    def ad(self, party: Party, page: str, payer: str, platform: str | None = None) -> Ad:
        """An ad with the cheapest spend range; :meth:`price` sets the range later."""
        rng = self.rng
        platform = platform or _pick(rng, PLATFORMS)
        meta = platform in META
        currency = _pick(rng, META_CURRENCIES if meta else GOOGLE_CURRENCIES)
        start = random_date(rng, self.first_day, self.last_day - timedelta(days=1))
        end = min(start + timedelta(days=rng.randint(1, 28)), self.last_day)
        ad = Ad(self._id(platform), platform, page, payer, party.code, start, end, (0, 0),
                currency, (0, 0))  # fmt: skip
        self.price(ad, D(0))
        return ad

    def buckets(self, ad: Ad) -> list[tuple[int, int]]:
        """The ad's library spend ranges in its currency."""
        k = SPEND_FACTOR[ad.currency]
        base = META_SPEND if ad.platform in META else GOOGLE_SPEND
        return [(lo * k, hi * k + (k - 1 if hi % 10 == 9 else 0)) for lo, hi in base]

    def som(self, ad: Ad, amount: int) -> Decimal:
        return self.rates.som(amount, ad.currency, ad.start)

    def price(self, ad: Ad, budget: Decimal) -> Decimal:
        """Give the ad the largest spend range whose lower bound in som fits ``budget``;
        return that lower bound in som."""
        chosen = self.buckets(ad)[0]
        for bucket in self.buckets(ad):
            if self.som(ad, bucket[0]) <= budget:
                chosen = bucket
        ad.spend = chosen
        usd = float(self.som(ad, chosen[1]) / BASE_RATES["USD"])
        seen = usd * self.rng.uniform(60, 400)  # impressions per dollar
        ranges = META_IMPRESSIONS if ad.platform in META else GOOGLE_IMPRESSIONS
        ad.impressions = [r for r in ranges if r[0] <= seen][-1]
        return self.som(ad, chosen[0])


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def declared_online(out_dir: Path, code: str) -> Decimal:
    """The ``online`` expenditures of a fund's final report (cumulative: all of them)."""
    rows = _read(out_dir / "reports" / code / "final" / "expenditures.csv")
    return sum((D(r["amount"]) for r in rows if r["category"] == "online"), D(0))


def _ids_in_reports(out_dir: Path, parties: list[Party]) -> set[str]:
    """Every donor and payee id of every final report (third-party payers are new faces)."""
    seen: set[str] = set()
    for p in parties:
        folder = out_dir / "reports" / p.code / "final"
        seen.update(r["donor_id"] for r in _read(folder / "contributions.csv"))
        seen.update(r["payee_id"] for r in _read(folder / "expenditures.csv"))
    return seen


def _register_name_counts(path: Path, wanted: set[str]) -> Counter[str]:
    """How many population rows carry each of the ``wanted`` name keys (streamed)."""
    counts: Counter[str] = Counter()
    surnames = {k.partition(" ")[0] for k in wanted}
    with path.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if name_key(r["surname"]).partition(" ")[0] not in surnames:  # cheap first look
                continue
            key = name_key(r["surname"], r["name"], r["patronymic"])
            if key in wanted:
                counts[key] += 1
    return counts


@dataclass
class Payers:
    """Third parties who may pay for a party's ads: register people with a unique name,
    clean Kyrgyz companies (some with a Latin spelling that still matches), foreign entities."""

    people: list[Donor]
    companies: list[Donor]
    latin_companies: list[Donor]
    foreign: list[Donor]


def _payers(world: World, rng: random.Random, wanted: int) -> Payers:
    assert world.entities is not None
    index = world.entities
    limits = Limits.from_rules(DEFAULT_RULES, world.calendar)
    debts = {inn: date.fromisoformat(as_of) for inn, _d, _c, as_of in world.tax_debts}
    pools = make_pools(world.population.donors, index, debts, limits)
    used = _ids_in_reports(world.out_dir, world.parties)
    used.update(c.person.pin for c in world.candidates)
    people = [
        d
        for d in pools.people
        if d.party_id not in used and d.latin and name_key(d.latin) == name_key(d.name)
    ]
    rng.shuffle(people)
    people = people[: wanted * 4]
    counts = _register_name_counts(
        world.registers_dir / "population.csv", {name_key(d.name) for d in people}
    )
    people = [d for d in people if counts[name_key(d.name)] == 1]
    companies = [d for d in pools.entities if d.party_id not in used]
    rng.shuffle(companies)
    keys = Counter(entity_name_key(e.name) for e in index.entities)
    latin_companies = [
        Donor(d.party_id, d.name, latin(d.name))
        for d in companies
        if latin(d.name) != d.name
        and entity_name_key(latin(d.name)) == entity_name_key(d.name)
        and keys[entity_name_key(d.name)] == 1
    ]
    foreign = [
        Donor(inn, index.by_inn[inn].name)
        for inn in index.kinds.get("foreign", [])
        if index.by_inn[inn].liquidated is None
        and keys[entity_name_key(index.by_inn[inn].name)] == 1
        and inn not in used
    ]
    rng.shuffle(foreign)
    plain = [d for d in companies if keys[entity_name_key(d.name)] == 1]
    return Payers(people, plain, latin_companies, foreign)


def _pages(party: Party, rng: random.Random) -> list[str]:
    """The party's own pages: its names, its leader's page, a regional page."""
    city = rng.choice(("Ош", "Жалал-Абад", "Каракол", "Нарын", "Талас", "Баткен"))
    return [party.name_ky, party.name_ru, party.name_en, f"{party.name_ky} — {city}"]


def _party_payers(world: World, party: Party) -> tuple[str, str]:
    """The party's register name and its passport-Latin spelling (``ё`` written ``e``, as
    most do, so that the spelling keeps the name's matching key)."""
    assert world.entities is not None
    name = world.entities.by_inn[party.inn].name
    spelled = latin(name.replace("ё", "е").replace("Ё", "Е"))
    if entity_name_key(spelled) != entity_name_key(name):
        raise RuntimeError(f"no Latin spelling of {name!r} keeps its key")
    return name, spelled


def _counts(total: int, n: int, rng: random.Random) -> list[int]:
    weights = [rng.uniform(0.5, 1.5) for _ in range(n)]
    counts = [max(3, int(total * w / sum(weights))) for w in weights]
    return counts


def write_ads(world: World) -> None:
    """Write ``ads/ads.csv`` and ``ads/rates.csv``; plant the ad findings and near misses."""
    assert world.entities is not None
    cal = world.calendar
    rates = Rates(
        world.seed,
        cal.campaign_start - timedelta(days=RATES_BEFORE),
        cal.election_day + timedelta(days=RATES_AFTER),
    )
    maker = AdMaker(world, rates)
    rng = maker.rng
    parties = world.parties
    declared = {p.code: declared_online(world.out_dir, p.code) for p in parties}
    # the party that outspends its declaration, and the one that stays just below it
    spenders = sorted((p for p in parties if declared[p.code] >= 50_000), key=lambda p: p.code)
    over, near = rng.sample(spenders, 2)
    ads: list[Ad] = []
    for party, count in zip(parties, _counts(world.scale.ads, len(parties), rng), strict=True):
        ads += _own_ads(world, maker, party, count, declared[party.code], over, near)
    per_rule = world.scale.violations_per_rule
    payers = _payers(world, rng, per_rule * 2)
    others = [p for p in parties if p not in (over, near)]
    ads += _third_party_ads(world, maker, others, payers, per_rule)
    ads.sort(key=lambda a: (a.start, a.party_code, a.ad_id))
    out = world.out_dir
    with CsvFile(out / ADS_CSV, "ads") as f:
        f.writerows([a.row() for a in ads])
        world.summary[ADS_CSV] = f.rows
    with CsvFile(out / RATES_CSV, "rates") as f:
        f.writerows(list(rates.rows()))
        world.summary[RATES_CSV] = f.rows


def _spend(maker: AdMaker, ads: list[Ad]) -> tuple[Decimal, Decimal]:
    low = sum((maker.som(a, a.spend[0]) for a in ads), D(0))
    return low, sum((maker.som(a, a.spend[1]) for a in ads), D(0))


def _own_ads(
    world: World,
    maker: AdMaker,
    party: Party,
    count: int,
    declared: Decimal,
    over: Party,
    near: Party,
) -> list[Ad]:
    """A party's own ads, priced so that their lower bounds in som add up to a share of its
    declared online spending: more than all of it for ``over``, just under it for ``near``."""
    rng = maker.rng
    register, spelled = _party_payers(world, party)
    pages = _pages(party, rng)
    leader = party.leader.full_name if party.leader else party.name_ky
    ads: list[Ad] = []
    for k in range(count):
        page = leader if k == 0 or rng.random() < 0.15 else rng.choice(pages)
        payer = spelled if k == 1 or rng.random() < 0.2 else register
        ads.append(maker.ad(party, page, payer))
    if party is over:
        target = declared * D(rng.randint(115, 160)) / 100
    elif party is near:
        target = declared - D(1)
    else:
        target = declared * D(rng.randint(25, 70)) / 100
    left = target
    for k, ad in enumerate(ads):
        share = left if k == count - 1 else left / (count - k) * D(rng.uniform(0.4, 1.6))
        left -= maker.price(ad, min(share, left))
    while party in (over, near):  # top up: over must pass the declaration, near approach it
        low, _ = _spend(maker, ads)
        if party is near and (declared - low <= declared / 50 or declared - low < D(9000)):
            break
        if party is over and low > declared:
            break
        extra = maker.ad(party, rng.choice(pages), register, "facebook")
        budget = target - low if party is near else max(target - low, D(20_000))
        if maker.price(extra, budget) == 0:
            break
        ads.append(extra)
    low, high = _spend(maker, ads)
    if (party is over and low <= declared) or (party is near and low >= declared):
        raise RuntimeError(f"ads of {party.code}: {low} against {declared} declared")
    evidence = {
        "ads": len(ads),
        "spend_lower_kgs": str(low),
        "spend_upper_kgs": str(high),
        "declared_online_kgs": str(declared.quantize(CENT)),
    }
    if party is over:  # the amount is the excess, as screening reports it
        world.planted.finding(
            "AD_SPEND_UNDECLARED", "warning", party.code, SOURCE,
            amount=str(low - declared.quantize(CENT)), evidence=evidence,
        )  # fmt: skip
    elif party is near:
        world.planted.note("ad_spend_near_miss", fund=party.code, **evidence)
    world.planted.note(
        "ad_own_ads_on_leader_page", fund=party.code, line=ads[0].ad_id, page_name=ads[0].page_name,
        payer=ads[0].payer,
    )  # fmt: skip
    world.planted.note(
        "ad_latin_party_payer", fund=party.code, line=ads[1].ad_id, payer=ads[1].payer
    )
    return ads


def _third_party_ads(
    world: World, maker: AdMaker, parties: list[Party], payers: Payers, per_rule: int
) -> list[Ad]:
    """Ads for a party paid for by someone else (all under 100, lower bound 0)."""
    rng = maker.rng
    plan: list[tuple[str, Donor, str]] = []  # (what, payer, name written)
    plan += [("person", d, d.name) for d in payers.people[:per_rule]]
    plan += [("person", d, d.latin) for d in payers.people[per_rule : per_rule + 1]]
    plain = payers.companies[:per_rule]
    spelled = [d for d in payers.latin_companies if d.party_id not in {c.party_id for c in plain}]
    plan += [("company", d, d.name) for d in plain]
    plan += [("latin_company", d, d.latin) for d in spelled[: max(1, per_rule // 2)]]
    plan += [("foreign", d, d.name) for d in payers.foreign[: max(1, per_rule // 2)]]
    ads = []
    for what, donor, written in plan:
        party = rng.choice(parties)
        page = rng.choice((written, party.name_ky, f"{party.name_ky} жактоочулары"))
        ad = maker.ad(party, page, written, rng.choice(META))
        ads.append(ad)
        evidence: dict[str, Any] = {
            "payer": written,
            "payer_id": donor.party_id,
            "payer_kind": "person" if what == "person" else "legal_entity",
        }
        amount = str(maker.som(ad, ad.spend[0]))  # the ad's lower bound in som
        if what == "foreign":  # a foreign payer is that, not also a third party
            world.planted.finding(
                "AD_FOREIGN_PAYER", "violation", party.code, SOURCE, line=ad.ad_id,
                amount=amount, evidence=evidence,
            )  # fmt: skip
            continue
        if what == "latin_company":
            world.planted.note(
                "ad_latin_company_payer", fund=party.code, line=ad.ad_id, payer=written,
                register_name=donor.name, inn=donor.party_id,
            )  # fmt: skip
        world.planted.finding(
            "AD_THIRD_PARTY_PAYER", "warning", party.code, SOURCE, line=ad.ad_id,
            amount=amount, evidence=evidence,
        )  # fmt: skip
    return ads
