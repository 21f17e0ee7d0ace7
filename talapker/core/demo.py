"""The demonstration election: generated once into the data directory, then loaded.

Every step is idempotent, so `talapker demo` may run any number of times.
"""

from __future__ import annotations

import secrets
import shutil
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

from talapker.elections.services import election_load
from talapker.generator import generate
from talapker.registers.models import RegisterKind
from talapker.registers.services import register_import

DEMO_SEED = 2026


def demo_folder() -> Path:
    return Path(settings.HOME) / "demo-data"


def demo_prepare(say: Callable[[str], None]) -> None:
    """Migrate, generate the demo data if absent, and load it (unchanged data loads nothing)."""
    call_command("migrate", interactive=False, verbosity=0)
    folder = demo_folder()
    if not (folder / "election" / "election.json").exists():
        say(f"generating the demonstration election in {folder} ...")
        partial = folder.with_name("demo-data.partial")
        if partial.exists():
            shutil.rmtree(partial)
        generate(partial, "demo", DEMO_SEED)
        partial.rename(folder)
    for kind in RegisterKind.values:
        register_import(kind, folder / "registers" / f"{kind}.csv", imported_by="demo")
    changes = election_load(folder / "election", actor="demo")
    say("demonstration election loaded" + (f": {changes}" if changes else " (unchanged)"))


def demo_admin(say: Callable[[str], None]) -> None:
    """Create an `admin` account with a fresh password the first time, and say it once."""
    users = get_user_model()
    if users.objects.filter(is_superuser=True).exists():
        return
    password = secrets.token_urlsafe(12)
    users.objects.create_superuser("admin", "", password)
    (Path(settings.HOME) / "demo-admin-password").write_text(password + "\n")
    say(f"commission staff sign in at /ky/admin/ as 'admin' with password {password}")
