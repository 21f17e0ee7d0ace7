"""An election night in miniature: the sample election (three parties), ten stations in one
Bishkek district (enough for the outlier test), two in Osh and two abroad, and a token for
each station."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from talapker.elections.models import Election
from talapker.results.tokens import issue
from talapker.voters.models import Precinct

BISHKEK, LENIN = "Бишкек шаары", "Ленин району"


def station(code: str, region: str, district: str, country: str = "KGZ") -> Precinct:
    return Precinct.objects.create(
        code=code, name_ky=f"№{code} мектеп", name_ru=f"Школа №{code}", region=region,
        district=district, address="Бишкек ш.", country=country,
        latitude=Decimal("42.87"), longitude=Decimal("74.57"),
    )  # fmt: skip


@pytest.fixture
def night(election: Election) -> Election:
    for n in range(10):
        station(f"{1001 + n}", BISHKEK, LENIN)
    station("2001", "Ош облусу", "Кара-Суу району")
    station("2002", "Ош облусу", "Кара-Суу району")
    station("9001", "", "", "TUR")
    station("9002", "", "", "RUS")
    return election


@pytest.fixture
def tokens(night: Election) -> dict[str, str]:
    return issue(night, Precinct.objects.values_list("code", flat=True), actor="test")


def protocol(precinct: str, **changes: Any) -> dict[str, Any]:
    """A clean protocol: 1,000 on the list, 600 came, 598 in the boxes."""
    body: dict[str, Any] = {
        "precinct": precinct, "registered": 1000, "ballots_received": 1020,
        "ballots_issued": 600, "biometric_identified": 600, "ballots_in_box": 598,
        "invalid": 8, "against_all": 10,
        "votes": {"ata-jurt": 300, "ishenim": 180, "yntymak": 100},
    }  # fmt: skip
    votes = changes.pop("votes", None)
    body.update(changes)
    if votes is not None:
        body["votes"] = votes
    return body
