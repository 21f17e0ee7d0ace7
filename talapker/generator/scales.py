"""Scales of a generated election: how many people, entities and parties; how much is planted."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    """Sizes of one generated election.

    Attributes are absolute counts; the generator derives sampling rates from them.
    """

    name: str
    people: int
    entities: int
    parties: int = 20
    candidates_per_party: int = 54
    #: population rows whose PIN disagrees with their own birth date or sex
    pin_inconsistent: int = 36
    #: ownership chains ending in a foreigner (depth 2-4), and direct foreign founders
    foreign_chains: int = 12
    direct_foreign_founders: int = 8
    #: ownership cycles (A owns B owns A; and three-entity cycles)
    ownership_cycles: int = 3
    #: founder lists whose shares add up to more than 100
    shares_over_100: int = 4
    #: Kyrgyz citizens with foreign-sounding names who found entities (must not be flagged)
    near_miss_founders: int = 4
    #: how many clean adult citizens to keep in memory as potential donors for later modules
    donor_sample: int = 5_000
    #: people per generation chunk (the unit of parallel work; at most 200 chunks)
    chunk_size: int = 50_000
    #: worker processes for the population and the funds (1 = in-process)
    workers: int = 1
    #: contributions and expenditures declared in all final reports together
    contributions: int = 1_900
    expenditures: int = 800
    #: each fund's share of them lies within 1 ± this of the mean
    fund_spread: float = 0.5
    #: planted violations per contribution rule (where the registers have the donors)
    violations_per_rule: int = 2
    #: planted bank discrepancies per reconciliation rule
    bank_discrepancies: int = 3
    #: political ads in the ad library (Facebook's held 1,101 for Kyrgyzstan)
    ads: int = 240
    #: voters registered at stations abroad by mobile groups and consulates (84,128 were on
    #: the lists abroad in 2021)
    abroad_registrations: int = 3_000
    #: planted precinct protocols (:mod:`.protocol_plants`): per control relation broken,
    #: turnout outliers, protocols sent twice (the first wrong), manual recounts that differ
    protocol_violations_per_rule: int = 2
    protocol_outliers: int = 3
    protocol_resent: int = 2
    protocol_recounts: int = 2


SCALES: dict[str, Scale] = {
    "demo": Scale(name="demo", people=100_000, entities=2_000),
    "national": Scale(
        name="national",
        people=7_000_000,
        entities=200_000,
        pin_inconsistent=400,
        foreign_chains=300,
        direct_foreign_founders=400,
        ownership_cycles=30,
        shares_over_100=60,
        near_miss_founders=40,
        donor_sample=30_000,
        workers=2,
        contributions=1_000_000,
        expenditures=60_000,
        fund_spread=0.25,
        violations_per_rule=10,
        bank_discrepancies=20,
        ads=1_101,
        abroad_registrations=60_000,
        protocol_violations_per_rule=10,
        protocol_outliers=10,
        protocol_resent=10,
        protocol_recounts=10,
    ),
}


def get_scale(name: str) -> Scale:
    """Look up a scale by name, with a clear error for unknown names."""
    try:
        return SCALES[name]
    except KeyError:
        known = ", ".join(sorted(SCALES))
        raise ValueError(f"unknown scale {name!r} (known: {known})") from None
