"""The ad library and the exchange rates of one demo generation, checked from the files.

Everything is recomputed from what was written (ads, rates, reports, registers), not from
the generator's own state: the planted ad findings must be exactly what a screening of
those files would find, by the rules of ``rules.md`` (spend at the lower bound, in som at
the rate of the ad's start date; a payer other than the party; a payer the registers show
as foreign).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise

from talapker.core.names import entity_name_key, name_key
from talapker.generator import SCALES

from .conftest import Generated

ADS = (
    "ad_id platform page_name payer party_code start_date end_date spend_lower spend_upper "
    "currency impressions_lower impressions_upper"
)
CAMPAIGN_START = date(2026, 10, 1)
ELECTION_DAY = date(2026, 11, 29)
RATE_RE = re.compile(r"^\d+\.\d{4}$")
CENT = Decimal("0.01")


def _rates(demo: Generated) -> dict[tuple[str, str], Decimal]:
    return {(r["date"], r["currency"]): Decimal(r["rate_kgs"]) for r in demo.rows("ads/rates.csv")}


def _som(ad: dict[str, str], bound: str, rates: dict[tuple[str, str], Decimal]) -> Decimal:
    amount = Decimal(ad[f"spend_{bound}"])
    if ad["currency"] == "KGS":
        return amount
    return (amount * rates[ad["start_date"], ad["currency"]]).quantize(CENT, ROUND_HALF_UP)


def _findings(demo: Generated, rule: str) -> list[dict[str, object]]:
    return [p for p in demo.planted() if p.get("rule") == rule]


def _party_names(demo: Generated) -> dict[str, str]:
    """Each party's register name, by code."""
    names = {e["inn"]: e["name"] for e in demo.rows("registers/legal_entities.csv")}
    return {p["code"]: names[p["registration_no"]] for p in demo.rows("election/parties.csv")}


def test_ads_file_follows_the_format(demo: Generated) -> None:
    assert demo.header("ads/ads.csv") == ADS.split()
    assert demo.header("ads/rates.csv") == ["date", "currency", "rate_kgs"]
    ads = demo.rows("ads/ads.csv")
    assert demo.summary["ads/ads.csv"] == len(ads)
    assert 0.8 * SCALES["demo"].ads <= len(ads) <= 1.3 * SCALES["demo"].ads
    assert SCALES["national"].ads == 1_101  # Facebook's library for Kyrgyzstan
    assert len({a["ad_id"] for a in ads}) == len(ads)
    parties = {p["code"] for p in demo.rows("election/parties.csv")}
    assert {a["party_code"] for a in ads} == parties  # every party advertises
    assert Counter(a["platform"] for a in ads).keys() == {
        "facebook",
        "instagram",
        "google",
        "youtube",
    }
    assert Counter(a["currency"] for a in ads).most_common(1)[0][0] == "USD"
    assert {a["currency"] for a in ads} == {"USD", "KGS", "EUR", "RUB"}
    for a in ads:
        start, end = date.fromisoformat(a["start_date"]), date.fromisoformat(a["end_date"])
        assert CAMPAIGN_START <= start < end < ELECTION_DAY, a
        lo, hi = int(a["spend_lower"]), int(a["spend_upper"])
        assert 0 <= lo < hi, a
        assert 0 <= int(a["impressions_lower"]) < int(a["impressions_upper"]), a
        assert a["page_name"] and a["payer"], a
        if a["platform"] in ("google", "youtube"):
            assert a["ad_id"].startswith("CR"), a
        else:
            assert a["ad_id"].isdigit(), a
    spend = Counter(a["spend_lower"] for a in ads if a["currency"] == "USD")
    assert spend["0"] > 0 and len(spend) > 5  # <100 and larger ranges


def test_rates_cover_every_start_date(demo: Generated) -> None:
    rows = demo.rows("ads/rates.csv")
    rates = _rates(demo)
    assert len(rates) == len(rows)  # one rate per day and currency
    assert {c for _, c in rates} == {"USD", "EUR", "RUB"}
    for r in rows:
        assert RATE_RE.match(r["rate_kgs"]), r
    days = sorted({date.fromisoformat(d) for d, _ in rates})
    assert all((b - a).days == 1 for a, b in pairwise(days))
    assert days[0] < CAMPAIGN_START and days[-1] > ELECTION_DAY
    for (_, currency), rate in rates.items():
        low, high = {"USD": (80, 95), "EUR": (90, 115), "RUB": (0.9, 1.3)}[currency]
        assert low < rate < high
    for a in demo.rows("ads/ads.csv"):
        if a["currency"] != "KGS":
            assert (a["start_date"], a["currency"]) in rates, a


def test_ad_spend_against_declared_online_spending(demo: Generated) -> None:
    """Exactly the planted party's ads cost more (lower bounds in som) than its declared
    online spending; the near miss stays just below; the totals are the planted ones."""
    rates = _rates(demo)
    low: dict[str, Decimal] = defaultdict(Decimal)
    for a in demo.rows("ads/ads.csv"):
        low[a["party_code"]] += _som(a, "lower", rates)
    declared: dict[str, Decimal] = {}
    for p in demo.rows("election/parties.csv"):
        rows = demo.rows(f"reports/{p['code']}/final/expenditures.csv")
        declared[p["code"]] = sum(
            (Decimal(r["amount"]) for r in rows if r["category"] == "online"), Decimal(0)
        )
    over = {code for code in declared if low[code] > declared[code]}
    planted = _findings(demo, "AD_SPEND_UNDECLARED")
    assert over == {p["fund"] for p in planted} and len(planted) == 1
    (finding,) = planted
    code = str(finding["fund"])
    assert (finding["severity"], finding["source"], "line" in finding) == ("warning", "ad", False)
    evidence = finding["evidence"]
    assert isinstance(evidence, dict)
    assert Decimal(evidence["spend_lower_kgs"]) == low[code]
    assert Decimal(evidence["declared_online_kgs"]) == declared[code]
    assert Decimal(str(finding["amount"])) == low[code] - declared[code]  # the excess
    (near,) = demo.notes("ad_spend_near_miss")
    gap = declared[near["fund"]] - low[near["fund"]]
    assert Decimal(near["spend_lower_kgs"]) == low[near["fund"]]
    assert 0 < gap <= max(declared[near["fund"]] / 50, Decimal(10_000))


def test_payers_other_than_the_party(demo: Generated) -> None:
    """Among the ads whose payer is not the party (by matching key, in any script), those
    paid by a foreign entity of the register are foreign-payer findings and the others
    third-party findings; every such payer is one register row, and costs under 100."""
    parties = _party_names(demo)
    entities: dict[str, list[dict[str, str]]] = defaultdict(list)
    for e in demo.rows("registers/legal_entities.csv"):
        entities[entity_name_key(e["name"])].append(e)
    people = Counter(
        name_key(p["surname"], p["name"], p["patronymic"])
        for p in demo.rows("registers/population.csv")
    )
    third, foreign = set(), set()
    for a in demo.rows("ads/ads.csv"):
        if entity_name_key(a["payer"]) == entity_name_key(parties[a["party_code"]]):
            continue
        key = (a["party_code"], a["ad_id"])
        assert a["spend_lower"] == "0", a
        rows = entities.get(entity_name_key(a["payer"]), [])
        assert len(rows) + people[name_key(a["payer"])] == 1, a  # one register row
        if rows and rows[0]["country"] != "KGZ":
            foreign.add(key)
        else:
            third.add(key)
    for rule, expected, severity in (
        ("AD_THIRD_PARTY_PAYER", third, "warning"),
        ("AD_FOREIGN_PAYER", foreign, "violation"),
    ):
        planted = _findings(demo, rule)
        assert {(p["fund"], p["line"]) for p in planted} == expected, rule
        assert len(planted) == len(expected)
        assert {(p["severity"], p["source"], p["amount"]) for p in planted} == {
            (severity, "ad", "0.00")
        }
    assert len(foreign) >= 1 and len(third) >= 5
    kinds = Counter(p["evidence"]["payer_kind"] for p in _findings(demo, "AD_THIRD_PARTY_PAYER"))
    assert kinds["person"] >= 2 and kinds["legal_entity"] >= 3


def test_near_misses_that_must_not_fire(demo: Generated) -> None:
    """A Kyrgyz company written in Latin (third party, not foreign); each party's ads on its
    leader's page and under the Latin spelling of its own name (the party itself)."""
    parties = _party_names(demo)
    ads = {a["ad_id"]: a for a in demo.rows("ads/ads.csv")}
    foreign = {p["line"] for p in _findings(demo, "AD_FOREIGN_PAYER")}
    third = {p["line"] for p in _findings(demo, "AD_THIRD_PARTY_PAYER")}
    companies = demo.notes("ad_latin_company_payer")
    assert companies
    registers = {e["inn"]: e for e in demo.rows("registers/legal_entities.csv")}
    for company in companies:
        ad = ads[company["line"]]
        assert ad["payer"] == company["payer"] and ad["payer"].isascii()
        register = registers[company["inn"]]
        assert register["country"] == "KGZ" and not register["name"].isascii()
        assert entity_name_key(ad["payer"]) == entity_name_key(register["name"])
        assert ad["ad_id"] in third and ad["ad_id"] not in foreign
    leaders = {p["code"]: p["leader"] for p in demo.rows("election/parties.csv")}
    for kind in ("ad_own_ads_on_leader_page", "ad_latin_party_payer"):
        notes = demo.notes(kind)
        assert {n["fund"] for n in notes} == set(parties), kind
        for n in notes:
            ad = ads[n["line"]]
            assert ad["party_code"] == n["fund"] and ad["ad_id"] not in third
            if kind == "ad_own_ads_on_leader_page":
                assert ad["page_name"] == leaders[n["fund"]]
            else:
                assert ad["payer"].isascii() and ad["payer"] != parties[n["fund"]]


def test_rates_move_with_the_reference_date() -> None:
    """A reference date a week later gives the same rates, a week later; another seed others."""
    from talapker.generator.ads import Rates

    first = CAMPAIGN_START - timedelta(days=14)
    a = Rates(2026, first, ELECTION_DAY)
    b = Rates(2026, first + timedelta(weeks=1), ELECTION_DAY + timedelta(weeks=1))
    assert [r[1:] for r in a.rows()] == [r[1:] for r in b.rows()]
    assert Rates(2027, first, ELECTION_DAY).by_day != a.by_day
