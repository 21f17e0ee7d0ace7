"""Rotating the signing key: the old private key is gone, the roots it signed still verify
with its published public half, new roots are signed with the new key, and a root that the
retired key signs for a day after its retirement is named as the forgery it is."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from talapker.audit import keys
from talapker.audit.models import AuditEvent, AuditRoot, SigningKey
from talapker.audit.roots import BISHKEK, message_of, roots_seal
from talapker.audit.services import audit_verify
from talapker.audit.tests.conftest import DAY, Record

pytestmark = pytest.mark.django_db
NEXT = DAY + dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def key_file(settings: Any, tmp_path: Path) -> Path:
    settings.TALAPKER_SIGNING_KEY_FILE = str(tmp_path / "platform.pem")
    keys._create(Path(settings.TALAPKER_SIGNING_KEY_FILE))
    return Path(settings.TALAPKER_SIGNING_KEY_FILE)


def seal(monkeypatch: pytest.MonkeyPatch, today: dt.date) -> list[AuditRoot]:
    """Seal as the nightly task would, at 01:00 of `today`."""
    at = dt.datetime.combine(today, dt.time(1), tzinfo=BISHKEK)
    monkeypatch.setattr(timezone, "now", lambda: at.astimezone(dt.UTC))
    made = roots_seal(today=today)
    monkeypatch.undo()
    return made


def rotate(monkeypatch: pytest.MonkeyPatch, on: dt.date, reason: str = "a laptop lost") -> str:
    at = dt.datetime.combine(on, dt.time(9), tzinfo=BISHKEK)
    monkeypatch.setattr(timezone, "now", lambda: at.astimezone(dt.UTC))
    out = StringIO()
    call_command("rotate_signing_key", "--reason", reason, stdout=out)
    monkeypatch.undo()
    return out.getvalue()


def test_the_old_roots_verify_and_the_new_ones_are_signed_with_the_new_key(
    record_on: Record, monkeypatch: pytest.MonkeyPatch, key_file: Path
) -> None:
    old_pem, old = key_file.read_bytes(), keys.fingerprint()
    record_on(DAY, 3)
    [before] = seal(monkeypatch, NEXT)
    said = rotate(monkeypatch, NEXT)
    new = keys.fingerprint()
    assert new != old and f"retired {old}" in said and f"current {new}" in said
    assert key_file.read_bytes() != old_pem  # the old private key is gone from its file
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    assert not list(key_file.parent.glob(".signing-*"))  # nothing staged left behind
    record_on(NEXT, 2)
    [after] = seal(monkeypatch, NEXT + dt.timedelta(days=1))
    assert (before.key, after.key) == (old, new)
    assert audit_verify()[1] == []
    retired = SigningKey.objects.get(fingerprint=old)
    assert retired.reason == "a laptop lost" and retired.retired_at is not None
    event = AuditEvent.objects.get(action="audit.key_rotated")
    assert event.data == {"retired": old, "current": new, "reason": "a laptop lost"}


def test_a_root_the_retired_key_signs_after_its_retirement_is_a_forgery(
    record_on: Record, monkeypatch: pytest.MonkeyPatch, key_file: Path
) -> None:
    stolen = serialization.load_pem_private_key(key_file.read_bytes(), password=None)
    assert isinstance(stolen, Ed25519PrivateKey)
    old = keys.fingerprint()
    record_on(DAY, 3)
    seal(monkeypatch, NEXT)
    rotate(monkeypatch, NEXT)
    record_on(NEXT, 2)
    [root] = seal(monkeypatch, NEXT + dt.timedelta(days=1))
    root.key = old  # the thief re-signs the new day with the key that leaked
    root.signature = stolen.sign(message_of(root)).hex()
    AuditRoot.objects.filter(pk=root.pk).update(key=root.key, signature=root.signature)
    with pytest.raises(CommandError) as raised:
        call_command("audit_verify")
    assert "root of 2026-11-21: signed by the key" in str(raised.value)
    assert "retired on 2026-11-21, for a day after its retirement" in str(raised.value)


def test_every_process_signs_with_the_rotated_key_at_once(
    monkeypatch: pytest.MonkeyPatch, key_file: Path
) -> None:
    keys.sign(b"warm the cache")  # this process has read the old key
    rotate(monkeypatch, NEXT)
    replaced = serialization.load_pem_private_key(key_file.read_bytes(), password=None)
    assert isinstance(replaced, Ed25519PrivateKey)
    assert keys.sign(b"x") == replaced.sign(b"x")


def test_the_retired_key_is_published_on_the_page_and_in_the_api(
    record_on: Record, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = keys.fingerprint()
    rotate(monkeypatch, NEXT, reason="плановая замена")
    answer = Client().get("/api/v1/audit/key").json()
    assert answer["fingerprint"] == keys.fingerprint() != old
    [retired] = answer["retired"]
    assert (retired["fingerprint"], retired["reason"]) == (old, "плановая замена")
    assert retired["public_key_hex"] == SigningKey.objects.get(fingerprint=old).public_key
    page = Client().get("/ky/audit/").content.decode()
    assert old in page and "плановая замена" in page


def test_a_rotation_needs_a_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(CommandError, match="--reason"):
        rotate(monkeypatch, NEXT, reason="  ")
    assert not SigningKey.objects.filter(retired_at__isnull=False).exists()
