"""Rotating the signing key: the old private key is gone, the roots it signed still verify
with its published public half, new roots are signed with the new key, and a root that the
retired key signs for a day after its retirement is named as the forgery it is. A planned
rotation's old key signs its successor, which anyone checks from the API alone; a key
retired as compromised signs nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
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


def rotate(
    monkeypatch: pytest.MonkeyPatch, on: dt.date, reason: str = "a laptop lost", *extra: str
) -> str:
    at = dt.datetime.combine(on, dt.time(9, 30, 15, 123456), tzinfo=BISHKEK)
    monkeypatch.setattr(timezone, "now", lambda: at.astimezone(dt.UTC))
    out = StringIO()
    call_command("rotate_signing_key", "--reason", reason, *extra, stdout=out)
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
    assert event.data == {
        "retired": old, "current": new, "reason": "a laptop lost", "compromised": False
    }  # fmt: skip


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


def test_a_planned_rotation_hands_over_and_anyone_checks_it_from_the_api(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    old = keys.fingerprint()
    said = rotate(monkeypatch, NEXT, "planned yearly replacement")
    assert "signed its handover" in said
    answer = Client().get("/api/v1/audit/key").json()
    [retired] = answer["retired"]
    # What a follower holding only the old public key does, with no code of ours:
    old_key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(retired["public_key_hex"]))
    message = retired["handover_message"].encode()
    old_key.verify(bytes.fromhex(retired["handover_signature"]), message)  # raises if not
    stated = json.loads(message)
    assert stated == {
        "handover": "talapker signing key",
        "retired": old,
        "retired_at": "2026-11-21T03:30:15Z",  # 09:30:15 in Bishkek, to the second
        "successor": answer["fingerprint"],
    }
    assert (
        hashlib.sha256(bytes.fromhex(answer["public_key_hex"])).hexdigest() == stated["successor"]
    )
    assert retired["successor"] == answer["fingerprint"]
    page = Client().get("/ky/audit/").content.decode()
    assert answer["fingerprint"] in page and "пайдалануудан чыгарылган ачкыч кол койгон" in page
    assert audit_verify()[1] == []


def test_a_key_retired_as_compromised_signs_no_handover(monkeypatch: pytest.MonkeyPatch) -> None:
    said = rotate(monkeypatch, NEXT, "the server was broken into", "--compromised")
    assert "signed no handover" in said
    [retired] = Client().get("/api/v1/audit/key").json()["retired"]
    assert (retired["handover_message"], retired["handover_signature"]) == ("", "")
    assert retired["successor"] == keys.fingerprint()
    page = Client().get("/ru/audit/").content.decode()
    assert "не подписано: ключ выведен как скомпрометированный" in page
    assert audit_verify()[1] == []
    event = AuditEvent.objects.get(action="audit.key_rotated")
    assert event.data["compromised"] is True


def test_an_altered_handover_is_named_by_audit_verify(monkeypatch: pytest.MonkeyPatch) -> None:
    old = keys.fingerprint()
    rotate(monkeypatch, NEXT)
    retired = SigningKey.objects.filter(fingerprint=old)
    other = hashlib.sha256(b"a key of the thief's").hexdigest()
    retired.update(successor=other)  # the handover pointed at another key
    problems = audit_verify()[1]
    assert problems == [
        f"key {old[:16]}…: handed over to {other[:16]}…, a key not known",
        f"key {old[:16]}…: its handover does not verify (the successor, the time or the "
        "signature was altered)",
    ]
    retired.update(successor=keys.fingerprint())
    assert audit_verify()[1] == []
    retired.update(retired_at=dt.datetime(2026, 11, 25, tzinfo=dt.UTC))  # a later retirement
    with pytest.raises(CommandError, match=r"its handover does not verify"):
        call_command("audit_verify")
