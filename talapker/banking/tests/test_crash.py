"""A statement import killed with SIGKILL leaves no file without its row (issue 9, item 6).

The real `talapker import-statement` runs in its own process on its own data folder, stops
at a known point (crash_driver.py) and is killed there; the folder is then examined and
swept with the real `talapker sweep-files`.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import ELECTION_SAMPLE
from talapker.banking.tests.scenario import SAMPLES

STATEMENT = SAMPLES / "statement.csv"
WATCHDOG = 300  # seconds: only ends a hung child, asserts nothing


def _env(home: Path) -> dict[str, str]:
    env = {**os.environ, "TALAPKER_HOME": str(home)}
    env.pop("DATABASE_URL", None)  # the child's own SQLite database in its own folder
    env["DJANGO_SETTINGS_MODULE"] = "talapker.settings.default"
    return env


def _talapker(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "talapker.cli", *args],
        env=_env(home),
        capture_output=True,
        text=True,
        timeout=WATCHDOG,
        check=False,
    )


@pytest.fixture(scope="module")
def loaded_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with the sample election loaded, copied by each test."""
    home = tmp_path_factory.mktemp("crash") / "home"
    for args in (("migrate", "-v0"), ("load-election", str(ELECTION_SAMPLE))):
        done = _talapker(home, *args)
        assert done.returncode == 0, done.stderr
    return home


@pytest.fixture
def home(loaded_home: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "home"
    shutil.copytree(loaded_home, copy)
    return copy


def _import_killed_at(home: Path, point: str) -> None:
    child = subprocess.Popen(
        [
            *(sys.executable, "-m", "talapker.banking.tests.crash_driver", point),
            *("import-statement", "--election", "jk-2026", str(STATEMENT)),
        ],
        env=_env(home),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    watchdog = threading.Timer(WATCHDOG, child.kill)
    watchdog.start()
    try:
        assert child.stdout is not None and child.stderr is not None
        line = child.stdout.readline()
        if line != f"paused at {point}\n":
            child.kill()
            pytest.fail(f"the import did not pause at {point}: {line!r} {child.stderr.read()}")
        child.send_signal(signal.SIGKILL)
        assert child.wait() == -signal.SIGKILL
    finally:
        watchdog.cancel()
        child.stdout.close()  # type: ignore[union-attr]
        child.stderr.close()  # type: ignore[union-attr]


def _statement_files(home: Path) -> list[str]:
    with sqlite3.connect(home / "talapker.sqlite3") as db:
        return [row[0] for row in db.execute("SELECT file FROM banking_statement")]


def _on_disk(home: Path) -> list[str]:
    root = home / "private"
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def _finals(home: Path) -> list[str]:
    """Files under a final name (not staged)."""
    return [name for name in _on_disk(home) if not Path(name).name.startswith(".")]


def test_killed_before_the_commit_no_file_has_a_final_name_and_the_sweep_removes_it(
    home: Path,
) -> None:
    _import_killed_at(home, "before-commit")
    assert _statement_files(home) == []
    assert _finals(home) == []  # a file under its final name always has its row
    assert _on_disk(home) == ["statements/.statement.bin.part"]
    journals = sorted(home.glob("talapker.sqlite3-*"))  # the killed writer's WAL and SHM
    assert [j.name for j in journals] == ["talapker.sqlite3-shm", "talapker.sqlite3-wal"]
    assert all(stat.S_IMODE(path.stat().st_mode) == 0o600 for path in journals)

    swept = _talapker(home, "sweep-files", "--older-than", "0")
    assert swept.returncode == 0, swept.stderr
    assert _on_disk(home) == []

    again = _talapker(home, "import-statement", "--election", "jk-2026", str(STATEMENT))
    assert again.returncode == 0, again.stderr
    assert "7 lines, 7 new" in again.stdout
    assert _on_disk(home) == _statement_files(home) == ["statements/statement.bin"]


def test_killed_between_the_commit_and_the_rename_the_sweep_gives_the_row_its_file(
    home: Path,
) -> None:
    _import_killed_at(home, "before-rename")
    assert _statement_files(home) == ["statements/statement.bin"]
    assert _on_disk(home) == ["statements/.statement.bin.part"]

    swept = _talapker(home, "sweep-files")  # the default grace: a committed file is no orphan
    assert swept.returncode == 0, swept.stderr
    assert "finished statements/statement.bin" in swept.stdout
    assert _on_disk(home) == _statement_files(home) == ["statements/statement.bin"]
    assert (home / "private" / "statements" / "statement.bin").read_bytes() == (
        STATEMENT.read_bytes()
    )
