"""Reads for the public pages: plain typed functions, each a fixed, small number of queries.

A candidate reaches a page only as a `PublicCandidate`, a projection that has no PIN and no
birth date: the fields the law keeps private are never selected, so no template can show
them by mistake.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear, Length, Substr

from talapker.candidates.models import Candidate, CandidateDecision, Decision
from talapker.candidates.selectors import PENDING, STATUS_LABELS, status_of, with_status
from talapker.compliance.registry import article_text, load_rules
from talapker.core.i18n import localized
from talapker.elections.models import Election
from talapker.parties.models import Party

PROGRAMME_EXCERPT_CHARS = 1500

# Kyrgyz and Russian Cyrillic in alphabetical order (ң after н, ө after о, ү after у);
# Python's code-point order would put those three letters after я.
CYRILLIC_ALPHABET = "абвгдеёжзийклмнңоөпрстуүфхцчшщъыьэюя"
_CYRILLIC_RANK = {letter: index for index, letter in enumerate(CYRILLIC_ALPHABET)}


def collation_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """A sort key that orders Kyrgyz, Russian and Latin names alphabetically."""
    key: list[tuple[int, int | str]] = []
    for char in text.casefold():
        rank = _CYRILLIC_RANK.get(char)
        key.append((1, rank) if rank is not None else (0, char))
    return tuple(key)


@dataclass(frozen=True)
class ElectionLists:
    current: list[Election]
    past: list[Election]


@dataclass(frozen=True)
class PartyListing:
    parties: Sequence[Party]
    ballot_drawn: bool


@dataclass(frozen=True)
class PublicCandidate:
    """What a public page may show about a candidate: never the PIN or the birth date."""

    position: int
    full_name: str
    birth_year: int
    sex: str
    sex_label: str
    region: str
    party: str = ""  # the party's code
    status: str = PENDING  # the commission's decision: candidates/selectors.py
    status_label: str = ""
    rule: str = ""  # the rule a refusal names, with its title and article as cited
    rule_title: str = ""
    article: str = ""


def election_list(*, today: dt.date) -> ElectionLists:
    """All elections, newest first, split into current (election day not yet past) and past."""
    elections = list(
        Election.objects.annotate(party_count=Count("parties")).order_by("-election_day", "code")
    )
    return ElectionLists(
        current=[e for e in elections if e.election_day >= today],
        past=[e for e in elections if e.election_day < today],
    )


def election_get(*, code: str) -> Election:
    """The election with this code; raises Election.DoesNotExist."""
    return Election.objects.get(code=code)


def party_list_for_election(*, election: Election) -> PartyListing:
    """The election's parties in ballot order once every party has a drawn position,
    otherwise alphabetically by their name in the active language."""
    parties = list(
        Party.objects.filter(election=election)
        .defer("programme_text")
        .annotate(candidate_count=Count("candidates"))
        .order_by("ballot_position", "code")
    )
    drawn = bool(parties) and all(p.ballot_position is not None for p in parties)
    if not drawn:
        parties.sort(key=lambda p: collation_key(localized(p, "name")))
    return PartyListing(parties=parties, ballot_drawn=drawn)


def _public_parties() -> QuerySet[Party]:
    """Parties with their election, and only the head of the programme text."""
    return (
        Party.objects.select_related("election")
        .defer("programme_text")
        .annotate(
            programme_excerpt=Substr("programme_text", 1, PROGRAMME_EXCERPT_CHARS + 1),
            programme_length=Length("programme_text"),
        )
    )


def party_get(*, election_code: str, party_code: str) -> Party:
    """The party with its election; raises Party.DoesNotExist.

    `programme_excerpt` holds the head of the programme text, one character longer than
    PROGRAMME_EXCERPT_CHARS so that `truncatechars` knows to add its ellipsis, and
    `programme_length` the full length."""
    return _public_parties().get(election__code=election_code, code=party_code)


def _public_candidates(candidates: QuerySet[Any, Any]) -> QuerySet[Any, Any]:
    """Rows (dicts) of the public columns only: the PIN and birth date are never selected."""
    return with_status(candidates.annotate(year_of_birth=ExtractYear("birth_date"))).values(
        "position", "surname", "name", "patronymic", "year_of_birth", "sex", "region",
        "party__code", "decision", "decision_rule",
    )  # fmt: skip


def _to_public(row: Mapping[str, Any]) -> PublicCandidate:
    full_name = " ".join(p for p in (row["surname"], row["name"], row["patronymic"]) if p)
    status = status_of(row["decision"])
    code = row["decision_rule"] or ""
    rule = load_rules().get(code)
    return PublicCandidate(
        position=row["position"],
        full_name=full_name,
        birth_year=row["year_of_birth"],
        sex=row["sex"],
        sex_label=str(Candidate.Sex(row["sex"]).label),
        region=row["region"],
        party=row["party__code"],
        status=status,
        status_label=str(STATUS_LABELS[status]),
        rule=code,
        rule_title=str(rule.title) if rule else "",
        article=article_text(rule.article) if rule else "",
    )


def candidate_list_for_party(*, party: Party) -> list[PublicCandidate]:
    """The party's list in list order, as public projections."""
    rows = _public_candidates(Candidate.objects.filter(party=party)).order_by("position")
    return [_to_public(row) for row in rows]


def candidate_get(*, party: Party, position: int) -> PublicCandidate:
    """The candidate at this list position; raises Candidate.DoesNotExist."""
    rows = _public_candidates(Candidate.objects.filter(party=party))
    return _to_public(rows.get(position=position))


def candidates_for_election(*, election: Election, party: str = "") -> list[PublicCandidate]:
    """Every candidate of the election (or of one party), lists in ballot order."""
    candidates = Candidate.objects.filter(party__election=election)
    if party:
        candidates = candidates.filter(party__code=party)
    rows = _public_candidates(candidates).order_by(
        "party__ballot_position", "party__code", "position"
    )
    return [_to_public(row) for row in rows]


@dataclass(frozen=True)
class ReplacedCandidate:
    """A person a party withdrew and replaced: their name and place, as decided."""

    party: str
    position: int
    full_name: str
    decided_on: dt.date


def replaced_candidates(*, election: Election) -> list[ReplacedCandidate]:
    """The people whose place a party gave to someone else (the commission's `replaced`
    decisions), whether or not the new list is loaded yet."""
    decisions = CandidateDecision.objects.filter(
        election=election, decision=Decision.REPLACED
    ).select_related("party")
    return [
        ReplacedCandidate(d.party.code, d.position, d.full_name, d.decided_at.date())
        for d in decisions.order_by("party__ballot_position", "party__code", "position")
    ]
