"""Stored files in S3-compatible object storage (core/objectstore.py, deployment guide
section 6), against a real S3 server on loopback (moto's, started in this process): what a
bank sends is kept in the bucket, private and encrypted, never overwritten, gone again when
its import is rolled back, swept when a crash left it without a row, and handed to the
auditor as the same bytes."""

from __future__ import annotations

import io
import logging
import tarfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from moto.server import ThreadedMotoServer

from talapker.accounts.models import Role
from talapker.accounts.testing import make_user, sign_in
from talapker.banking.models import Statement
from talapker.banking.services import statement_import
from talapker.banking.tests.scenario import SAMPLES
from talapker.banking.tests.test_stored_files import Boom, _fail_after_storing
from talapker.core.backup import file_roots
from talapker.core.filestores import file_storages
from talapker.core.sweep import files_sweep

DATA = (SAMPLES / "statement.csv").read_bytes()
KEYS = {"aws_access_key_id": "talapker-test", "aws_secret_access_key": "talapker-test-secret"}


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # not a line a request
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint: str, settings: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """A new bucket, and the settings a deployment gets from TALAPKER_S3_* and AWS_*."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", KEYS["aws_access_key_id"])
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", KEYS["aws_secret_access_key"])
    name = f"talapker-{uuid.uuid4().hex[:12]}"
    s3 = boto3.resource("s3", endpoint_url=s3_endpoint, region_name="us-east-1", **KEYS)
    s3.create_bucket(Bucket=name)
    settings.STORAGES = {
        **settings.STORAGES,
        **file_storages(name, s3_endpoint, "us-east-1"),
    }
    return s3.Bucket(name)


def keys(bucket: Any) -> list[str]:
    """The private objects (the election's programmes are in media/)."""
    return sorted(item.key for item in bucket.objects.filter(Prefix="private/"))


def on_disk() -> list[Path]:
    return [p for p in Path(settings.PRIVATE_ROOT).rglob("*") if p.is_file()]


def _import(name: str = "statement.csv", data: bytes = DATA) -> Statement:
    return statement_import(name, data, actor="test", channel="cli").statement


@pytest.mark.django_db(transaction=True)
def test_a_statement_is_kept_in_the_bucket_private_and_encrypted(bucket, fund) -> None:  # type: ignore[no-untyped-def]
    record = _import()
    folder, token, base = record.file.name.split("/")
    assert (folder, len(token)) == ("statements", 16) and base.startswith("statement")
    assert keys(bucket) == [f"private/{record.file.name}"]
    assert on_disk() == []
    stored = bucket.Object(f"private/{record.file.name}")
    assert stored.get()["Body"].read() == DATA
    assert stored.server_side_encryption == "AES256"
    grants = stored.Acl().grants
    assert [g["Permission"] for g in grants] == ["FULL_CONTROL"]  # the owner's, no one else's
    assert Statement.objects.get(pk=record.pk).file.open("rb").read() == DATA
    # The auditor downloads it from the staff page, byte for byte.
    staff = Client()
    sign_in(staff, make_user("auditor", Role.AUDITOR))
    response = staff.get(f"/en/staff/statements/{record.pk}/file")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == DATA  # type: ignore[attr-defined]


@pytest.mark.django_db(transaction=True)
def test_two_files_of_one_name_never_overwrite_each_other(bucket, fund) -> None:  # type: ignore[no-untyped-def]
    first = _import()
    other = DATA.replace(b"KG25100900007", b"KG25100900099")
    second = _import("statement.csv", other)
    assert first.file.name != second.file.name
    assert len(keys(bucket)) == 2
    assert first.file.open("rb").read() == DATA
    assert second.file.open("rb").read() == other


@pytest.mark.django_db(transaction=True)
def test_an_import_rolled_back_after_storing_leaves_no_object(bucket, fund, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _fail_after_storing(monkeypatch)
    with pytest.raises(Boom):
        _import()
    assert not Statement.objects.exists()
    assert keys(bucket) == []


@pytest.mark.django_db
def test_a_failed_import_inside_a_callers_transaction_leaves_no_object(  # type: ignore[no-untyped-def]
    bucket, fund, monkeypatch
) -> None:
    _fail_after_storing(monkeypatch)
    with pytest.raises(Boom):
        _import()
    assert keys(bucket) == []


@pytest.mark.django_db(transaction=True)
def test_the_sweep_removes_old_objects_no_row_names(bucket, fund) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    record = _import()
    orphan = "private/statements/00000000deadbeef/killed-before-commit.csv"
    bucket.put_object(Key=orphan, Body=b"21503198500123")
    young = files_sweep(dt.timedelta(hours=1))
    assert (young.removed, young.kept_young) == ([], 1)
    assert files_sweep(dt.timedelta(0), dry_run=True).removed == [orphan.removeprefix("private/")]
    assert len(keys(bucket)) == 2
    swept = files_sweep(dt.timedelta(0))
    assert swept.removed == [orphan.removeprefix("private/")]
    assert keys(bucket) == [f"private/{record.file.name}"]


@pytest.mark.django_db(transaction=True)
def test_a_backup_leaves_the_buckets_files_to_its_versioning(bucket, fund, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _import()
    assert file_roots() == {}
    out = io.StringIO()
    call_command("backup", str(tmp_path / "backup.tar"), stdout=out)
    with tarfile.open(tmp_path / "backup.tar") as archive:
        members = archive.getnames()
    assert not [m for m in members if m.startswith("files/")]
    assert "the files of media, private, kept in object storage" in out.getvalue()
