"""Backup and restore (core/backup.py): the restore drill of docs/runbooks/backup-restore.md.

The sample election with a filed report (and its scan) and an imported statement is screened,
backed up from the test's database, restored by the installed `talapker` into a fresh one
(a new SQLite file, or a new database on the same PostgreSQL server), and screened again
there: the findings are the same, the audit chain holds, the stored files are back."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from talapker.audit.models import AuditEvent
from talapker.banking.services import statement_import
from talapker.banking.tests import money
from talapker.banking.tests.scenario import SAMPLES
from talapker.compliance.engine import findings_data, screen
from talapker.core import backupdb
from talapker.core.backup import backup_check
from talapker.filings.formats.model import Upload
from talapker.filings.services import report_file
from talapker.filings.tests.conftest import CORPUS

pytestmark = pytest.mark.django_db(transaction=True)

TALAPKER = shutil.which("talapker") or str(Path(sys.executable).parent / "talapker")


@pytest.fixture
def filed(fund):  # type: ignore[no-untyped-def]
    """The election with a report (and its scan) filed and a statement imported, screened."""
    statement_import(
        "statement.csv", (SAMPLES / "statement.csv").read_bytes(), actor="test", channel="cli"
    )
    scan = Upload("scan.pdf", (CORPUS / "pdf" / "clean_scan.pdf").read_bytes())
    report_file(
        fund, "interim", *money.PERIOD, money.REPORT, channel="cli", actor="test", scan=scan
    )
    screen(fund.election)
    return fund.election


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[dict[str, str]]:
    """The environment of a `talapker` process on a fresh, empty database of the same kind."""
    home = tmp_path / "fresh-home"
    env = {**os.environ, "TALAPKER_HOME": str(home)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    if connection.vendor == "sqlite":
        env.pop("DATABASE_URL", None)
        yield env
        return
    url = urlsplit(os.environ["DATABASE_URL"])
    name = f"talapker_drill_{uuid.uuid4().hex[:12]}"
    server = urlunsplit(url._replace(path="/postgres"))
    _psql(server, f"CREATE DATABASE {name}")
    try:
        yield {**env, "DATABASE_URL": urlunsplit(url._replace(path=f"/{name}"))}
    finally:
        _psql(server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _psql(url: str, sql: str) -> None:
    subprocess.run(["psql", url, "-qc", sql], check=True, capture_output=True, timeout=60)


def talapker(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [TALAPKER, *args], capture_output=True, text=True, env=env, timeout=120, check=False
    )


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_a_restored_backup_screens_to_the_same_findings(
    filed, fresh: dict[str, str], tmp_path: Path
) -> None:
    expected = json.loads(json.dumps(findings_data(filed)))
    assert expected, "the drill needs findings to compare"
    backup = tmp_path / "talapker.tar"
    call_command("backup", str(backup))
    manifest = backup_check(backup)
    assert manifest["vendor"] == connection.vendor
    assert any(name.startswith("files/private/") for name in manifest["members"])

    restored = talapker(fresh, "restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    verified = talapker(fresh, "audit-verify")
    assert verified.returncode == 0, verified.stderr
    assert f" {AuditEvent.objects.count()} events" in verified.stdout
    screened = talapker(fresh, "screen", "--election", filed.code, "--json")
    assert screened.returncode == 0, screened.stderr
    assert json.loads(screened.stdout) == expected
    home = Path(fresh["TALAPKER_HOME"])
    assert tree(home / "private") == tree(Path(settings.PRIVATE_ROOT))


def test_a_damaged_backup_changes_nothing(filed, fresh: dict[str, str], tmp_path: Path) -> None:
    backup = tmp_path / "talapker.tar"
    call_command("backup", str(backup))
    data = bytearray(backup.read_bytes())
    data[2048] ^= 0xFF  # inside the first member's content
    backup.write_bytes(bytes(data))
    assert talapker(fresh, "migrate").returncode == 0
    failed = talapker(fresh, "restore", str(backup))
    assert failed.returncode == 1
    assert failed.stderr.strip().splitlines() == [
        f"CommandError: {backup} is damaged: database.{_suffix()} does not match the manifest"
    ]
    assert "0 events" in talapker(fresh, "audit-verify").stdout


def test_a_database_with_data_is_kept_unless_forced(filed, tmp_path: Path) -> None:
    backup = tmp_path / "talapker.tar"
    call_command("backup", str(backup))
    with pytest.raises(CommandError, match="the database holds data; restore over it with --force"):
        call_command("restore", str(backup))


def test_a_backup_never_overwrites_a_file(filed, tmp_path: Path) -> None:
    backup = tmp_path / "talapker.tar"
    backup.write_bytes(b"keep")
    with pytest.raises(CommandError, match="exists; name a new file or a folder"):
        call_command("backup", str(backup))
    assert backup.read_bytes() == b"keep"
    call_command("backup", str(tmp_path))  # a folder: a new timestamped file in it
    assert len(list(tmp_path.glob("talapker-*.tar"))) == 1
    assert not list(tmp_path.glob(".*partial"))


def test_a_missing_postgresql_client_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backupdb.shutil, "which", lambda name: None)
    with pytest.raises(backupdb.BackupError, match="pg_dump not found on PATH"):
        backupdb._run(["pg_dump", "--version"])


def _suffix() -> str:
    return "sqlite3" if connection.vendor == "sqlite" else "pgdump"
