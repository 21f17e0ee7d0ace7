"""The load benchmark still runs: a tiny national election, every question, both servers.

It builds 2 funds of 100 contributions, serves them with `talapker serve` (and Datasette,
when the `bench` group is installed), and loads each for half a second. The benchmark
checks its answers itself (the same row counts from the API, Datasette and sqlite3) and
exits non-zero when they differ, so a change of the API or of the tables that Datasette's
SQL reads fails here rather than on the day someone runs it at full size.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATASETTE = importlib.util.find_spec("datasette") is not None


@pytest.mark.slow
def test_the_load_benchmark_runs_tiny_and_checks_its_answers(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    done = subprocess.run(
        [
            sys.executable, "benchmarks/api_load.py", "--contributions", "200", "--funds", "2",
            "--seconds", "0.5", "--connections", "2", "--no-demo", "--keep-home", str(tmp_path),
        ],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "errors on" not in done.stdout, done.stdout  # every request answered 200
    table = done.stdout.split("\nquestion", 1)[1]
    served = [line for line in table.splitlines() if re.match(r"[12]\. .* talapker +[\d,]+ ", line)]
    assert len(served) == 2, table  # parties and a page of contributions, each loaded
    assert "1. parties (national)" in table
    assert "3. CSV of 200 contributions" in table
    assert "sqlite3" in table  # the floor: the CLI, or Python's sqlite3 where it is missing
    if DATASETTE:
        assert "datasette" in table, table
    else:  # Datasette comes with `uv sync --group bench` (scripts/install.sh installs it)
        assert "Datasette is not installed" in done.stdout


@pytest.mark.slow
def test_the_statement_parsing_benchmark_runs_tiny_and_reads_every_line() -> None:
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    done = subprocess.run(
        [sys.executable, "benchmarks/statement_parsing.py", "--smoke"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]  # every line read
    for label in ("MT940", "camt.053", "defusedxml SAX pass", "regex tag split", "peak"):
        assert label in done.stdout, done.stdout


@pytest.mark.slow
def test_the_election_night_benchmark_runs_tiny_and_finds_the_tally_exact() -> None:
    """40 protocols from 4 senders through `talapker serve`: every one acknowledged, the
    running tally equal to the recount and to the sums sent. On PostgreSQL when the suite
    runs there (DATABASE_URL), in a database of its own on the same server."""
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    argv = [sys.executable, "benchmarks/election_night.py", "--protocols", "40", "--senders", "4"]
    url = os.environ.get("DATABASE_URL", "")
    database = ""
    if url.startswith(("postgres://", "postgresql://")):
        database = f"talapker_bench_night_{os.getpid()}"
        argv += ["--database-url", f"{url.rsplit('/', 1)[0]}/{database}"]
    try:
        done = subprocess.run(
            argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
        )
    finally:
        if database:
            subprocess.run(
                ["psql", f"{url.rsplit('/', 1)[0]}/postgres", "-qc",
                 f"DROP DATABASE IF EXISTS {database}"], check=False, capture_output=True,
            )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert ("PostgreSQL" if database else "SQLite") in done.stdout
    assert "running = recount: True" in done.stdout, done.stdout
    assert "equal to the sums sent: True" in done.stdout, done.stdout
    assert "every protocol acknowledged: yes" in done.stdout, done.stdout


@pytest.mark.slow
def test_the_election_week_benchmark_runs_tiny_and_every_class_is_answered() -> None:
    """A small election (`--smoke`) under `talapker serve`, every class of the mix asked in
    turn: each answered 200 with what it must show (the benchmark exits non-zero on a 5xx
    or a wrong answer)."""
    dropped = ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")  # SQLite, which the benchmark reads
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    done = subprocess.run(
        [
            sys.executable, "benchmarks/election_week.py", "--smoke", "--rate", "20",
            "--seconds", "2", "--baseline-seconds", "1", "--cpu-samples", "1",
            "--connections", "4", "--loaders", "1", "--workers", "1",
        ],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    classes = int(re.search(r"each of the (\d+) classes answered right", done.stdout)[1])  # type: ignore[index]
    rows = re.findall(r"^(.{19}) +(\d+) +[\d.]+/[\d.]+ .*?  (.*)$", done.stdout, re.M)
    asked = {name.strip(): (int(n), notes) for name, n, notes in rows}
    assert len(asked) == classes + 2, done.stdout  # the baseline, every class, the total
    for name, (requests, notes) in asked.items():
        assert requests >= 1, name  # asked, and answered 200 (any other status is noted)
        assert not re.search(r"\b\d{3}: |wrong|Error", notes), (name, notes)
