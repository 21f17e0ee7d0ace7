"""The voter register on a hand-made population: who is a voter and why not, each at the
station of their address or abroad; a new snapshot's differences; registrations abroad that
refuse the whole file for one bad line; stations imported atomically and idempotently."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from talapker.audit.models import AuditEvent
from talapker.core.errors import InputError
from talapker.core.names import name_key
from talapker.elections.models import Election
from talapker.registers.models import Person
from talapker.voters.abroad import abroad_import
from talapker.voters.build import register_build
from talapker.voters.models import (
    AbroadRegistration,
    Exclusion,
    Precinct,
    RegisterBuild,
    RegisterChange,
    StationCount,
    Voter,
)
from talapker.voters.precincts import precincts_import

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).parent / "samples"
D = dt.date.fromisoformat
HEADER = "pin,country,city,precinct,registered_on,source\n"


def person(pin: str, born: str, precinct: str = "1001", **extra: Any) -> None:
    citizenship = extra.pop("citizenship", "KGZ")
    cits = [c for c in citizenship.split(";") if c]
    Person.objects.create(
        pin=pin, surname="Асанов", name="Бакыт", patronymic="", birth_date=D(born),
        sex="M" if pin[0] == "2" else "F", citizenship=citizenship,
        biometric=extra.pop("biometric", True), name_key=name_key("Асанов", "Бакыт"),
        pin_consistent=True, holds_kgz="KGZ" in cits, citizenship_count=len(cits),
        precinct=precinct, **extra,
    )  # fmt: skip


@pytest.fixture
def people(election: Election) -> Election:
    """Election day 2026-11-29: voters are born on or before 2008-11-29."""
    precincts_import(SAMPLES / "precincts.csv")
    person("21503198500001", "1985-03-15")
    person("22911200800002", "2008-11-29", "1002")  # 18 on election day itself
    person("23011200800003", "2008-11-30")  # 18 a day too late
    person("21503198500004", "1985-03-15", citizenship="RUS")
    person("21503198500005", "1985-03-15", citizenship="KGZ;RUS", precinct="1003")
    person("21503198500006", "1985-03-15", death_date=D("2026-01-01"))
    person("21503198500007", "1985-03-15", biometric=False)
    person("21503198500008", "1985-03-15", precinct="")  # no address station
    person("21503198500009", "1985-03-15", precinct="7777")  # a station no file lists
    person("11503198500010", "1985-03-15", precinct="1003")
    return election


def voters(election: Election) -> dict[str, tuple[str, str]]:
    return {v.pin: (v.precinct, v.how) for v in Voter.objects.filter(election=election)}


def test_who_is_a_voter_and_why_not(people: Election) -> None:
    build = register_build(people, trigger="test")
    assert voters(people) == {
        "21503198500001": ("1001", "home"),
        "22911200800002": ("1002", "home"),
        "21503198500005": ("1003", "home"),  # a second citizenship does not bar a voter
        "11503198500010": ("1003", "home"),
    }
    assert (build.voters, build.added, build.first) == (4, 4, True)
    reasons = dict(Exclusion.objects.filter(election=people).values_list("reason", "count"))
    assert reasons == {
        "not_citizen": 1, "deceased": 1, "under_age": 1, "not_biometric": 1, "no_station": 2,
    }  # fmt: skip
    counts = dict(StationCount.objects.filter(election=people).values_list("precinct", "voters"))
    assert counts == {"1001": 1, "1002": 1, "1003": 2}
    assert not RegisterChange.objects.exists()  # the first build: everyone is new


def test_a_new_snapshot_shows_who_was_added_removed_and_moved(people: Election) -> None:
    register_build(people, trigger="test")
    Person.objects.filter(pin="21503198500001").update(precinct="1002")  # moved house
    Person.objects.filter(pin="11503198500010").update(death_date=D("2026-11-01"))
    Person.objects.filter(pin="21503198500007").update(biometric=True)  # came to register
    build = register_build(people, trigger="snapshot")
    changes = {(c.pin, c.change, c.precinct_from, c.precinct_to) for c in build.changes.all()}
    assert changes == {
        ("21503198500001", "moved", "1001", "1002"),
        ("11503198500010", "removed", "1003", ""),
        ("21503198500007", "added", "", "1001"),
    }
    assert (build.added, build.removed, build.moved, build.voters) == (1, 1, 1, 4)
    again = register_build(people, trigger="again")
    assert (again.added, again.removed, again.moved) == (0, 0, 0)  # nothing changed


def test_a_registration_abroad_moves_the_voter_off_the_home_list(
    people: Election, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    register_build(people, trigger="test")
    path = tmp_path / "abroad.csv"
    path.write_text(HEADER + "21503198500001,TUR,Стамбул,9001,2026-09-10,mobile_group\n", "utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        batch = abroad_import(people, path, actor="consul")
    assert batch.new == 1
    assert voters(people)["21503198500001"] == ("9001", "abroad")
    counts = StationCount.objects.filter(election=people)
    assert counts.get(precinct="9001").abroad_registered == 1
    assert not counts.filter(precinct="1001").exists()
    assert abroad_import(people, path, actor="consul") == batch  # the same file: nothing new


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("21503198500099,TUR,Стамбул,9001,2026-09-10,consulate", "line 2.*not in the population"),
        ("23011200800003,TUR,Стамбул,9001,2026-09-10,consulate", "line 2.*under voting age"),
        ("21503198500007,TUR,Стамбул,9001,2026-09-10,consulate", "line 2.*no biometric"),
        (
            "21503198500001,TUR,Стамбул,1001,2026-09-10,consulate",
            "line 2.*not a polling station abroad",
        ),
        (
            "21503198500001,TUR,Стамбул,9999,2026-09-10,consulate",
            "line 2.*not a polling station abroad",
        ),
        ("21503198500001,KAZ,Алматы,9001,2026-09-10,consulate", "line 2.*country.*not in KAZ"),
        ("21503198500001,TUR,Стамбул,9001,2026-09-10,embassy", "line 2.*source"),
    ],
)
def test_a_bad_registration_refuses_the_whole_file(
    people: Election, tmp_path: Path, row: str, message: str
) -> None:
    path = tmp_path / "abroad.csv"
    good = "11503198500010,RUS,Москва,9002,2026-09-10,consulate\n"
    path.write_text(HEADER + row + "\n" + good, "utf-8")
    with translation.override("en"), pytest.raises(InputError, match=message):
        abroad_import(people, path)
    assert not AbroadRegistration.objects.exists()


def test_stations_import_atomically_and_idempotently(db: None, tmp_path: Path) -> None:
    call_command("import_precincts", str(SAMPLES / "precincts.csv"))
    assert Precinct.objects.count() == 5
    assert Precinct.objects.get(code="9001").capacity == 3
    events = AuditEvent.objects.count()
    assert precincts_import(SAMPLES / "precincts.csv") == {"created": 0, "updated": 0, "removed": 0}
    assert AuditEvent.objects.count() == events
    for old, new, message in (
        ("1002,", "1001,", "line 3, column code: station 1001 appears twice"),
        ("42.842120", "142.842120", "line 3, column latitude"),
        ("74.611180", "abc", "line 3, column longitude"),
        (",KGZ,42.8421", ",KG,42.8421", "line 3, column country"),
    ):
        bad = tmp_path / "precincts.csv"
        shutil.copy(SAMPLES / "precincts.csv", bad)
        bad.write_text(bad.read_text("utf-8").replace(old, new, 1), "utf-8")
        with pytest.raises(CommandError, match=message):
            call_command("import_precincts", str(bad))
    assert Precinct.objects.count() == 5


def test_a_population_snapshot_rebuilds_the_register_without_a_command(
    election: Election, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    """As the commission would see it: the stations are known, a new population snapshot
    arrives, and the counts per station are there once it is imported."""
    from talapker.registers.services import register_import

    precincts_import(SAMPLES / "precincts.csv")
    path = tmp_path / "population.csv"
    path.write_text(
        "pin,surname,name,patronymic,birth_date,sex,citizenship,death_date,biometric,"
        "residence_since,region,precinct\n"
        "21503198500001,Асанов,Бакыт,,1985-03-15,M,KGZ,,1,1985-03-15,Бишкек шаары,1001\n"
        "11503198500002,Асанова,Айгүл,,1985-03-15,F,KGZ,,1,1985-03-15,Бишкек шаары,1001\n"
        "21503201000003,Асанов,Тимур,,2010-03-15,M,KGZ,,0,2010-03-15,Бишкек шаары,1001\n",
        "utf-8",
    )
    with django_capture_on_commit_callbacks(execute=True):
        register_import("population", path, imported_by="registry")
    counts = dict(StationCount.objects.filter(election=election).values_list("precinct", "voters"))
    assert counts == {"1001": 2}
    assert Exclusion.objects.get(election=election, reason="under_age").count == 1
    # The same inputs again (a trigger the queue brings twice): the build stands, nothing runs.
    built = RegisterBuild.objects.get(election=election)
    assert register_build(election, trigger="again") == built
    abroad = tmp_path / "abroad.csv"
    abroad.write_text(HEADER + "11503198500002,TUR,Стамбул,9001,2026-09-10,consulate\n")
    with django_capture_on_commit_callbacks(execute=True):
        abroad_import(election, abroad, actor="consul")
    latest = RegisterBuild.objects.filter(election=election).first()
    assert latest != built and (latest.moved, latest.voters) == (1, 2)  # type: ignore[union-attr]
