"""The data folder and its files are the owner's alone (issue 9, item 7): a fresh folder is
0700 with 0600 files, one from an earlier version is tightened, `check --deploy` warns
otherwise (talapker.W001, talapker.W002)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.checks.registry import registry

from talapker.core.checks import data_folder_private, folder_warnings
from talapker.core.permissions import home_protect


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def loose_umask() -> Iterator[None]:
    """The umask most shells give: 0644 files, 0755 folders."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def talapker(home: Path, *args: str, production: bool = False) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TALAPKER_HOME": str(home)}
    env.pop("DATABASE_URL", None)
    env.pop("TALAPKER_SECRET_KEY", None)  # the test settings' key: the folder keeps its own
    env.pop("TALAPKER_PSEUDONYM_KEY", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests' conftest
    env["DJANGO_SETTINGS_MODULE"] = "talapker.settings.default"
    if production:
        env["DJANGO_SETTINGS_MODULE"] = "talapker.settings.production"
        env["TALAPKER_SECRET_KEY"] = "a-production-like-key-" + "x" * 40
        env["TALAPKER_PSEUDONYM_KEY"] = "a-production-like-pseudonym-key-" + "y" * 32
    return subprocess.run(
        [sys.executable, "-m", "talapker.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_a_fresh_data_folder_is_0700_and_its_files_0600(tmp_path: Path, loose_umask) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "new" / "home"
    done = talapker(home, "migrate", "-v0")
    assert done.returncode == 0, done.stderr
    assert mode(home) == 0o700
    for name in ("talapker.sqlite3", "queue.sqlite3", "secret_key", "pseudonym_key"):
        assert mode(home / name) == 0o600, name
    assert mode(home / "static") == 0o700


def test_a_folder_from_an_earlier_version_is_tightened(tmp_path: Path, loose_umask) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    statements = home / "private" / "statements"
    statements.mkdir(parents=True)
    kept = [
        home / "talapker.sqlite3",
        home / "talapker.sqlite3-wal",
        home / "queue.sqlite3",
        statements / "statement.bin",
    ]
    for path in [*kept, home / "notes.txt"]:
        path.write_bytes(b"")
    assert mode(home) == 0o755 and mode(statements / "statement.bin") == 0o644

    done = talapker(home, "check")  # any command opens the folder
    assert done.returncode == 0, done.stderr

    assert mode(home) == mode(home / "private") == mode(statements) == 0o700
    assert all(mode(path) == 0o600 for path in kept)
    assert mode(home / "notes.txt") == 0o644  # not Talapker's: left as it was


def test_a_tight_folder_is_not_walked(tmp_path: Path, loose_umask) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    home_protect(home)
    (home / "private").mkdir(mode=0o700)
    inner = home / "private" / "scan.pdf"
    inner.write_bytes(b"%PDF")
    home_protect(home)  # one listing of a tight folder; what is inside is check --deploy's
    assert mode(inner) == 0o644
    assert [w.id for w in folder_warnings(home)] == ["talapker.W002"]


def test_the_check_warns_on_a_loose_folder_and_file_naming_path_and_mode(
    tmp_path: Path, loose_umask
) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    home.mkdir()
    (home / "talapker.sqlite3").write_bytes(b"")
    warnings = folder_warnings(home)
    assert [w.id for w in warnings] == ["talapker.W001", "talapker.W002"]
    assert str(home) in warnings[0].msg and "0755" in warnings[0].msg
    assert str(home / "talapker.sqlite3") in warnings[1].msg and "0644" in warnings[1].msg


def test_the_check_is_silent_when_tight(tmp_path: Path, loose_umask) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    home.mkdir()
    (home / "talapker.sqlite3").write_bytes(b"")
    home_protect(home)
    assert folder_warnings(home) == []


def test_the_check_looks_at_files_kept_outside_the_folder(tmp_path: Path, loose_umask) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    home_protect(home)
    database = tmp_path / "elsewhere.sqlite3"
    database.write_bytes(b"")
    warnings = folder_warnings(home, [database])
    assert [w.id for w in warnings] == ["talapker.W002"]
    assert str(database) in warnings[0].msg


def test_the_check_runs_with_deploy_only() -> None:
    assert data_folder_private in registry.get_checks(include_deployment_checks=True)
    assert data_folder_private not in registry.get_checks(include_deployment_checks=False)


def test_check_deploy_warns_on_a_loose_private_file_and_passes_when_tight(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    home.mkdir(mode=0o700)  # as `mktemp -d` makes it, the way CI runs the check
    clean = talapker(home, "check", "--deploy", "--fail-level", "WARNING", production=True)
    assert clean.returncode == 0, clean.stderr

    # A loose file deep inside a tight tree: the start does not walk it, the check does.
    scan = home / "private" / "scans" / "scan.pdf"
    scan.parent.mkdir(parents=True)
    for folder in (home / "private", scan.parent):
        folder.chmod(0o700)
    scan.write_bytes(b"%PDF")
    scan.chmod(0o644)
    loose = talapker(home, "check", "--deploy", "--fail-level", "WARNING", production=True)
    assert loose.returncode == 1
    assert f"(talapker.W002) {scan} is readable by other users (mode 0644)." in loose.stderr
