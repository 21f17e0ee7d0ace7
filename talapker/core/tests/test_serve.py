"""`talapker serve` keeps gunicorn's control socket in TALAPKER_HOME, apart from every other
instance on the machine (gunicorn's default is one path per user, `~/.gunicorn/`), and does
not serve a database older than the code."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from talapker.core.management.commands import serve as serve_command
from talapker.core.management.commands.serve import Gunicorn, gunicorn_options


def test_the_control_socket_lives_in_talapker_home(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    options = gunicorn_options("127.0.0.1", 8000, 2)
    # gunicorn takes every option as it is given, without starting a server:
    config = Gunicorn(options).cfg
    socket = Path(config.control_socket)
    assert socket.parent == Path(settings.HOME)
    assert not config.control_socket_disable
    assert config.control_socket_mode == 0o600
    assert config.bind == ["127.0.0.1:8000"]
    assert config.workers == 2


@pytest.mark.django_db
def test_a_database_behind_the_code_is_refused_before_serving(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A data folder made by an older version (a migration not applied) would answer 500 on
    the pages that read what the migration adds: serve names the migration and stops."""
    # a folder of the test's own: serve would otherwise set the variable for this process
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    started: list[str] = []
    monkeypatch.setattr(serve_command, "serve", lambda *args: started.append("served"))
    call_command("serve")  # migrated: it serves
    assert started == ["served"]
    [(app, last)] = MigrationLoader(connection).graph.leaf_nodes("audit")
    MigrationRecorder(connection).migration_qs.filter(app=app, name=last).delete()
    with pytest.raises(CommandError, match=rf"1 migration\(s\) behind .*audit\.{last}"):
        call_command("serve")
    assert started == ["served"]
