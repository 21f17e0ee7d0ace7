"""The parties running in the election (``parties.csv``).

Each party is also a legal entity (legal form ``party``): its ``registration_no`` in
``parties.csv`` is its INN in ``legal_entities.csv``. The ``leader`` is a person from the
population register, usually the first on the party's list (:mod:`.candidates`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .common import Calendar, iso, random_date, rng_for
from .people import Person
from .writers import write_csv

#: code, Kyrgyz, Russian and English name. Brand names stay as they are in Russian;
#: descriptive names are translated.
PARTY_CATALOGUE: tuple[tuple[str, str, str, str], ...] = (
    ("ata-jurt", "Ата-Журт Кыргызстан", "Ата-Журт Кыргызстан", "Ata-Jurt Kyrgyzstan"),
    ("ishenim", "Ишеним", "Ишеним", "Ishenim"),
    ("mekenchil", "Мекенчил", "Мекенчил", "Mekenchil"),
    ("yntymak", "Ынтымак", "Ынтымак", "Yntymak"),
    ("butun-kyrgyzstan", "Бүтүн Кыргызстан", "Бутун Кыргызстан", "Butun Kyrgyzstan"),
    ("social-democrats", "Социал-демократтар", "Социал-демократы", "Social Democrats"),
    ("ata-meken", "Ата Мекен", "Ата-Мекен", "Ata Meken"),
    ("respublika", "Республика", "Республика", "Respublika"),
    ("yiman-nuru", "Ыйман Нуру", "Ыйман Нуру", "Yiman Nuru"),
    ("jashyl", "Жашыл партия", "Партия зелёных", "Green Party"),
    ("akyikattyk", "Акыйкаттык", "Справедливость", "Justice"),
    ("jashtar", "Жаштар партиясы", "Партия молодёжи", "Youth Party"),
    ("dyikandar", "Дыйкандар партиясы", "Крестьянская партия", "Farmers' Party"),
    ("onuguu", "Өнүгүү", "Развитие", "Development"),
    ("kelechek", "Келечек", "Будущее", "Future"),
    ("el-unu", "Эл үнү", "Голос народа", "Voice of the People"),
    ("asaba", "Асаба", "Асаба", "Asaba"),
    ("ordo", "Ордо", "Ордо", "Ordo"),
    ("jangy-kuch", "Жаңы Күч", "Новая сила", "New Force"),
    ("zamandash", "Замандаш", "Замандаш", "Zamandash"),
)


@dataclass
class Party:
    """A party on the ballot."""

    code: str
    name_ky: str
    name_ru: str
    name_en: str
    founded: date
    inn: str = ""
    leader: Person | None = None
    #: list position of the leader, or 0 if the leader is not on the list
    leader_position: int = 0

    @property
    def website(self) -> str:
        """The party's site (``https://<code>.kg``)."""
        return f"https://{self.code}.kg"


def make_parties(count: int, seed: int, calendar: Calendar) -> list[Party]:
    """The first ``count`` parties of the catalogue, with founding dates."""
    if count > len(PARTY_CATALOGUE):
        raise ValueError(f"at most {len(PARTY_CATALOGUE)} parties are defined")
    rng = rng_for(seed, "parties")
    parties = []
    for code, ky, ru, en in PARTY_CATALOGUE[:count]:
        founded = random_date(rng, calendar.on(date(1993, 1, 1)), calendar.on(date(2023, 6, 30)))
        parties.append(Party(code, ky, ru, en, founded))
    return parties


def write_parties(path: Path, parties: list[Party]) -> int:
    """Write ``parties.csv``; every party must have its INN and leader by now."""
    rows = []
    for p in parties:
        if p.leader is None or not p.inn:
            raise ValueError(f"party {p.code} has no leader or INN yet")
        rows.append(
            (
                p.code,
                p.name_ky,
                p.name_ru,
                p.name_en,
                p.inn,
                p.leader.full_name,
                iso(p.founded),
                p.website,
            )
        )
    return write_csv(path, "parties", rows)
