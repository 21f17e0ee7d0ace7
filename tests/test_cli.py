"""The installed `talapker` command: contract names with hyphens, and a failing command
exits non-zero with one line on stderr."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

TALAPKER = shutil.which("talapker") or str(Path(sys.executable).parent / "talapker")


def run(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TALAPKER_HOME": str(home), "DJANGO_SETTINGS_MODULE": ""}
    env.pop("DJANGO_SETTINGS_MODULE")
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        [TALAPKER, *args], capture_output=True, text=True, env=env, timeout=120, check=False
    )


@pytest.mark.parametrize(
    "command",
    [
        "demo",
        "serve",
        "migrate",
        "generate",
        "load-election",
        "import-register",
        "audit-verify",
        "import-precincts",
        "import-abroad",
        "import-protocols",
        "results",
        "backup",
        "restore",
        "screen",
        "file-report",
        "import-statement",
        "check-statement",
        "import-ads",
        "draw-ballot-order",
        "verify-draw",
        "export-bulk",
    ],
)
def test_every_contract_command_has_help(command: str, tmp_path: Path) -> None:
    result = run(command, "--help", home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: talapker")


def test_a_bad_folder_fails_with_one_line_and_changes_nothing(
    tmp_path: Path, election_folder: Path
) -> None:
    assert run("migrate", home=tmp_path).returncode == 0
    (election_folder / "candidates.csv").write_text(
        "party_code,position,pin\nata-jurt,1,123\n", encoding="utf-8"
    )
    result = run("load-election", str(election_folder), home=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "CommandError: candidates.csv, line 1, column surname: required column is missing"
    ]
    assert run("dumpdata", "elections", "candidates", home=tmp_path).stdout.strip() == "[]"
