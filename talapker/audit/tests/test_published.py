"""The roots and the key are published: the page, the roots' list (JSON and CSV), the key
kept in a file of the data directory that only the platform's user reads."""

from __future__ import annotations

import datetime as dt
import stat
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.test import Client

from talapker.audit import keys
from talapker.audit.roots import roots_seal
from talapker.audit.tests.conftest import DAY, Record


def test_the_key_is_kept_in_the_data_directory_readable_by_the_platform_alone() -> None:
    path = keys.key_path()
    assert path == Path(settings.HOME) / "platform-ed25519.pem"
    keys.public_key_pem()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert keys.fingerprint() == keys.fingerprint()  # the same key on every call


def test_the_key_file_named_by_the_environment_is_used(tmp_path: Path, settings: Any) -> None:
    own = Ed25519PrivateKey.generate()
    pem = own.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    (tmp_path / "key.pem").write_bytes(pem)
    settings.TALAPKER_SIGNING_KEY_FILE = str(tmp_path / "key.pem")
    raw = own.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    assert keys.public_key_raw() == raw
    assert keys.verify(keys.sign(b"protocol"), b"protocol", raw)
    settings.TALAPKER_SIGNING_KEY_FILE = str(tmp_path / "missing.pem")
    with pytest.raises(FileNotFoundError):
        keys.sign(b"x")


@pytest.mark.django_db
def test_the_roots_list_and_its_csv(client: Client, record_on: Record) -> None:
    record_on(DAY, 2)
    record_on(DAY + dt.timedelta(days=1), 2)
    roots_seal(today=DAY + dt.timedelta(days=2))
    body = client.get("/api/v1/audit/roots").json()
    assert [r["day"] for r in body["results"]] == ["2026-11-21", "2026-11-20"]
    assert body["results"][1]["size"] == 2
    response = client.get("/api/v1/audit/roots", {"format": "csv"})
    text = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    assert text.splitlines()[0].startswith("day,first_seq,last_seq,size,root,signature")
    assert len(text.splitlines()) == 3


@pytest.mark.django_db
def test_the_page_shows_the_key_and_the_roots(client: Client, record_on: Record) -> None:
    record_on(DAY, 3)
    [root] = roots_seal(today=DAY + dt.timedelta(days=1))
    page = client.get("/ky/audit/").content.decode()
    assert keys.fingerprint() in page and keys.public_key_raw().hex() in page
    assert root.root in page and root.signature in page
    assert 'class="key"' in page
    assert "<script" not in page


@pytest.mark.django_db
def test_the_page_before_the_first_root(client: Client) -> None:
    assert client.get("/ru/audit/").status_code == 200
