"""Which party an ad names: a party's names in ky, ru and en, compared by the
script-insensitive name keys of core/names.py as whole words, so that «Ата Мекен»,
"Ата-Мекен партиясы" and "Ata Meken Party" all name the party whose name is «Ата Мекен»."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from talapker.core.names import entity_name_key, name_key
from talapker.parties.models import KEY_SEPARATOR, Party

PartyKeys = list[tuple[Party, frozenset[str]]]


def party_keys(parties: Iterable[Party]) -> PartyKeys:
    """Each party with the keys of its three names (empty keys left out)."""
    return [(p, frozenset(k for k in p.name_key.split(KEY_SEPARATOR) if k)) for p in parties]


def names_party(keys: frozenset[str], *texts: str) -> bool:
    """Whether any of the texts holds one of the party's name keys as whole words."""
    for text in texts:
        hay = f" {name_key(text)} "
        if any(f" {key} " in hay for key in keys):
            return True
    return False


def party_named(keys: PartyKeys, *texts: str) -> Party | None:
    """The one party whose name the texts hold; None if none does, or several do."""
    named = [party for party, own in keys if names_party(own, *texts)]
    return named[0] if len(named) == 1 else None


# Words a party's own account or page adds to its name ("… саясий партиясы", "… штабы",
# "Official page of …"), in ky, ru and en; compared by name key.
ACCOUNT_WORDS = """
    партия партиясы партиясынын партии саясий политическая политической штаб штабы шайлоо
    предвыборный избирательный официалдуу официальная расмий страница барагы фракция
    фракциясы party political campaign headquarters official page election of the
"""


@lru_cache(maxsize=1)
def _account_words() -> frozenset[str]:
    return frozenset(name_key(word) for word in ACCOUNT_WORDS.split())


def is_party_account(keys: frozenset[str], text: str) -> bool:
    """Whether a payer or page is the party's own: its name (legal form left out) is one of
    the party's names plus, at most, words such as "саясий партиясы" or "official page".
    "Friends of Unity Foundation" names the party "Unity" but is someone else."""
    words = entity_name_key(text)
    for key in keys:
        hay = f" {words} "
        if f" {key} " in hay:
            rest = hay.replace(f" {key} ", " ", 1).split()
            if all(word in _account_words() for word in rest):
                return True
    return False
