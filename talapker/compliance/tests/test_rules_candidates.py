"""The candidate and list rules on hand-made lists and registers: each rule at its boundary
(a candidate 25 on election day itself, a list at exactly 70% of one sex), the parameters of a
presidential election, one person on two lists, and a malformed PIN as a finding."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from talapker.compliance.engine import findings_data, screen
from talapker.core.names import name_key
from talapker.elections.models import Election
from talapker.elections.services import election_load
from talapker.registers.models import Conviction, Diploma, LanguageCertificate, Person

pytestmark = pytest.mark.django_db
D = dt.date.fromisoformat
HEADER = "party_code,position,pin,surname,name,patronymic,birth_date,sex,region\n"


def pin(sex: str, born: str, serial: int) -> str:
    day = D(born)
    return f"{'2' if sex == 'M' else '1'}{day:%d%m%Y}{serial:05d}"


def convict(number: str, article: str, day: str, *, expunged: bool) -> None:
    Conviction.objects.create(
        pin=number, article=article, conviction_date=D(day), expunged=expunged
    )


def certify(number: str) -> None:
    LanguageCertificate.objects.create(
        pin=number, certificate_no=number[-5:], level="C1", issued=D("2020-01-01")
    )


class Lists:
    """Writes candidates.csv (and the rules) into the sample folder, loads and screens it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.rows: list[str] = []
        self.serial = 0

    def add(
        self,
        party: str,
        born: str,
        sex: str = "M",
        *,
        register: bool = True,
        filed_pin: str | None = None,
        filed_name: tuple[str, str] | None = None,
        **person: Any,
    ) -> str:
        """A candidate at the next place of the party's list, in the register as a clean
        candidate (citizen, higher diploma, no conviction) unless told otherwise."""
        self.serial += 1
        number = filed_pin or pin(sex, born, self.serial)
        surname, name = f"Асанов{self.serial}", "Бакыт"
        position = sum(1 for r in self.rows if r.startswith(f"{party},")) + 1
        shown = filed_name or (surname, name)
        self.rows.append(f"{party},{position},{number},{shown[0]},{shown[1]},,{born},{sex},\n")
        if register:
            citizenship = person.pop("citizenship", "KGZ")
            cits = [c for c in citizenship.split(";") if c]
            Person.objects.create(
                pin=number, surname=surname, name=name, patronymic="", birth_date=D(born),
                sex=sex, citizenship=citizenship, biometric=True, name_key=name_key(surname, name),
                pin_consistent=True, holds_kgz="KGZ" in cits, citizenship_count=len(cits),
                residence_since=person.pop("residence_since", D(born)), **person,
            )  # fmt: skip
            Diploma.objects.create(pin=number, level="higher", issued=D("2010-06-20"))
        return number

    def screen(self, **rules: Any) -> dict[tuple[str, str, str], dict[str, Any]]:
        (self.folder / "candidates.csv").write_text(HEADER + "".join(self.rows), "utf-8")
        definition = json.loads((self.folder / "election.json").read_text("utf-8"))
        definition["rules"].update(rules)
        (self.folder / "election.json").write_text(json.dumps(definition), "utf-8")
        election_load(self.folder, actor="test")
        election = Election.objects.get(code="jk-2026")
        screen(election, trigger="test")
        return {
            (f["rule"], f["fund"], str(f["line"])): f
            for f in findings_data(election)
            if f["source"] == "candidate"
        }


@pytest.fixture
def lists(election_folder: Path) -> Lists:
    return Lists(election_folder)


def _young_and_mixed(lists: Lists, party: str, n: int = 3) -> None:
    """Clean candidates that keep a list within its shares: a woman, a young man, a man."""
    lists.add(party, "1980-01-01", "F")
    lists.add(party, "1995-01-01", "M")
    for _ in range(n - 2):
        lists.add(party, "1970-01-01", "M")


def test_a_clean_list_has_no_finding(lists: Lists) -> None:
    for party in ("ata-jurt", "ishenim", "yntymak"):
        _young_and_mixed(lists, party)
    assert lists.screen() == {}


def test_age_is_reached_on_the_birthday_and_every_register_rule_fires(lists: Lists) -> None:
    _young_and_mixed(lists, "ishenim")
    _young_and_mixed(lists, "yntymak")
    _young_and_mixed(lists, "ata-jurt")  # positions 1-3 clean
    lists.add("ata-jurt", "2001-11-29", "F")  # 4: exactly 25 on 2026-11-29
    lists.add("ata-jurt", "2001-11-30", "F")  # 5: 25 a day too late
    lists.add("ata-jurt", "1980-01-01", "M", death_date=D("2026-09-01"))  # 6
    lists.add("ata-jurt", "1980-01-01", "F", citizenship="USA")  # 7
    lists.add("ata-jurt", "1980-01-01", "M", citizenship="KGZ;RUS")  # 8
    lists.add("ata-jurt", "1980-01-01", "F", citizenship="")  # 9: stateless
    number = lists.add("ata-jurt", "1980-01-01", "M")  # 10: a secondary diploma only
    Diploma.objects.filter(pin=number).update(level="secondary")
    number = lists.add("ata-jurt", "1980-01-01", "F")  # 11: expunged: no bar by default
    convict(number, "200", "2005-01-01", expunged=True)
    number = lists.add("ata-jurt", "1980-01-01", "M")  # 12: a standing conviction
    convict(number, "168", "2015-01-01", expunged=False)
    lists.add("ata-jurt", "1980-01-01", "F", register=False)  # 13: unknown PIN
    lists.add("ata-jurt", "1980-01-01", "M", register=False, filed_pin="12345")  # 14
    lists.add("ata-jurt", "1980-01-01", "F", filed_name=("Asanov15", "Bakyt"))  # 15: Latin
    lists.add("ata-jurt", "1980-01-01", "M", filed_name=("Иманалиев", "Марат"))  # 16
    found = lists.screen()
    expected = {
        ("CANDIDATE_AGE", "5"), ("CANDIDATE_DECEASED", "6"), ("CANDIDATE_NOT_CITIZEN", "7"),
        ("CANDIDATE_OTHER_CITIZENSHIP", "8"), ("CANDIDATE_NOT_CITIZEN", "9"),
        ("CANDIDATE_EDUCATION", "10"), ("CANDIDATE_CONVICTION", "12"),
        ("CANDIDATE_PIN_UNKNOWN", "13"), ("CANDIDATE_PIN_UNKNOWN", "14"),
        ("CANDIDATE_NAME_MISMATCH", "16"),
    }  # fmt: skip
    # Young (under 35): positions 2, 4 and 5, 3 of 16 (18.75%); women 8 of 16: the list's
    # shares hold.
    assert {(r, line) for r, fund, line in found if fund == "ata-jurt"} == expected
    assert {fund for _, fund, _ in found} == {"ata-jurt"}
    age = found["CANDIDATE_AGE", "ata-jurt", "5"]
    assert (age["evidence"]["age"], age["evidence"]["allowed"]) == (24, "25+")
    assert found["CANDIDATE_PIN_UNKNOWN", "ata-jurt", "14"]["evidence"]["well_formed"] is False
    conviction = found["CANDIDATE_CONVICTION", "ata-jurt", "12"]["evidence"]
    assert [c["article"] for c in conviction["convictions"]] == ["168"]
    assert "168" in found["CANDIDATE_CONVICTION", "ata-jurt", "12"]["explanation"]["ky"]


def test_expunged_convictions_bar_where_the_2025_law_says_so(lists: Lists) -> None:
    _young_and_mixed(lists, "ata-jurt")
    number = lists.add("ata-jurt", "1980-01-01", "F")
    convict(number, "200", "2005-01-01", expunged=True)
    found = lists.screen(expunged_convictions_disqualify=True)
    assert set(found) == {("CANDIDATE_CONVICTION", "ata-jurt", "4")}
    assert found["CANDIDATE_CONVICTION", "ata-jurt", "4"]["evidence"]["convictions"][0]["expunged"]


def test_a_presidential_election_asks_35_years_15_of_residence_and_the_language(
    lists: Lists,
) -> None:
    lists.add("ata-jurt", "1991-11-29", "M")  # 1: exactly 35, 15 years resident, certified
    certify(lists.add("ishenim", "1991-11-30", "F"))
    number = lists.add("yntymak", "1970-01-01", "M", residence_since=D("2011-11-30"))
    certify(number)
    certify(Person.objects.order_by("pk")[0].pin)
    found = lists.screen(
        candidate_min_age=35, candidate_max_age=70, candidate_residence_years=15,
        candidate_language_certificate=True, list_max_candidates=1, list_max_sex_percent="100",
        list_min_young_percent="0",
    )  # fmt: skip
    assert set(found) == {
        ("CANDIDATE_AGE", "ishenim", "1"),  # 34 on election day
        ("CANDIDATE_RESIDENCE", "yntymak", "1"),  # 14 full years on election day
    }
    assert found["CANDIDATE_RESIDENCE", "yntymak", "1"]["evidence"]["years"] == 14
    assert found["CANDIDATE_AGE", "ishenim", "1"]["evidence"]["allowed"] == "35–70"
    LanguageCertificate.objects.all().delete()
    found = lists.screen()  # the same definition again: the certificates are now missing
    assert {r for r, _, _ in found} == {
        "CANDIDATE_AGE", "CANDIDATE_RESIDENCE", "CANDIDATE_LANGUAGE"
    }  # fmt: skip


def test_one_person_on_two_lists_is_a_finding_on_each(lists: Lists) -> None:
    _young_and_mixed(lists, "ata-jurt")
    _young_and_mixed(lists, "ishenim")
    both = lists.add("ata-jurt", "1975-01-01", "F")
    lists.rows.append(lists.rows[-1].replace("ata-jurt,4,", "ishenim,4,"))
    found = lists.screen()
    assert set(found) == {
        ("CANDIDATE_ON_TWO_LISTS", "ata-jurt", "4"),
        ("CANDIDATE_ON_TWO_LISTS", "ishenim", "4"),
    }
    assert found["CANDIDATE_ON_TWO_LISTS", "ata-jurt", "4"]["evidence"]["parties"] == ["ishenim"]
    assert both  # the same PIN, loaded twice


def test_list_length_and_shares_at_their_boundaries(lists: Lists) -> None:
    # ata-jurt: 10, of which 7 men (exactly 70%) and 2 young (20%): within every share
    lists.add("ata-jurt", "1995-01-01", "F")
    lists.add("ata-jurt", "1995-01-01", "M")
    lists.add("ata-jurt", "1970-01-01", "F")
    lists.add("ata-jurt", "1970-01-01", "F")
    for _ in range(6):
        lists.add("ata-jurt", "1970-01-01", "M")
    # ishenim: 4 men over 35: all of one sex, none young
    for _ in range(4):
        lists.add("ishenim", "1970-01-01", "M")
    found = lists.screen(list_max_candidates=10)
    assert set(found) == {
        ("LIST_SEX_SHARE", "ishenim", "None"),
        ("LIST_YOUNG_SHARE", "ishenim", "None"),
    }
    found = lists.screen(list_max_candidates=3)
    assert ("LIST_TOO_LONG", "ishenim", "None") in found
    assert ("LIST_TOO_LONG", "ata-jurt", "None") in found
    sexes = found["LIST_SEX_SHARE", "ishenim", "None"]["evidence"]
    assert (sexes["men"], sexes["women"], sexes["sex_share"]) == (4, 0, "100.0")
