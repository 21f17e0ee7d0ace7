"""A report's signed scan and a quarantined file are stored with their rows or not at all
(issue 9, item 6), and are their owner's alone (item 7)."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import pytest
from django.conf import settings

from talapker.core.errors import InputError
from talapker.filings import services
from talapker.filings.formats.model import ReportData, Upload
from talapker.filings.models import QuarantinedFile, ReportVersion
from talapker.filings.services import report_file
from talapker.filings.tests.conftest import CORPUS

PERIOD = (dt.date(2025, 10, 1), dt.date(2025, 10, 31))
EMPTY = ReportData(contributions=(), expenditures=())


def stored() -> list[str]:
    root = Path(settings.PRIVATE_ROOT)
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def _scan(name: str = "clean_scan.pdf") -> Upload:
    return Upload(name, (CORPUS / "pdf" / name).read_bytes())


def _file(fund, scan: Upload) -> ReportVersion:  # type: ignore[no-untyped-def]
    previous = os.umask(0o022)  # what a process started some other way would have
    try:
        return report_file(
            fund, "interim", *PERIOD, EMPTY, channel="cli", actor="test", scan=scan
        ).version
    finally:
        os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.django_db(transaction=True)
def test_a_filed_scan_is_stored_0600_under_its_final_name(fund) -> None:  # type: ignore[no-untyped-def]
    version = _file(fund, _scan())
    # With the page images the queue drew after the commit (filings/scantext.py).
    pages = list(version.scan_pages.values_list("image", flat=True))
    assert len(pages) == 2
    assert stored() == sorted([version.scan.name, *pages])
    for name in (version.scan.name, *pages):
        assert mode(Path(settings.PRIVATE_ROOT) / name) == 0o600
    assert mode(Path(settings.PRIVATE_ROOT) / "scans") == 0o700


@pytest.mark.django_db(transaction=True)
def test_a_filing_that_fails_after_storing_its_scan_leaves_no_file(fund, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("after the scan was stored")

    monkeypatch.setattr(services, "audit_record", boom)
    with pytest.raises(RuntimeError):
        _file(fund, _scan())
    assert not ReportVersion.objects.exists()
    assert stored() == []


@pytest.mark.django_db(transaction=True)
def test_a_quarantined_file_is_kept_0600_though_the_filing_fails(fund) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError):
        _file(fund, _scan("javascript_open_action.pdf"))
    kept = QuarantinedFile.objects.get()
    assert stored() == [kept.file.name]
    assert mode(Path(settings.PRIVATE_ROOT) / kept.file.name) == 0o600
