"""`talapker serve` keeps gunicorn's control socket in TALAPKER_HOME, apart from every other
instance on the machine (gunicorn's default is one path per user, `~/.gunicorn/`)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

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
