from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from gunicorn.app.base import BaseApplication


class Gunicorn(BaseApplication):  # type: ignore[misc]
    """gunicorn serving the platform, configured from a dict rather than its command line."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from django.core.wsgi import get_wsgi_application

        return get_wsgi_application()  # talapker.wsgi's, without importing the project's shell


def serve(host: str, port: int, workers: int) -> None:
    """Collect static files, sweep what a crash left of stored files (core/sweep.py), start
    the queue's consumer, then serve the platform with gunicorn until interrupted (the
    consumer stops with it)."""
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("sweep_files")
    consumer = subprocess.Popen([sys.executable, "-m", "talapker.cli", "run_huey", "--quiet"])
    try:
        _run_gunicorn(host, port, workers)
    finally:
        consumer.terminate()
        try:
            consumer.wait(timeout=30)
        except subprocess.TimeoutExpired:  # mid-task (a national screening): not left orphaned
            consumer.kill()
            consumer.wait()


def gunicorn_options(host: str, port: int, workers: int) -> dict[str, Any]:
    """gunicorn's settings for this instance.

    The control socket (for `gunicornc`) goes in `TALAPKER_HOME`: gunicorn's default,
    `~/.gunicorn/gunicorn.ctl`, is one path for every instance the same user runs, so a
    second instance would take over the first one's.
    """
    return {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": 4,
        "worker_class": "gthread",
        "timeout": 60,
        "accesslog": "-",
        "raw_env": [f"DJANGO_SETTINGS_MODULE={os.environ['DJANGO_SETTINGS_MODULE']}"],
        "control_socket": str(Path(settings.HOME) / "gunicorn.ctl"),
        "control_socket_mode": 0o600,
    }


def _run_gunicorn(host: str, port: int, workers: int) -> None:
    Gunicorn(gunicorn_options(host, port, workers)).run()


IN_MEMORY = Path("/dev/shm")  # noqa: S108 - a private folder is made in it (mkdtemp, 0700)


def metrics_folder_prepare() -> Path | None:
    """Every gunicorn worker counts its requests in files of one folder, and /metrics sums
    them all (core/metrics.py); a folder an operator named is kept and used as it is.

    Otherwise a new private folder in memory (/dev/shm) where the system has it, removed when
    the server stops: prometheus_client maps these files into memory and grows them as
    sparse files, so on a full disk a worker touching a new page would die of SIGBUS (seen
    by faults/harness.py), and a folder in memory never meets a full disk. Where there is no
    such place, `$TALAPKER_HOME/metrics`, emptied at start. Returns the folder to remove."""
    if "PROMETHEUS_MULTIPROC_DIR" in os.environ:
        return None
    made: Path | None = None
    if IN_MEMORY.is_dir() and os.access(IN_MEMORY, os.W_OK):
        folder = made = Path(tempfile.mkdtemp(prefix="talapker-metrics-", dir=IN_MEMORY))
    else:
        folder = Path(settings.HOME) / "metrics"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(mode=0o700)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(folder)
    return made


def pending_migrations() -> list[str]:
    """The migrations this version has and the database has not applied, in order."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


class Command(BaseCommand):
    help = "Serves the platform with gunicorn, a production-grade WSGI server."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2)

    def execute(self, *args: Any, **options: Any) -> Any:
        made = metrics_folder_prepare()  # before the checks import prometheus_client
        try:
            return super().execute(*args, **options)
        finally:
            if made is not None:
                shutil.rmtree(made, ignore_errors=True)

    def handle(self, *args: Any, host: str, port: int, workers: int, **options: Any) -> None:
        behind = pending_migrations()
        if behind:
            # Served as it is, every page reading a new table or column would answer 500.
            raise CommandError(
                f"the database is {len(behind)} migration(s) behind this version "
                f"(first: {behind[0]}); run `talapker migrate`, then serve"
            )
        self.stdout.write(f"Talapker on http://{host}:{port}/ (Ctrl+C stops it)")
        serve(host, port, workers)
