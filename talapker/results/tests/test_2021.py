"""The 2021 party-list election through the whole night: the CEC's final shares
(docs/results.md, "Checked against") rebuilt as nine regional protocols, imported, tallied
and turned into seats by `talapker results`: 15, 12, 9, 7, 6 and 5 of 54, as announced."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from fractions import Fraction
from io import StringIO

import pytest
from django.core.management import call_command

from talapker.elections.models import Election
from talapker.elections.parameters import validate_rules
from talapker.parties.models import Party
from talapker.results.files import import_protocols
from talapker.results.tests.test_seats import SHARES_2021, TOOK_PART_2021
from talapker.voters.models import Precinct

pytestmark = pytest.mark.django_db
REGIONS = ("Бишкек шаары", "Ош шаары", "Баткен облусу", "Жалал-Абад облусу", "Ысык-Көл облусу",
           "Нарын облусу", "Ош облусу", "Талас облусу", "Чүй облусу")  # fmt: skip


def test_the_2021_seats_come_out_of_the_night_exactly() -> None:
    election = Election.objects.create(
        code="jk-2021", kind="parliamentary", name_ky="ЖК 2021", name_ru="ЖК 2021",
        name_en="JK 2021", campaign_start=dt.date(2021, 10, 5), election_day=dt.date(2021, 11, 28),
        rules=validate_rules({"threshold_percent": "5", "regional_threshold_percent": "0.5",
                              "max_seat_share": "0.5", "seats": 54}),
    )  # fmt: skip
    others = [f"other-{n}" for n in range(1, 9)]  # the other 13 parties, none near 5 %
    parties = [*SHARES_2021, *others]
    for n, code in enumerate(parties, start=1):
        Party.objects.create(
            election=election, code=code, name_ky=code, name_ru=code, name_en=code,
            registration_no=str(n), leader="—", ballot_position=n,
        )  # fmt: skip
    votes = {p: round(Fraction(s) * TOOK_PART_2021 / 100) for p, s in SHARES_2021.items()}
    invalid = 20_000
    rest = TOOK_PART_2021 - invalid - sum(votes.values())
    for n, code in enumerate(others):
        votes[code] = rest // len(others) + (rest % len(others) if n == 0 else 0)
    protocols = []
    for n, region in enumerate(REGIONS):
        code = f"{n + 1:04d}"
        Precinct.objects.create(
            code=code, name_ky=region, name_ru=region, region=region, district="—",
            address="—", country="KGZ", latitude=Decimal(42), longitude=Decimal(74),
        )  # fmt: skip
        last = n == len(REGIONS) - 1
        here = {p: v - 8 * (v // 9) if last else v // 9 for p, v in votes.items()}
        spoilt = invalid - 8 * (invalid // 9) if last else invalid // 9
        took = sum(here.values()) + spoilt
        protocols.append({
            "precinct": code, "registered": 400_000, "ballots_received": 400_000,
            "ballots_issued": took, "biometric_identified": took, "ballots_in_box": took,
            "invalid": spoilt, "against_all": 0, "votes": here,
        })  # fmt: skip
    import_protocols(election, [("2021.json", json.dumps(protocols).encode())], actor="test")
    out = StringIO()
    call_command("results", "--election", "jk-2021", "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert result["ballots_issued"] == TOOK_PART_2021
    seats = [(p["party"], p["seats"]) for p in result["parties"] if p["seats"]]
    assert seats == [("ata-jurt", 15), ("ishenim", 12), ("yntymak", 9), ("alliance", 7),
                     ("butun-kyrgyzstan", 6), ("yiman-nuru", 5)]  # fmt: skip
    shares = {p["party"]: p["percent"] for p in result["parties"]}
    assert shares["ata-jurt"] == "17.30" and shares["yiman-nuru"] == "6.15"
