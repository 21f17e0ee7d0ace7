"""The backends of stored files (settings.STORAGES), on this machine's disk or in a bucket of
S3-compatible storage (`core/objectstore.py`). Read by the settings, so it imports nothing
heavy: boto3 is loaded only where a bucket is used."""

from __future__ import annotations

from typing import Any

FILE_SYSTEM = "django.core.files.storage.FileSystemStorage"
PRIVATE_FILE_SYSTEM = "talapker.filings.storage.PrivateFileSystemStorage"
S3 = "storages.backends.s3.S3Storage"
PRIVATE_S3 = "talapker.core.objectstore.PrivateS3Storage"


def file_storages(bucket: str = "", endpoint_url: str = "", region: str = "") -> dict[str, Any]:
    """`default` (the parties' programmes) and `private` (what filers, banks and complainants
    submitted): folders of TALAPKER_HOME, or, given a bucket, its `media/` and `private/`,
    never readable without a key and encrypted by the server. The keys come from
    AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or the machine's role)."""
    if not bucket:
        return {"default": {"BACKEND": FILE_SYSTEM}, "private": {"BACKEND": PRIVATE_FILE_SYSTEM}}
    options = {
        "bucket_name": bucket,
        "endpoint_url": endpoint_url or None,
        "region_name": region or None,
        "default_acl": "private",
        "object_parameters": {"ServerSideEncryption": "AES256"},
    }
    return {
        "default": {"BACKEND": S3, "OPTIONS": options | {"location": "media"}},
        "private": {"BACKEND": PRIVATE_S3, "OPTIONS": options | {"location": "private"}},
    }
