"""The demonstration election: generated once into the data directory, then loaded.

It is generated at the day of the first run, so that on any day the demo tells the same
story: a campaign that has just ended, every report due and filed before that day. Every step
is idempotent, so `talapker demo` may run any number of times; a later run, even on a later
day, changes nothing (the election keeps the dates it was generated with).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from talapker.compliance.engine import screen
from talapker.demo.ads import demo_import_ads
from talapker.demo.candidates import demo_candidate_decisions
from talapker.demo.complaints import demo_complaints
from talapker.demo.draw import demo_draw
from talapker.demo.money import demo_file_reports, demo_import_statements, demo_users
from talapker.demo.results import demo_night
from talapker.demo.reviews import demo_reviews
from talapker.demo.voters import demo_voters
from talapker.elections.models import Election
from talapker.elections.services import election_load
from talapker.generator import generate
from talapker.registers.models import RegisterKind
from talapker.registers.services import register_import

DEMO_SEED = 2026


def demo_folder() -> Path:
    return Path(settings.HOME) / "demo-data"


def demo_prepare(say: Callable[[str], None], today: dt.date | None = None) -> None:
    """Migrate, generate the demo data if absent, and load it (unchanged data loads nothing).

    `today` is the generator's reference date (default: today in Bishkek); it counts only when
    the data is generated, on the first run."""
    call_command("migrate", interactive=False, verbosity=0)
    folder = demo_folder()
    if not (folder / "election" / "election.json").exists():
        say(f"generating the demonstration election in {folder} ...")
        partial = folder.with_name("demo-data.partial")
        if partial.exists():
            shutil.rmtree(partial)
        generate(partial, "demo", DEMO_SEED, today=today or timezone.localdate())
        partial.rename(folder)
    for kind in RegisterKind.values:
        register_import(kind, folder / "registers" / f"{kind}.csv", imported_by="demo")
    changes = election_load(folder / "election", actor="demo")
    election = Election.objects.get(code=_election_code(folder))
    demo_users(election, say)
    voters = demo_voters(election, folder, say)
    drawn = demo_draw(election, say)
    lines = demo_import_statements(election, folder, say)
    filed = demo_file_reports(election, folder, say)
    ads = demo_import_ads(election, folder, say)
    # Screened now: the queue's consumer runs only while the demo serves.
    if changes or lines or filed or ads:
        run = screen(election, trigger="demo")
        say(f"screened the election: {run.found} findings")
    decided = demo_candidate_decisions(election, say)
    demo_reviews(election, say)
    night = demo_night(election, folder, say)
    demo_complaints(election, say)
    unchanged = not (changes or voters or drawn or lines or filed or ads or decided or night)
    say(
        "demonstration election loaded"
        + (f": {changes}" if changes else "")
        + (" (unchanged)" if unchanged else "")
    )


def _election_code(folder: Path) -> str:
    election = json.loads((folder / "election" / "election.json").read_text(encoding="utf-8"))
    return str(election["code"])
