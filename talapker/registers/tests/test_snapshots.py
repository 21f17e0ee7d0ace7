"""A snapshot replaces the previous one whole, atomically, and importing it again is a no-op."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from talapker.audit.models import AuditEvent
from talapker.core.errors import InputError
from talapker.registers import reader
from talapker.registers.models import Person, RegisterSnapshot
from talapker.registers.selectors import snapshot_current, snapshot_list
from talapker.registers.services import register_import
from talapker.registers.tests.conftest import sample, sample_lines, table_state, with_value

ROOT = Path(__file__).resolve().parents[3]


def population_of(*pins_to_keep: str) -> str:
    lines = sample_lines("population")
    return "\n".join([lines[0], *(line for line in lines[1:] if line[:14] in pins_to_keep)]) + "\n"


@pytest.mark.django_db
def test_a_new_snapshot_replaces_the_old_one_entirely(write_file) -> None:
    register_import("population", sample("population"))
    smaller = write_file("population", population_of("21611195900123", "10803198500417"))

    snapshot = register_import("population", smaller)

    assert sorted(Person.objects.values_list("pin", flat=True)) == [
        "10803198500417",
        "21611195900123",
    ]
    assert snapshot_current("population") == snapshot
    assert snapshot.row_count == 2
    assert [s.row_count for s in snapshot_list("population")] == [2, 11]


@pytest.mark.django_db
def test_importing_the_current_file_again_changes_nothing() -> None:
    first = register_import("population", sample("population"))
    state = table_state(Person)

    again = register_import("population", sample("population"))

    assert again == first
    assert RegisterSnapshot.objects.count() == 1
    assert table_state(Person) == state


@pytest.mark.django_db
def test_a_full_reimport_of_the_same_file_gives_the_same_rows(write_file) -> None:
    register_import("population", sample("population"))
    state = table_state(Person)
    register_import("population", write_file("population", population_of("21611195900123")))

    register_import("population", sample("population"))

    assert table_state(Person) == state
    assert RegisterSnapshot.objects.count() == 3


@pytest.mark.django_db
def test_registers_are_independent_snapshots() -> None:
    register_import("population", sample("population"))
    register_import("diplomas", sample("diplomas"))

    assert snapshot_current("population").row_count == 11
    assert snapshot_current("diplomas").row_count == 4
    assert snapshot_current("founders") is None


@pytest.mark.django_db(transaction=True)
def test_a_refused_file_rolls_back_rows_already_inserted(write_file, monkeypatch) -> None:
    """Batches of 3 rows, the bad value on the last line: three batches were written to
    the table before the refusal, in a real transaction that is then rolled back."""
    monkeypatch.setattr(reader, "BATCH", 3)
    first = register_import("population", sample("population"))
    before = table_state(Person)
    bad = write_file("population", with_value("population", 12, "sex", "X"))

    with pytest.raises(InputError, match=r"population.csv, line 12, column sex: 'X' is not"):
        register_import("population", bad)

    assert table_state(Person) == before
    assert list(RegisterSnapshot.objects.all()) == [first]
    assert not connection.in_atomic_block


@pytest.mark.django_db(transaction=True)
def test_a_duplicate_found_by_the_database_rolls_everything_back(write_file) -> None:
    first = register_import("population", sample("population"))
    before = table_state(Person)
    bad = write_file("population", with_value("population", 12, "pin", "23003197700451"))

    with pytest.raises(InputError, match=r"line 12, column pin: .* \(first on line 11\)"):
        register_import("population", bad)

    assert table_state(Person) == before
    assert list(RegisterSnapshot.objects.all()) == [first]
    # The secondary indexes dropped for the load are back.
    indexes = connection.introspection.get_constraints(connection.cursor(), "registers_person")
    assert "registers_person_pin_unique" in indexes
    assert "registers_person_name_key" in indexes


@pytest.mark.django_db
def test_the_command_imports_and_reports(capsys) -> None:
    call_command("import_register", "diplomas", str(sample("diplomas")))

    assert "diplomas: 4 rows from diplomas.csv" in capsys.readouterr().out


@pytest.mark.django_db
def test_the_command_fails_with_the_one_line_reason(write_file) -> None:
    bad = write_file("diplomas", with_value("diplomas", 3, "issued", "2010-06-31"))

    with pytest.raises(CommandError) as failed:
        call_command("import_register", "diplomas", str(bad))

    assert str(failed.value) == (
        "diplomas.csv, line 3, column issued: '2010-06-31' is not a date that exists"
    )


@pytest.mark.slow
def test_the_cli_exits_non_zero_with_one_line_on_stderr(tmp_path: Path) -> None:
    # A fresh SQLite database of its own, with the default settings of the installed command.
    env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env["TALAPKER_HOME"] = str(tmp_path)
    talapker = [sys.executable, "-c", "from talapker.cli import main; main()"]
    subprocess.run([*talapker, "migrate", "-v0"], env=env, cwd=ROOT, check=True)
    bad = tmp_path / "convictions.csv"
    bad.write_text(with_value("convictions", 2, "pin", "2040419680031"), encoding="utf-8")

    done = subprocess.run(
        [*talapker, "import-register", "convictions", str(bad)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )

    assert done.returncode != 0
    assert done.stderr.strip().splitlines() == [
        "CommandError: convictions.csv, line 2, column pin: malformed PIN '2040419680031' "
        "(14 digits: sex digit, DDMMYYYY, serial)"
    ]
    good = subprocess.run(
        [*talapker, "import-register", "convictions", str(sample("convictions"))],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert good.returncode == 0, good.stderr
    assert good.stdout.startswith("convictions: 3 rows from convictions.csv")


@pytest.mark.django_db
def test_an_import_is_recorded_in_the_audit_chain_once(tmp_path: Path) -> None:
    entities = Path(__file__).parent / "samples" / "legal_entities.csv"
    register_import("legal_entities", entities, imported_by="registrar")
    register_import("legal_entities", entities, imported_by="registrar")
    [event] = AuditEvent.objects.filter(action="register.imported")
    assert (event.actor, event.object_id, event.data["file"]) == (
        "registrar",
        "legal_entities",
        "legal_entities.csv",
    )
