"""`talapker load-election`: loads a folder atomically and idempotently, and refuses bad
input naming file, line, column and reason while leaving the database exactly as it was."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core import serializers
from django.core.management import CommandError, call_command

from talapker.audit.models import AuditEvent
from talapker.candidates.models import Candidate
from talapker.compliance.models import Finding
from talapker.elections.models import Election
from talapker.funds.models import Account, Fund
from talapker.parties.models import Party

pytestmark = pytest.mark.django_db


def database_state() -> str:
    """Every row the loader may touch, serialised, to compare before and after."""
    rows = [
        *Election.objects.all(),
        *Party.objects.all(),
        *Candidate.objects.all(),
        *Fund.objects.all(),
        *Account.objects.all(),
        *AuditEvent.objects.all(),
    ]
    return serializers.serialize("json", rows)


def rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_loads_the_whole_folder(election_folder: Path) -> None:
    call_command("load_election", str(election_folder))

    election = Election.objects.get(code="jk-2026")
    assert election.name_ky == "Жогорку Кеңешке шайлоо 2026"
    assert election.rules["individual_cap_ci"] == 2000
    assert election.rules["spending_cap_ci"] == 3000000  # default filled in
    assert election.rules["cash_cap_kgs"] is None
    assert str(election.cap_kgs("individual_cap_ci")) == "200000.00"
    assert [p.code for p in election.parties.order_by("code")] == ["ata-jurt", "ishenim", "yntymak"]
    yntymak = election.parties.get(code="yntymak")
    assert (yntymak.name_ky, yntymak.name_ru, yntymak.name_en) == ("Ынтымак", "Единство", "Unity")
    assert Candidate.objects.filter(party__election=election).count() == 7
    assert Account.objects.get(number="1280016012345678").fund.code == "ishenim"


def test_candidates_get_a_script_insensitive_name_key(election_folder: Path) -> None:
    call_command("load_election", str(election_folder))
    omurbekov = Candidate.objects.get(surname="Өмүрбеков")
    assert omurbekov.name_key == "omurbekov chiniz bakit ulu"


def test_programme_text_is_extracted_for_search(election_folder: Path) -> None:
    call_command("load_election", str(election_folder))
    party = Party.objects.get(code="ata-jurt")
    assert "Чыңгыз Айтматовдун мурасын" in party.programme_text
    assert party.programme.read().startswith(b"%PDF-")
    assert len(party.programme_sha256) == 64


def test_loading_the_same_folder_twice_changes_nothing(election_folder: Path) -> None:
    call_command("load_election", str(election_folder))
    before = database_state()
    call_command("load_election", str(election_folder))
    assert database_state() == before


def test_a_changed_folder_updates_in_place_and_keeps_the_ballot_order(
    election_folder: Path,
) -> None:
    call_command("load_election", str(election_folder))
    Party.objects.filter(code="ishenim").update(ballot_position=1)
    ishenim_pk = Party.objects.get(code="ishenim").pk
    rewrite(election_folder / "parties.csv", "Ишеним,Ишеним,Ishenim", "Ишеним,Доверие,Trust")
    lines = (election_folder / "candidates.csv").read_text(encoding="utf-8").splitlines()
    (election_folder / "candidates.csv").write_text(
        "\n".join(line for line in lines if "Иванов" not in line) + "\n", encoding="utf-8"
    )

    call_command("load_election", str(election_folder))

    ishenim = Party.objects.get(code="ishenim")
    assert (ishenim.pk, ishenim.name_ru, ishenim.name_en) == (ishenim_pk, "Доверие", "Trust")
    assert ishenim.ballot_position == 1
    assert not Candidate.objects.filter(surname="Иванов").exists()
    assert AuditEvent.objects.filter(action="election.loaded").count() == 2


def test_two_lists_may_name_one_person_and_a_malformed_pin_loads(
    election_folder: Path, django_capture_on_commit_callbacks: Any
) -> None:
    """Parties submit their lists separately: both lists load and screening finds the
    person on each (CANDIDATE_ON_TWO_LISTS); a malformed PIN is screened, not refused."""
    path = election_folder / "candidates.csv"
    text = path.read_text("utf-8").replace("10311198500456", "1031119850045")
    text += "ishenim,3,21005197800123,Ташиев,Камчыбек,Асанович,1978-05-10,M,Бишкек\n"
    path.write_text(text, "utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_election", str(election_folder))
    pins = Candidate.objects.filter(pin="21005197800123")
    assert sorted(pins.values_list("party__code", "position")) == [("ata-jurt", 1), ("ishenim", 3)]
    assert Candidate.objects.get(pin="1031119850045").position == 2
    # The load screens the election once it commits: the person on both lists, on each.
    found = Finding.objects.filter(source="candidate", active=True)
    assert set(found.filter(rule="CANDIDATE_ON_TWO_LISTS").values_list("fund__code", "line")) == {
        ("ata-jurt", "1"),
        ("ishenim", "3"),
    }
    unknown = found.get(rule="CANDIDATE_PIN_UNKNOWN", fund__code="ata-jurt", line="2")
    assert unknown.evidence["well_formed"] is False


def test_a_yaml_definition_is_accepted(election_folder: Path) -> None:
    data = json.loads((election_folder / "election.json").read_text(encoding="utf-8"))
    (election_folder / "election.json").unlink()
    import yaml

    (election_folder / "election.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True), encoding="utf-8"
    )
    call_command("load_election", str(election_folder))
    assert Election.objects.get().name_en == "Jogorku Kenesh election 2026"


BAD_INPUT = [
    pytest.param(
        "election.json",
        '"kind": "parliamentary",',
        '"kind": "parliamentary"',
        r"election\.json, line 4: not valid JSON",
        id="malformed-json",
    ),
    pytest.param(
        "election.json",
        '"election_day": "2026-11-29"',
        '"election_day": "2026-02-30"',
        r"election\.json, line 10, column election_day: '2026-02-30' is not a date "
        r"that exists",
        id="impossible-date-in-json",
    ),
    pytest.param(
        "election.json",
        '"individual_cap_ci": 2000',
        '"individual_cap_ci": 2000.5',
        r"election\.json, line 13, column rules\.individual_cap_ci: 2000\.5 is not a "
        r"whole number",
        id="bad-rule-parameter",
    ),
    pytest.param(
        "election.json",
        '"threshold_percent"',
        '"threshold_pct"',
        r"column rules\.threshold_pct: unknown parameter",
        id="unknown-rule-parameter",
    ),
    pytest.param(
        "candidates.csv",
        "party_code,position,pin,",
        "party_code,position,personal_no,",
        r"candidates\.csv, line 1, column pin: required column is missing",
        id="missing-column",
    ),
    pytest.param(
        "candidates.csv",
        "10311198500456",
        "10311198500456" + "9" * 19,
        r"candidates\.csv, line 3, column pin: 33 characters: not a PIN \(14 digits\)",
        id="pin-too-long-to-be-any-identifier",
    ),
    pytest.param(
        "candidates.csv",
        "20101199000789",
        "21005197800123",
        r"candidates\.csv, line 4, column pin: this PIN already stands on line 2 of the same "
        r"list: a person may stand only once on a list",
        id="one-person-twice-on-one-list",
    ),
    pytest.param(
        "candidates.csv",
        "ata-jurt,3,",
        "ata-jurt,2,",
        r"candidates\.csv, line 4, column position: position 2 of 'ata-jurt' appears "
        r"twice \(first on line 3\)",
        id="duplicate-list-position",
    ),
    pytest.param(
        "candidates.csv",
        "yntymak,2,",
        "yntymaq,2,",
        r"candidates\.csv, line 8, column party_code: unknown party code 'yntymaq'",
        id="unknown-party-code",
    ),
    pytest.param(
        "candidates.csv",
        "1991-09-09",
        "1991-02-30",
        r"candidates\.csv, line 8, column birth_date: '1991-02-30' is not a date that "
        r"exists",
        id="non-existent-date",
    ),
    pytest.param(
        "candidates.csv",
        ",1979-12-25,M,",
        ",1979-12-25,X,",
        r"candidates\.csv, line 6, column sex: 'X' is not M or F",
        id="bad-sex",
    ),
    pytest.param(
        "parties.csv",
        "2015-02-03",
        "03.02.2015",
        r"parties\.csv, line 3, column founded: '03\.02\.2015' is not a date written "
        r"as YYYY-MM-DD",
        id="non-iso-date",
    ),
    pytest.param(
        "accounts.csv",
        "ishenim,Элдик",
        "ishenm,Элдик",
        r"accounts\.csv, line 3, column fund: unknown fund 'ishenm'",
        id="unknown-fund",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "message"), BAD_INPUT)
def test_bad_input_is_refused_and_changes_nothing(
    election_folder: Path, file: str, old: str, new: str, message: str
) -> None:
    call_command("load_election", str(election_folder))
    Party.objects.filter(code="ata-jurt").update(name_en="Changed since")  # make any reload visible
    before = database_state()
    rewrite(election_folder / file, old, new)
    rewrite(election_folder / "parties.csv", "Ata-Jurt Kyrgyzstan", "Ata-Jurt")

    with pytest.raises(CommandError, match=message):
        call_command("load_election", str(election_folder))

    assert database_state() == before


def test_a_file_that_is_not_utf8_is_refused(election_folder: Path) -> None:
    path = election_folder / "candidates.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1251", errors="replace"))
    with pytest.raises(CommandError, match=r"candidates\.csv, line 2: the file is not UTF-8"):
        call_command("load_election", str(election_folder))
    assert not Election.objects.exists()


def test_a_programme_that_is_not_a_pdf_is_refused(election_folder: Path) -> None:
    (election_folder / "programmes" / "ishenim.pdf").write_bytes(b"<html>not a pdf</html>")
    with pytest.raises(CommandError, match=r"ishenim\.pdf: the programme is not a PDF file"):
        call_command("load_election", str(election_folder))
    assert not Election.objects.exists()


def test_a_programme_for_an_unknown_party_is_refused(election_folder: Path) -> None:
    (election_folder / "programmes" / "ata-jurt.pdf").rename(
        election_folder / "programmes" / "nobody.pdf"
    )
    with pytest.raises(CommandError, match=r"nobody\.pdf: programme for unknown party"):
        call_command("load_election", str(election_folder))


def test_a_failure_during_the_write_rolls_everything_back(
    election_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from talapker.elections import services

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_store_programme", explode)
    with pytest.raises(RuntimeError):
        call_command("load_election", str(election_folder))
    assert not Election.objects.exists()
    assert not Candidate.objects.exists()
    assert not AuditEvent.objects.exists()
