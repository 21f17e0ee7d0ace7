"""Every atheris harness runs for a short budget without a crash, and really fuzzes.

One subprocess, `python -m fuzz`, starts Django once and forks a child per target, two at a
time, each fuzzing for two seconds (docs/fuzzing.md; scripts/fuzz runs the long budgets).
For each target the test checks that it ended without a crash (no exception but the
parser's documented InputError, no crash file), that it executed more inputs than its seeds
(it cannot pass by doing nothing), and that some of its seeds were read, not refused (a
harness that refused everything at the first byte would fuzz only the refusal).

It is one test, not one per target, so that the start-up is paid once on whichever worker
runs it. The generator's files are left out of the seeds here (writing them takes longer
than the whole run); the fixtures of the test suites and the banks' samples are enough.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from fuzz.__main__ import TARGETS

ROOT = Path(__file__).resolve().parent.parent
SECONDS = 2
# Inputs beyond the seeds each target must have executed: the slowest (XLSX) manages a
# hundred in its two seconds on a busy machine, a few dozen on an overloaded one.
MUTATIONS = 10
SEEDS = re.compile(r"^seeds: (\d+), read (\d+), refused (\d+)$", re.MULTILINE)
EXECUTED = re.compile(r"^stat::number_of_executed_units: *(\d+)$", re.MULTILINE)


@pytest.mark.slow
def test_every_harness_fuzzes_its_parser_without_a_crash(tmp_path: Path) -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DJANGO_SETTINGS_MODULE", "TALAPKER_FUZZ_GENERATED")
    }
    env["TMPDIR"] = str(tmp_path)  # the harnesses' temporary folders end with the test
    out = tmp_path / "fuzz"
    done = subprocess.run(
        [sys.executable, "-m", "fuzz", "--out", str(out), "--parallel", "2", "--",
         f"-max_total_time={SECONDS}", "-print_final_stats=1", "-timeout=20"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=240, check=False,
    )  # fmt: skip
    ended = dict(re.findall(r"^(\w+): (.*) \(", done.stdout, re.MULTILINE))
    assert sorted(ended) == sorted(TARGETS), done.stdout[-2000:] + done.stderr[-3000:]
    for target in TARGETS:
        log = (out / target / "log").read_text(errors="replace")
        tail = f"{target}:\n{log[-4000:]}"
        assert ended[target] == "ok", tail
        assert not list((out / target).glob("crash-*")), tail
        assert not list((out / target).glob("timeout-*")), tail
        seeds = SEEDS.search(log)
        assert seeds, tail
        given, read, refused = map(int, seeds.groups())
        assert read >= 1, f"{target}: no seed reaches the parser's success path\n{tail}"
        assert given == read + refused
        executed = EXECUTED.search(log)
        assert executed, tail
        assert int(executed.group(1)) >= given + MUTATIONS, tail
    assert done.returncode == 0, done.stdout[-2000:]
