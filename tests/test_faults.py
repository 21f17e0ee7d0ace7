"""The fault harness runs, small, on the suite's database engine, and finds nothing lost.

faults/harness.py writes reports, statements and protocols through `talapker serve` while it
kills workers and the queue's consumer with SIGKILL, fills the data directory's disk (a
loop-mounted ext4, as root) and, on PostgreSQL, stops its own server at once and starts it
again; then it checks every acknowledged write, duplicates, the tally, the audit chain and
the screen's findings against a run without faults, and exits non-zero when one fails.
On PostgreSQL the harness runs a server of its own: the suite's is never restarted.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from faults.machine import Cluster, Disk

ROOT = Path(__file__).resolve().parent.parent
POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")


@pytest.mark.slow
def test_faults_lose_nothing() -> None:
    if POSTGRES and (why := Cluster.possible()):
        pytest.skip(f"no PostgreSQL server of the harness's own here: {why}")
    env = {
        k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")
    }
    done = subprocess.run(
        [sys.executable, "faults/harness.py", "--scale", "ci", "--lanes", "4",
         "--database", "postgres" if POSTGRES else "sqlite"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip
    output = done.stdout + done.stderr[-3000:]
    assert done.returncode == 0, output
    assert "nothing lost" in done.stdout, output
    assert "FAIL" not in done.stdout, output
    injected = done.stdout.split("injected:", 1)[1]
    assert "SIGKILL worker" in injected and "SIGKILL consumer" in injected, output
    if not Disk.possible():  # root, with loop devices: the disk was filled
        assert "disk full" in injected, output
    if POSTGRES:
        assert "PostgreSQL stopped (immediate)" in injected, output
        assert "PostgreSQL started  ready" in injected, output
