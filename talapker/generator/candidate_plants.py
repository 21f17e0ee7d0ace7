"""The planted candidate and list violations and their near misses (the table at the top of
:mod:`.candidates`), and the findings they make in ``planted.json``.

A plant is placed in one of four ways:

- *pool* kinds are ordinary people of the candidate pool whose registers the candidate
  section writes wrong on purpose (no higher diploma, a conviction) or who are drawn from
  the under-25 band;
- *special* kinds are the people :data:`.people.CANDIDATE_SPECIALS` made in chunk 0 (dead,
  foreign, stateless, dual citizen, exactly 25), placed at a position of their sex and of
  their age group (young or not), so the list's shares stay as drawn;
- *filed* kinds are ordinary candidates whose row the party filed wrong (an unknown or a
  malformed PIN, another name, a name in passport Latin), chosen once the list is drawn;
- the person on two lists is drawn on the first list and placed on the second.

Each planted person has exactly the one thing wrong that their finding says: a Kyrgyz
citizen only, alive, 25 or older, with a higher diploma and no conviction otherwise. Plants
stay at position 5 or below: the top three may put in their own money (:mod:`.funds`).

The list plants change how a list is drawn (its length, its sexes, its young positions); the
rules are read as ``rules.md`` has them with the 2021 defaults below, every row of a party's
list counted, ages on the run's own election day.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from rapidfuzz import fuzz

from talapker.core.names import name_key

from .common import age_on
from .days import DayTables
from .extras import ExtraRows
from .names import POOLS, make_name
from .people import CANDIDATE_SPECIALS, Person, unallocated_pin
from .planted import Planted
from .translit import latin

#: the rule parameters planted against (``rules.md`` defaults; ``election.json`` omits them)
LIST_MAX_CANDIDATES = 54
LIST_MAX_SEX_PERCENT = 70
LIST_MIN_YOUNG_PERCENT = 15
LIST_YOUNG_AGE = 35
NAME_MATCH_MIN_SCORE = 85
#: a filed name that differs scores at most this, well below the threshold
_MISMATCH_SCORE = NAME_MATCH_MIN_SCORE - 15
#: the first position a plant may take (below the leader and the top three)
FIRST_POSITION = 5

#: (party index, kind) of the planted candidates
PLANTS: tuple[tuple[int, str], ...] = (
    (2, "candidate_no_higher_education"),
    (7, "candidate_no_diploma"),
    (4, "candidate_underage"),
    (11, "candidate_conviction"),
    (15, "candidate_expunged_conviction"),
    (1, "candidate_pin_unknown"),
    (9, "candidate_pin_malformed"),
    (5, "candidate_name_mismatch"),
    (13, "candidate_latin_name"),
    (6, "candidate_deceased"),
    (10, "candidate_foreign"),
    (14, "candidate_stateless"),
    (16, "candidate_dual"),
    (18, "candidate_age_25"),
)
#: the parties of the person on two lists (drawn on the first, placed on the second)
TWO_LISTS = (8, 19)
TWICE = "candidate_on_two_lists"
#: the party whose list is one longer than allowed
TOO_LONG = 17
#: party index -> (list length, women): 14 of 54 leaves 74% men (``LIST_SEX_SHARE``); 35 of
#: 50 is exactly 70% women, the near miss
SEX_SHARES = {12: (54, 14), 3: (50, 35)}
#: the party with too few young candidates, and how many it has (4 of 54 = 7%)
FEW_YOUNG = (0, 4)

POOL_KINDS = (
    "candidate_no_higher_education",
    "candidate_no_diploma",
    "candidate_underage",
    "candidate_conviction",
    "candidate_expunged_conviction",
)
FILED_KINDS = (
    "candidate_pin_unknown",
    "candidate_pin_malformed",
    "candidate_name_mismatch",
    "candidate_latin_name",
)
#: kind -> (rule, severity); the kinds not here are near misses, recorded as notes only
RULES: dict[str, tuple[str, str]] = {
    "candidate_no_higher_education": ("CANDIDATE_EDUCATION", "violation"),
    "candidate_no_diploma": ("CANDIDATE_EDUCATION", "violation"),
    "candidate_underage": ("CANDIDATE_AGE", "violation"),
    "candidate_conviction": ("CANDIDATE_CONVICTION", "violation"),
    "candidate_pin_unknown": ("CANDIDATE_PIN_UNKNOWN", "violation"),
    "candidate_pin_malformed": ("CANDIDATE_PIN_UNKNOWN", "violation"),
    "candidate_name_mismatch": ("CANDIDATE_NAME_MISMATCH", "warning"),
    "candidate_deceased": ("CANDIDATE_DECEASED", "violation"),
    "candidate_foreign": ("CANDIDATE_NOT_CITIZEN", "violation"),
    "candidate_stateless": ("CANDIDATE_NOT_CITIZEN", "violation"),
    "candidate_dual": ("CANDIDATE_OTHER_CITIZENSHIP", "violation"),
    TWICE: ("CANDIDATE_ON_TWO_LISTS", "violation"),
}
#: kinds also recorded as a note (the register-side plants, as before, and the near misses)
NOTED = (*POOL_KINDS, "candidate_latin_name", "candidate_age_25")


@dataclass(frozen=True)
class Candidate:
    """A place on a party list: the register's person, and the row as the party filed it
    (the same but where a filed plant differs)."""

    party: str
    position: int
    person: Person
    filed: Person
    plant: str = ""


def block_sexes(rng: random.Random, n: int) -> list[str]:
    """Sexes by position: one or two women in every block of three."""
    sexes: list[str] = []
    for _ in range(0, n, 3):
        block = ["F", "M", "M"] if rng.random() < 0.9 else ["F", "F", "M"]
        rng.shuffle(block)
        sexes.extend(block)
    return sexes[:n]


@dataclass
class ListShape:
    """How one list is drawn: the sex of each position, the young positions, the planted
    positions and who is placed (not drawn) there."""

    sexes: list[str]
    young: set[int]
    kinds: dict[int, str] = field(default_factory=dict)
    fixed: dict[int, Person] = field(default_factory=dict)

    def take(
        self, rng: random.Random, kind: str, person: Person | None = None, young: bool = False
    ) -> int:
        """A free position for a plant; for a placed person, one of their sex and age group
        (``young``), so that the list's shares stay as drawn."""
        options = [
            pos
            for pos in range(FIRST_POSITION, len(self.sexes) + 1)
            if pos not in self.kinds
            and (
                person is None
                or (self.sexes[pos - 1] == person.sex and (pos in self.young) == young)
            )
        ]
        pos = rng.choice(options)
        self.kinds[pos] = kind
        if person is not None:
            self.fixed[pos] = person
        return pos


def name_score(a: Person, b: Person) -> float:
    """The screening's name score: script-insensitive keys, compared by rapidfuzz."""
    key_a = name_key(a.surname, a.name, a.patronymic)
    key_b = name_key(b.surname, b.name, b.patronymic)
    return 100.0 if key_a == key_b else float(fuzz.token_sort_ratio(key_a, key_b))


class Plants:
    """The plants of one run, list by list (parties beyond the run's number are skipped)."""

    def __init__(
        self, parties: int, special: Mapping[str, list[Person]], seed: int, tables: DayTables
    ) -> None:
        self.parties = parties
        self.by_party: dict[int, list[str]] = defaultdict(list)
        for idx, kind in PLANTS:
            if idx < parties:
                self.by_party[idx].append(kind)
        self.special = special
        self.seed = seed
        self.tables = tables
        self.election_day = tables.calendar.election_day
        #: the person on two lists, once drawn on the first
        self.twice: Person | None = None

    def age(self, person: Person) -> int:
        """Age on the run's election day."""
        return age_on(date.fromisoformat(person.birth_date), self.election_day)

    def shape(self, rng: random.Random, idx: int, per_party: int) -> ListShape:
        """Length, sexes, young positions and the planted positions of party ``idx``."""
        n = LIST_MAX_CANDIDATES + 1 if idx == TOO_LONG else per_party
        if idx in SEX_SHARES:
            n, women = SEX_SHARES[idx]
            at = set(rng.sample(range(1, n + 1), women))
            sexes = ["F" if pos in at else "M" for pos in range(1, n + 1)]
        else:
            sexes = block_sexes(rng, n)
        few = FEW_YOUNG[1] if idx == FEW_YOUNG[0] else rng.randint(9, 14)
        shape = ListShape(sexes, set(rng.sample(range(3, n + 1), min(n - 2, few))))
        for kind in self.by_party.get(idx, []):
            if kind in POOL_KINDS:
                shape.take(rng, kind)
            elif kind in CANDIDATE_SPECIALS:
                person = self.special[kind][0]
                shape.take(rng, kind, person, self.age(person) < LIST_YOUNG_AGE)
        if idx == TWO_LISTS[1] and self.twice is not None:
            shape.take(rng, TWICE, self.twice)  # drawn at a position that is not young
        return shape

    def file(self, rng: random.Random, idx: int, shape: ListShape, lst: list[Candidate]) -> None:
        """Once list ``idx`` is drawn: the rows the party files wrong, and on the first of
        :data:`TWO_LISTS` the person who will stand on the second too."""
        free = [c.position for c in lst if c.position >= FIRST_POSITION and not c.plant]
        rng.shuffle(free)
        for kind in self.by_party.get(idx, []):
            if kind not in FILED_KINDS:
                continue
            for pos in free:
                filed = self._filed(rng, kind, lst[pos - 1].person)
                if filed is not None:
                    break
            else:
                raise RuntimeError(f"no candidate of list {idx} fits {kind}")
            free.remove(pos)
            lst[pos - 1] = replace(lst[pos - 1], filed=filed, plant=kind)
        if idx == TWO_LISTS[0] and TWO_LISTS[1] < self.parties:
            pos = next(pos for pos in free if pos not in shape.young)
            self.twice = lst[pos - 1].person
            lst[pos - 1] = replace(lst[pos - 1], plant=TWICE)

    def _filed(self, rng: random.Random, kind: str, person: Person) -> Person | None:
        """The row filed for ``person`` by a filed plant (None if this person cannot make it)."""
        if kind == "candidate_pin_unknown":  # well-formed, agrees with the filed birth and sex
            return person._replace(pin=unallocated_pin(person.pin[:9], self.seed))
        if kind == "candidate_pin_malformed":  # a digit short
            return person._replace(pin=person.pin[:13])
        if kind == "candidate_latin_name":  # the near miss: the key is the register's own
            filed = person._replace(
                surname=latin(person.surname),
                name=latin(person.name),
                patronymic=latin(person.patronymic),
            )
            return filed if name_score(filed, person) == 100 else None
        # candidate_name_mismatch: another person's name of the same sex and community (the
        # written birth year, so that every calendar files the same name)
        year = self.tables.year[person.day]
        while True:
            names = make_name(rng.random, POOLS[person.ethnicity], person.sex == "M", year)
            filed = person._replace(surname=names[0], name=names[1], patronymic=names[2])
            if name_score(filed, person) <= _MISMATCH_SCORE:
                return filed

    def record(
        self, planted: Planted, parties: list[str], candidates: list[Candidate], rows: ExtraRows
    ) -> None:
        """Record every plant: the finding screening must make, or the near miss's note."""
        diplomas: dict[str, list[str]] = defaultdict(list)
        for pin, level, _issued in rows.diplomas:
            diplomas[pin].append(level)
        convictions = {c[0]: c for c in rows.convictions}
        lists: dict[str, list[Candidate]] = defaultdict(list)
        on_lists: dict[str, list[Candidate]] = defaultdict(list)
        for c in candidates:
            lists[c.party].append(c)
            on_lists[c.filed.pin].append(c)
        for c in candidates:
            if not c.plant:
                continue
            p = c.person
            evidence: dict[str, Any] = {
                "pin": c.filed.pin,
                "position": c.position,
                "filed_name": c.filed.full_name,
                "birth_date": p.birth_date,
                "age_on_election_day": self.age(p),
            }
            if c.filed.pin != p.pin:
                evidence["register_pin"] = p.pin
            if c.plant == "candidate_name_mismatch":
                evidence["register_name"] = p.full_name
                evidence["score"] = round(name_score(c.filed, p), 1)
            elif c.plant == "candidate_deceased":
                evidence["death_date"] = p.death_date
            elif c.plant in ("candidate_foreign", "candidate_stateless", "candidate_dual"):
                evidence["citizenship"] = p.citizenship
            elif c.plant in ("candidate_no_higher_education", "candidate_no_diploma"):
                evidence["diplomas"] = diplomas.get(p.pin, [])
            elif c.plant in ("candidate_conviction", "candidate_expunged_conviction"):
                _pin, article, on, expunged = convictions[p.pin]
                evidence |= {"article": article, "conviction_date": on, "expunged": expunged}
            elif c.plant == TWICE:
                evidence["lists"] = [[o.party, o.position] for o in on_lists[c.filed.pin]]
            if c.plant in NOTED:
                planted.note(c.plant, party=c.party, **evidence)
            if c.plant in RULES:
                rule, severity = RULES[c.plant]
                planted.finding(
                    rule, severity, c.party, "candidate", line=c.position, evidence=evidence
                )
        for idx, code in enumerate(parties):
            self._record_list(planted, idx, code, lists[code])

    def _record_list(self, planted: Planted, idx: int, code: str, lst: list[Candidate]) -> None:
        """The list plants of party ``idx``, with the list's counts as evidence."""
        n = len(lst)
        women = sum(c.filed.sex == "F" for c in lst)
        young = sum(self.age(c.person) < LIST_YOUNG_AGE for c in lst)
        counts = {"candidates": n, "women": women, "men": n - women, "young": young}
        if idx == TOO_LONG:
            evidence = {**counts, "list_max_candidates": LIST_MAX_CANDIDATES}
            planted.finding("LIST_TOO_LONG", "violation", code, "candidate", evidence=evidence)
        if idx in SEX_SHARES:
            evidence = {**counts, "list_max_sex_percent": LIST_MAX_SEX_PERCENT}
            if max(women, n - women) * 100 > LIST_MAX_SEX_PERCENT * n:
                planted.finding("LIST_SEX_SHARE", "violation", code, "candidate", evidence=evidence)
            else:  # exactly at the limit: the near miss
                planted.note("near_miss_list_sex_share", party=code, **evidence)
        if idx == FEW_YOUNG[0]:
            evidence = {**counts, "list_min_young_percent": LIST_MIN_YOUNG_PERCENT}
            planted.finding("LIST_YOUNG_SHARE", "warning", code, "candidate", evidence=evidence)
