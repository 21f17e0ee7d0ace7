"""The complaints' scenario: the sample election (day 2026-11-29) on 20 November, its polling
stations, and a photo as a phone takes it (with the GPS position in its EXIF)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from PIL import Image

from talapker.complaints.defaults import default_table_ensure
from talapker.complaints.filing import ComplaintData, complaint_file
from talapker.complaints.models import Complaint
from talapker.complaints.uploads import CheckedFile, file_check
from talapker.elections.models import Election
from talapker.voters.precincts import precincts_import

SAMPLES = Path(__file__).parents[2] / "voters" / "tests" / "samples"
CAMPAIGN_DAY = dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC)  # 15:00 in Bishkek
GPS = {1: "N", 2: (42.0, 52.0, 30.0), 3: "E", 4: (74.0, 35.0, 10.0)}


@pytest.fixture(autouse=True)
def _own_counters(settings: Any, tmp_path: Path) -> None:
    settings.TALAPKER_COUNTERS = str(tmp_path / "counters.sqlite3")  # rate limits per test


@pytest.fixture(autouse=True)
def _default_table(request: pytest.FixtureRequest) -> None:
    """The routing table the migration seeds (a transactional test elsewhere may have
    flushed it from the test database)."""
    if "db" in request.fixturenames or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
        default_table_ensure()


@pytest.fixture
def campaign_day(monkeypatch: pytest.MonkeyPatch) -> dt.datetime:
    """Today is 20 November 2026, nine days before election day."""
    monkeypatch.setattr(timezone, "now", lambda: CAMPAIGN_DAY)
    return CAMPAIGN_DAY


@pytest.fixture
def stations(election: Election) -> Election:
    precincts_import(SAMPLES / "precincts.csv")
    return election


def phone_photo(*, orientation: int | None = None, size: tuple[int, int] = (64, 48)) -> bytes:
    """A JPEG as a phone writes it: the camera, the time and where it was taken in EXIF."""
    image = Image.new("RGB", size, (180, 40, 40))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 15"  # Model
    exif[0x0132] = "2026:11:20 14:02:11"  # DateTime
    if orientation:
        exif[0x0112] = orientation
    exif.get_ifd(0x8825).update(GPS)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def photo(name: str = "IMG_2031.jpg") -> CheckedFile:
    return file_check(name, phone_photo())


def file_one(election: Election, *, at: dt.datetime = CAMPAIGN_DAY, **changes: Any) -> Complaint:
    """A complaint as the form files it (vote buying in Bishkek, unless told)."""
    data: dict[str, Any] = {
        "election": election,
        "category": "vote_buying",
        "region": "bishkek",
        "occurred_on": timezone.localdate(at),
        "text": "Шайлоочуларга 2000 сомдон акча таратып жатышты.",
    }
    data.update(changes)
    return complaint_file(ComplaintData(**data), at=at)
