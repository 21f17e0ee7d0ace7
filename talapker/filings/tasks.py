"""Background work of the filings app: a filed scan's pages are extracted by the queue's
consumer once the filing commits (`scantext.py`), so that filing never waits for OCR."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from huey.contrib.djhuey import db_task

from talapker.filings.models import ReportVersion
from talapker.filings.scantext import scan_text_extract

logger = logging.getLogger(__name__)


@db_task(retries=1, retry_delay=60)
def scan_text(version_id: int) -> int:
    """Extract the pages of one filed version's scan; returns their number. A version gone
    meanwhile, or without a scan, is skipped."""
    version = ReportVersion.objects.filed().filter(pk=version_id).exclude(scan="").first()
    if version is None:
        return 0
    return len(scan_text_extract(version))


def scan_text_on_commit(version: ReportVersion) -> None:
    """Queue the extraction for when the current transaction commits. The filing never waits
    for it or fails with it; `talapker scan-text` does again what a failed run missed."""
    version_id = version.pk

    def enqueue() -> None:
        try:
            scan_text(version_id)
        except Exception:
            logger.exception("extracting the scan of version %s failed", version_id)

    transaction.on_commit(enqueue)


def scan_text_after_filing(sender: Any, *, version: ReportVersion, **kwargs: Any) -> None:
    """`filings.signals.version_filed`: a version filed with a scan gets its pages read."""
    if version.scan:
        scan_text_on_commit(version)
