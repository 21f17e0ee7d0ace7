"""A statement's file and its row are stored together or not at all (issue 9, item 6), and
the file is its owner's alone (item 7). The kill of a running import is in test_crash.py."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from talapker.banking import services
from talapker.banking.models import Statement
from talapker.banking.services import statement_import
from talapker.banking.tests.scenario import SAMPLES
from talapker.core.files import staged_path
from talapker.core.sweep import files_sweep

DATA = (SAMPLES / "statement.csv").read_bytes()


def stored() -> list[str]:
    """Every file under the private folder, as relative paths."""
    root = Path(settings.PRIVATE_ROOT)
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def _import() -> Statement:
    return statement_import("statement.csv", DATA, actor="test", channel="cli").statement


class Boom(Exception):
    pass


def _fail_after_storing(monkeypatch: pytest.MonkeyPatch) -> None:
    """The import fails after its file and row are written, before the commit."""

    def boom(*args: object, **kwargs: object) -> None:
        raise Boom

    monkeypatch.setattr(services, "audit_record", boom)


@pytest.mark.django_db(transaction=True)
def test_an_import_that_fails_after_storing_leaves_no_file(fund, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _fail_after_storing(monkeypatch)
    with pytest.raises(Boom):
        _import()
    assert not Statement.objects.exists()
    assert stored() == []


@pytest.mark.django_db
def test_a_failed_import_inside_a_callers_transaction_leaves_no_file(fund, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # pytest-django's own transaction is the caller's here: the import's savepoint rolls back.
    _fail_after_storing(monkeypatch)
    with pytest.raises(Boom):
        _import()
    assert stored() == []


@pytest.mark.django_db(transaction=True)
def test_a_committed_import_has_its_file_under_its_final_name(fund) -> None:  # type: ignore[no-untyped-def]
    record = _import()
    assert stored() == [record.file.name]
    assert record.file.name.startswith("statements/statement")
    with record.file.open("rb") as handle:
        assert handle.read() == DATA


@pytest.mark.django_db
def test_before_the_commit_the_row_reads_its_staged_file(fund) -> None:  # type: ignore[no-untyped-def]
    record = _import()  # inside the test's transaction: the rename waits for a commit
    final = Path(settings.PRIVATE_ROOT) / record.file.name
    assert not final.exists() and staged_path(final).exists()
    with record.file.open("rb") as handle:
        assert handle.read() == DATA
    assert record.file.size == len(DATA)


@pytest.mark.django_db
def test_two_statements_pending_together_get_two_names(fund) -> None:  # type: ignore[no-untyped-def]
    first = _import()
    other = DATA.replace(b"KG25100900007", b"KG25100900099")
    second = statement_import("other.csv", other, actor="test", channel="cli").statement
    assert first.file.name != second.file.name
    assert second.file.open("rb").read() == other


@pytest.mark.django_db(transaction=True)
def test_stored_files_and_folders_are_the_owners_alone(fund) -> None:  # type: ignore[no-untyped-def]
    previous = os.umask(0o022)  # what a process started some other way would have
    try:
        record = _import()
    finally:
        os.umask(previous)
    path = Path(settings.PRIVATE_ROOT) / record.file.name
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


# The sweep ---------------------------------------------------------------------------------


def _age(path: Path, hours: float) -> None:
    then = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=hours)).timestamp()
    os.utime(path, (then, then))


def _orphans() -> tuple[Path, Path, Path]:
    folder = Path(settings.PRIVATE_ROOT) / "statements"
    folder.mkdir(parents=True, exist_ok=True)
    old = folder / "statement_orphan.bin"
    old_staged = staged_path(folder / "statement_killed.bin")
    young = folder / "statement_young.bin"
    for path in (old, old_staged, young):
        path.write_bytes(b"21503198500123")
    _age(old, 2)
    _age(old_staged, 2)
    return old, old_staged, young


@pytest.mark.django_db(transaction=True)
def test_the_sweep_removes_old_unreferenced_files_and_keeps_the_rest(fund) -> None:  # type: ignore[no-untyped-def]
    record = _import()
    _age(Path(settings.PRIVATE_ROOT) / record.file.name, 5)
    _orphans()
    swept = files_sweep()
    assert sorted(swept.removed) == [
        "statements/.statement_killed.bin.part",
        "statements/statement_orphan.bin",
    ]
    assert swept.kept_young == 1
    assert stored() == sorted([record.file.name, "statements/statement_young.bin"])


@pytest.mark.django_db(transaction=True)
def test_the_sweep_finishes_the_rename_of_a_committed_row(fund) -> None:  # type: ignore[no-untyped-def]
    record = _import()
    final = Path(settings.PRIVATE_ROOT) / record.file.name
    final.rename(staged_path(final))  # as if killed between the commit and the rename
    _age(staged_path(final), 5)
    swept = files_sweep()
    assert swept.published == [record.file.name]
    assert swept.removed == []
    assert stored() == [record.file.name]


@pytest.mark.django_db(transaction=True)
def test_sweep_files_command_dry_run_changes_nothing(fund, capsys) -> None:  # type: ignore[no-untyped-def]
    old, old_staged, young = _orphans()
    call_command("sweep_files", "--dry-run")
    out = capsys.readouterr().out
    assert "would remove statements/statement_orphan.bin" in out
    assert old.exists() and old_staged.exists() and young.exists()
    call_command("sweep_files", "--older-than", "0")
    assert stored() == []


@pytest.mark.django_db(transaction=True)
def test_serve_sweeps_before_it_serves(fund, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    from talapker.core.management.commands import serve

    _orphans()
    served = []
    monkeypatch.setattr(serve, "_run_gunicorn", lambda *args: served.append(stored()))
    monkeypatch.setattr(serve.subprocess, "Popen", lambda *a, **kw: _NoConsumer())
    command = serve.call_command  # all but collectstatic, slow and beside the point here
    monkeypatch.setattr(
        serve, "call_command", lambda name, *a, **kw: name != "collectstatic" and command(name)
    )
    serve.serve("127.0.0.1", 0, 1)
    assert served == [["statements/statement_young.bin"]]
    assert "removed 2 orphaned files" in capsys.readouterr().out


class _NoConsumer:
    def terminate(self) -> None:
        pass

    def wait(self, timeout: float) -> int:
        return 0
