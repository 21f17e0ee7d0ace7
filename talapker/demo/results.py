"""The demonstration's election night, in progress: the protocols of three precincts in
five (and of every precinct the generator planted something at: a broken control
relation, a re-sent protocol, a manual recount, an outlier) arrive when the demo is first
prepared; the rest wait in the generated folder, and

    talapker import-protocols --election <code> <demo-data>/results/protocols

completes the night (the protocols already received change nothing). Once started, the
night is left as it is: a later `talapker demo` imports nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from talapker.elections.models import Election
from talapker.generator.protocol_plants import first_arrivals
from talapker.results.files import import_protocols
from talapker.results.models import Protocol

ACTOR = "demo"


def night_files(folder: Path) -> tuple[list[Path], list[Path]]:
    """The protocol files that arrive at once and those left for later."""
    files = sorted((folder / "results" / "protocols").glob("*.json"))
    by_precinct: dict[str, list[Path]] = {}
    for path in files:
        by_precinct.setdefault(path.name.split(".")[0], []).append(path)
    planted = {str(f.get("line")) for f in _planted(folder) if f.get("source") == "protocol"}
    # Three in five, spread over the country as a night's arrivals are (not region by
    # region): the generator's own rule, which keeps its plants true over these too.
    first = first_arrivals(by_precinct)
    first |= {c for c, paths in by_precinct.items() if len(paths) > 1 or c in planted}
    now = [p for p in files if p.name.split(".")[0] in first]
    later = [p for p in files if p.name.split(".")[0] not in first]
    return now, later


def _planted(folder: Path) -> list[dict[str, object]]:
    path = folder / "planted.json"
    if not path.exists():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    return data if isinstance(data, list) else list(data.get("findings", []))


def demo_night(election: Election, folder: Path, say: Callable[[str], None]) -> bool:
    """Start election night once; return whether anything changed."""
    if not (folder / "results" / "protocols").is_dir():
        say("no protocols in the demonstration data: election night is left out")
        return False
    if Protocol.objects.filter(election=election).exists():
        return False
    now, later = night_files(folder)
    done = import_protocols(election, [(p.name, p.read_bytes()) for p in now], actor=ACTOR)
    say(
        f"election night in progress: {done.received} protocols received, "
        f"{len(later)} still to come; to complete it: talapker import-protocols "
        f"--election {election.code} {folder / 'results' / 'protocols'}"
    )
    return True
