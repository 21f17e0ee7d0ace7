from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
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


def metrics_folder_prepare() -> None:
    """Every gunicorn worker counts its requests in files of one folder, emptied at start,
    and /metrics sums them all (core/metrics.py); a folder an operator named is kept."""
    if "PROMETHEUS_MULTIPROC_DIR" in os.environ:
        return
    folder = Path(settings.HOME) / "metrics"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(mode=0o700)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(folder)


class Command(BaseCommand):
    help = "Serves the platform with gunicorn, a production-grade WSGI server."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2)

    def execute(self, *args: Any, **options: Any) -> Any:
        metrics_folder_prepare()  # before the checks import prometheus_client (core/metrics.py)
        return super().execute(*args, **options)

    def handle(self, *args: Any, host: str, port: int, workers: int, **options: Any) -> None:
        self.stdout.write(f"Talapker on http://{host}:{port}/ (Ctrl+C stops it)")
        serve(host, port, workers)
