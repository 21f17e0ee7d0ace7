"""Every harness (or the named ones) for a short budget, sharing one start-up: the CI run.

    python -m fuzz --out DIR [--parallel N] [TARGET...] -- -max_total_time=3

Django's start-up takes seconds, more than a short budget, so the harnesses are imported
(and their parsers instrumented) once; then each target runs in a child process forked from
this one, `--parallel` at a time, with its seeds in DIR/<target>/seeds, its crash files in
DIR/<target>/ and libFuzzer's output in DIR/<target>/log. The flags after `--` go to every
target. The exit status is 1 if any target crashed, and a line per target says how it ended.
For long runs, with a corpus kept between runs, see scripts/fuzz.
"""

from __future__ import annotations

import argparse
import ctypes
import importlib
import os
import sys
import traceback
from pathlib import Path

TARGETS = (
    "report_csv",
    "report_xlsx",
    "report_json",
    "mt940",
    "camt053",
    "statement_csv",
    "protocols",
    "election_files",
    "registers",
    "ads",
)


def _child(target: str, out: Path, flags: list[str]) -> None:
    """Run one target in this (forked) process; never returns."""
    from fuzz.common import main

    harness = importlib.import_module(f"fuzz.{target}").HARNESS
    work = out / target
    work.mkdir(parents=True, exist_ok=True)
    log = os.open(work / "log", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(log, 1)
    os.dup2(log, 2)
    sys.argv = [f"fuzz.{target}", "--seeds", str(work / "seeds"), f"-artifact_prefix={work}/"]
    sys.argv += flags
    try:
        main(harness)  # libFuzzer ends the process when the budget is spent
    except BaseException:  # a crash, already reported by atheris or the seed report
        traceback.print_exc()
    sys.stdout.flush()
    sys.stderr.flush()
    # C's exit, not Python's: no unwinding into the parent's loop, which this process shares,
    # and libFuzzer's exit handler still runs and writes the crashing input to DIR/<target>/.
    ctypes.CDLL(None).exit(70)


def run(targets: list[str], out: Path, parallel: int, flags: list[str]) -> int:
    for target in targets:
        importlib.import_module(f"fuzz.{target}")  # start-up and instrumentation, once
    sys.stdout.flush()
    sys.stderr.flush()
    waiting = list(targets)
    running: dict[int, str] = {}
    failed = 0
    while waiting or running:
        while waiting and len(running) < parallel:
            target = waiting.pop(0)
            pid = os.fork()
            if pid == 0:
                _child(target, out, flags)
            running[pid] = target
        pid, status = os.wait()
        target = running.pop(pid)
        code = os.waitstatus_to_exitcode(status)
        failed += code != 0
        print(f"{target}: {'ok' if code == 0 else f'exit {code}'} ({out / target / 'log'})")
    return 1 if failed else 0


def main() -> None:
    args, flags = sys.argv[1:], []
    if "--" in args:
        at = args.index("--")
        args, flags = args[:at], args[at + 1 :]
    parser = argparse.ArgumentParser(prog="python -m fuzz", description=__doc__.split("\n")[0])
    parser.add_argument("targets", nargs="*", metavar="TARGET", help=", ".join(TARGETS))
    parser.add_argument("--out", type=Path, required=True, help="seeds, logs and crash files")
    parser.add_argument("--parallel", type=int, default=2, help="targets run at once")
    options = parser.parse_args(args)
    unknown = sorted(set(options.targets) - set(TARGETS))
    if unknown:
        parser.error(f"unknown target {unknown[0]} (one of: {', '.join(TARGETS)})")
    sys.exit(run(options.targets or list(TARGETS), options.out, options.parallel, flags))


if __name__ == "__main__":
    main()
