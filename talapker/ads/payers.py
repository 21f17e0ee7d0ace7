"""Who paid for each ad, in the registers: the payer's name (as the export gives it) matched
to a legal entity or a person, or recognised as the ad's own party, with a score 0-100.

In order, for each ad of an election:

1. no payer named: the party's own page (its name is the party's, give or take words such
   as "official page", `parties.is_party_account`) is the party; any other page is
   unmatched with score 0;
2. an INN or PIN the export carries: the entity or person with it (score 100); the party's
   own registration INN (a `party` entity of the legal-entity register whose name is the
   party's) is the party;
3. the payer's name key equal to an entity's (`entity_name_key`, legal form left out): that
   entity, or the party if it is the party's own registration;
4. the payer's name being the party's name in any language, give or take words such as
   "саясий партиясы" or "campaign headquarters": the party ("Ishenim Media Group LLC" and
   "Friends of Unity Foundation" name a party but are someone else);
5. the payer's name key equal to one person's, in any word order (`name_key`): that
   person; a name that several people carry decides nothing and stays unmatched;
6. the nearest entity name, or the party's name, by rapidfuzz (token sort ratio on name
   keys) at or above the election's `name_match_min_score`;
7. otherwise unmatched, with the best score seen, so that a near miss shows how near.

Lookups are a few queries over the distinct payers (set-based), not one per ad; only the
fuzzy step reads the entities' name keys, once, and only when a payer is left to match.
People are not fuzzily matched: a population register has millions of rows and a
person's name alone does not identify them. Run after every import (services.py).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from rapidfuzz import fuzz, process

from talapker.ads.models import Ad, PayerKind
from talapker.ads.parties import is_party_account, names_party, party_keys
from talapker.core.names import entity_name_key, name_key
from talapker.elections.models import Election
from talapker.parties.models import Party
from talapker.registers.models import LegalEntity, LegalForm, Person

CHUNK = 2_000
FIELDS = ("payer_kind", "payer_inn", "payer_person_pin", "payer_score")


@dataclass(frozen=True)
class Match:
    kind: str
    inn: str = ""
    pin: str = ""
    score: int = 0


PARTY = Match(PayerKind.PARTY, score=100)


def payers_match(election: Election) -> int:
    """Match the payer of every ad of the election again; the number of ads whose match
    changed."""
    ads = list(
        Ad.objects.filter(election=election).only(
            "id", "party_id", "page_name", "payer", "payer_id", *FIELDS
        )
    )
    if not ads:
        return 0
    keys = {party.pk: own for party, own in party_keys(Party.objects.filter(election=election))}
    registers = Registers(keys, [(ad.payer, ad.payer_id) for ad in ads])
    threshold = int(election.rule("name_match_min_score"))
    changed = []
    for ad in ads:
        found = registers.match(ad.party_id, ad.page_name, ad.payer.strip(), ad.payer_id, threshold)
        now = (found.kind, found.inn, found.pin, found.score)
        if tuple(getattr(ad, f) for f in FIELDS) != now:
            ad.payer_kind, ad.payer_inn, ad.payer_person_pin, ad.payer_score = now
            changed.append(ad)
    Ad.objects.bulk_update(changed, FIELDS, batch_size=CHUNK)
    return len(changed)


class Registers:
    """What the registers say about the payers of one election, read in a few queries."""

    def __init__(self, keys: dict[int, frozenset[str]], payers: Iterable[tuple[str, str]]):
        self.keys = keys
        payers = set(payers)
        ids = {payer_id for _name, payer_id in payers if payer_id}
        names = {name.strip() for name, _id in payers if name.strip()}
        self.entity_ids = set(
            _chunked(LegalEntity.objects.values_list("inn", flat=True), "inn", ids)
        )
        self.person_ids = set(_chunked(Person.objects.values_list("pin", flat=True), "pin", ids))
        entity_keys = {entity_name_key(name) for name in names} - {""}
        self.entity_by_key: dict[str, str] = {}
        for key, inn in sorted(
            _chunked(LegalEntity.objects.values_list("name_key", "inn"), "name_key", entity_keys)
        ):
            self.entity_by_key.setdefault(key, inn)
        orders = {order for name in names for order in _orders(name_key(name))}
        self.people_by_key: dict[str, list[str]] = {}
        for key, pin in _chunked(Person.objects.values_list("name_key", "pin"), "name_key", orders):
            self.people_by_key.setdefault(key, []).append(pin)
        self.party_inns = _party_inns(keys)
        self._fuzzy: tuple[list[str], list[str]] | None = None
        self.parties: set[str] = set()  # INNs of entities of legal form `party`

    def match(self, party: int, page: str, payer: str, payer_id: str, threshold: int) -> Match:
        own = self.keys.get(party, frozenset())
        inns = self.party_inns.get(party, set())
        if not payer:
            return PARTY if is_party_account(own, page) else Match(PayerKind.UNMATCHED)
        if payer_id:
            if payer_id in inns:
                return PARTY
            if payer_id in self.entity_ids:
                return Match(PayerKind.LEGAL_ENTITY, inn=payer_id, score=100)
            if payer_id in self.person_ids:
                return Match(PayerKind.PERSON, pin=payer_id, score=100)
        inn = self.entity_by_key.get(entity_name_key(payer))
        if inn is not None:
            return PARTY if inn in inns else Match(PayerKind.LEGAL_ENTITY, inn=inn, score=100)
        if is_party_account(own, payer):
            return PARTY
        pins = {pin for key in _orders(name_key(payer)) for pin in self.people_by_key.get(key, [])}
        if len(pins) == 1:
            return Match(PayerKind.PERSON, pin=pins.pop(), score=100)
        if pins:
            return Match(PayerKind.UNMATCHED, score=100)
        return self._near(own, inns, payer, threshold)

    def _near(self, own: frozenset[str], inns: set[str], payer: str, threshold: int) -> Match:
        key = entity_name_key(payer) or name_key(payer)
        party_score = max((fuzz.token_sort_ratio(key, k) for k in own), default=0.0)
        near = self._nearest_entity(payer)
        if party_score >= threshold and party_score >= near.score:
            return Match(PayerKind.PARTY, score=round(party_score))
        if near.score >= threshold:
            return Match(PayerKind.PARTY, score=near.score) if near.inn in inns else near
        return Match(PayerKind.UNMATCHED, score=round(max(party_score, near.score)))

    def _nearest_entity(self, payer: str) -> Match:
        """The entity whose name key is nearest the payer's, by token sort ratio."""
        if self._fuzzy is None:
            rows = list(
                LegalEntity.objects.exclude(name_key="").values_list(
                    "name_key", "inn", "legal_form"
                )
            )
            self._fuzzy = ([k for k, _i, _f in rows], [i for _k, i, _f in rows])
            self.parties = {i for _k, i, form in rows if form == LegalForm.PARTY}
        names, ids = self._fuzzy
        best = process.extractOne(
            entity_name_key(payer) or name_key(payer), names, scorer=fuzz.token_sort_ratio
        )
        if best is None:
            return Match(PayerKind.UNMATCHED)
        return Match(PayerKind.LEGAL_ENTITY, inn=ids[best[2]], score=round(best[1]))


def _orders(key: str) -> set[str]:
    """A person's name key in every word order (surname first or last), up to four words."""
    words = key.split()
    if not words:
        return set()
    if len(words) > 4:
        return {key}
    return {" ".join(order) for order in itertools.permutations(words)}


def _chunked(rows: QuerySet[Any, Any], column: str, values: set[str]) -> list[Any]:
    """The rows whose `column` is one of `values`, queried in chunks."""
    found: list[Any] = []
    ordered = sorted(values)
    for start in range(0, len(ordered), CHUNK):
        found += rows.filter(**{f"{column}__in": ordered[start : start + CHUNK]})
    return found


def _party_inns(keys: dict[int, frozenset[str]]) -> dict[int, set[str]]:
    """Each party's own registration INN(s): entities of legal form `party` whose name holds
    the party's name."""
    found: dict[int, set[str]] = {}
    for inn, name in LegalEntity.objects.filter(legal_form=LegalForm.PARTY).values_list(
        "inn", "name"
    ):
        for party, own in keys.items():
            if names_party(own, name):
                found.setdefault(party, set()).add(inn)
    return found
