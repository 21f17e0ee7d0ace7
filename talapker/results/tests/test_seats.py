"""Seat allocation against worked examples from the literature, and its properties over many
random elections (hypothesis): seats always sum to the total, thresholds and caps hold, the
women-first share and the 2025 district rule hold."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from talapker.results.seats import (
    METHODS,
    Contender,
    allocate,
    dhondt,
    fill_seats,
    hare,
    passing,
    sainte_lague,
    top_n,
)

# The six parties and ten seats of the worked examples of the articles "Largest remainder
# method", "D'Hondt method" and "Sainte-Laguë method" (Wikipedia).
SIX = {"Yellows": 47000, "Whites": 16000, "Reds": 15800, "Greens": 12000, "Blues": 6100,
       "Pinks": 3100}  # fmt: skip


def test_the_worked_examples_of_the_literature() -> None:
    assert list(hare(SIX, 10).values()) == [5, 2, 1, 1, 1, 0]
    assert list(dhondt(SIX, 10).values()) == [5, 2, 2, 1, 0, 0]
    assert list(sainte_lague(SIX, 10).values()) == [4, 2, 2, 1, 1, 0]
    # 50, 30 and 20 among 7 seats: quotas 3.5, 2.1, 1.4 (infinitelexicon.com, largest
    # remainder): the floors give 6, the largest remainder the 7th.
    assert hare({"A": 50, "B": 30, "C": 20}, 7) == {"A": 4, "B": 2, "C": 1}


# The 2021 Jogorku Kenesh party-list election, as the CEC summed it up on 15 December 2021:
# 1,281,622 took part (trend.az, 16 Dec 2021); the six parties over 5 % of them, with their
# shares (Interfax, 15 Dec 2021). Votes are the shares of those who took part (the CEC
# publishes percentages to two decimals); the official seats were 15, 12, 9, 7, 6 and 5.
TOOK_PART_2021 = 1_281_622
SHARES_2021 = {"ata-jurt": "17.30", "ishenim": "13.62", "yntymak": "10.99", "alliance": "8.33",
               "butun-kyrgyzstan": "7.03", "yiman-nuru": "6.15", "el-umutu": "4.46",
               "azattyk": "4.01"}  # fmt: skip


def test_the_official_seats_of_2021_come_out_exactly() -> None:
    votes = {
        party: round(Fraction(share) * TOOK_PART_2021 / 100) for party, share in SHARES_2021.items()
    }
    passed = passing(votes, TOOK_PART_2021, Fraction(5))
    assert passed == ["ata-jurt", "ishenim", "yntymak", "alliance", "butun-kyrgyzstan",
                      "yiman-nuru"]  # fmt: skip
    won = allocate({p: votes[p] for p in passed}, 54, method="hare", max_share=Fraction(1, 2))
    assert list(won.values()) == [15, 12, 9, 7, 6, 5]


def test_ties_go_to_more_votes_then_to_the_ballot_order() -> None:
    assert hare({"A": 10, "B": 10}, 1) == {"A": 1, "B": 0}
    assert hare({"B": 10, "A": 10}, 1) == {"B": 1, "A": 0}
    assert dhondt({"A": 20, "B": 10}, 2) == {"A": 2, "B": 0}  # 20/2 = 10 ties B: A has more


def test_thresholds_are_shares_of_everyone_who_took_part() -> None:
    votes = {"A": 50, "B": 5, "C": 40}
    # 100 took part (5 ballots invalid): B has exactly 5 %, which passes a 5 % threshold.
    assert passing(votes, 100, Fraction(5)) == ["A", "B", "C"]
    assert passing(votes, 101, Fraction(5)) == ["A", "C"]
    regions = {"north": ({"A": 30, "B": 5, "C": 0}, 50), "south": ({"A": 20, "C": 40}, 50)}
    assert passing(votes, 100, Fraction(5), regions, Fraction("0.5")) == ["A"]


def test_a_cap_gives_its_excess_to_the_others() -> None:
    # Half of 54 at most (2021): a party with 70 % of the votes gets 27.
    won = allocate({"A": 700, "B": 200, "C": 100}, 54, method="hare", max_share=Fraction(1, 2))
    assert won == {"A": 27, "B": 18, "C": 9}


def test_the_2025_district_rule_and_the_women_first_share() -> None:
    men = [Contender(f"m{n}", 100 - n, "M", n) for n in range(3)]
    woman = Contender("w", 10, "F", 9)
    assert top_n([*men, woman], 3, 2) == ["m0", "m1", "w"]
    party = [Contender(f"c{n}", 1000 - n, "M", n) for n in range(8)]
    party += [Contender("f1", 5, "F", 20), Contender("f2", 0, "F", 21)]
    elected = fill_seats(party, 5, Fraction(3, 10))  # 30 % of 5: two go first to women
    assert {"f1", "f2"} <= set(elected) and len(elected) == 5


votes_strategy = st.dictionaries(
    st.text("ABCDEFGHIJ", min_size=1, max_size=3),
    st.integers(min_value=0, max_value=10**7),
    min_size=1,
    max_size=12,
)


@given(votes=votes_strategy, seats=st.integers(min_value=0, max_value=120))
def test_every_method_shares_out_exactly_the_seats(votes: dict[str, int], seats: int) -> None:
    for method in METHODS.values():
        won = method(votes, seats)
        assert set(won) == set(votes)
        assert sum(won.values()) == (seats if sum(votes.values()) else 0)
        assert all(n >= 0 for n in won.values())


@given(votes=votes_strategy, seats=st.integers(min_value=1, max_value=120))
def test_hare_keeps_every_party_within_one_seat_of_its_quota(
    votes: dict[str, int], seats: int
) -> None:
    total = sum(votes.values())
    if not total:
        return
    for party, n in hare(votes, seats).items():
        quota = Fraction(votes[party] * seats, total)
        assert quota - 1 < n < quota + 1


@given(
    votes=votes_strategy,
    seats=st.integers(min_value=1, max_value=120),
    share=st.sampled_from([Fraction(1, 2), Fraction(1, 3), Fraction(65, 120)]),
    method=st.sampled_from(sorted(METHODS)),
)
def test_no_party_above_its_cap_where_a_cap_can_hold(
    votes: dict[str, int], seats: int, share: Fraction, method: str
) -> None:
    voting = {p: v for p, v in votes.items() if v}
    if not voting:
        return
    won = allocate(voting, seats, method=method, max_share=share)
    assert sum(won.values()) == seats
    if int(share * seats) * len(voting) >= seats:
        assert max(won.values()) <= int(share * seats)


@given(
    votes=votes_strategy,
    took_part_extra=st.integers(min_value=0, max_value=10**6),
    threshold=st.sampled_from([Fraction(5), Fraction(7), Fraction(3)]),
)
def test_no_party_under_the_threshold_passes(
    votes: dict[str, int], took_part_extra: int, threshold: Fraction
) -> None:
    took_part = sum(votes.values()) + took_part_extra
    for party in passing(votes, took_part, threshold):
        assert Fraction(100 * votes[party], took_part) >= threshold
