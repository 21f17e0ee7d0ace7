"""Fixtures shared by every app's tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ELECTION_SAMPLE = Path(__file__).parent / "talapker" / "elections" / "tests" / "samples" / "valid"


@pytest.fixture
def election_folder(tmp_path: Path) -> Path:
    """A writable copy of the recorded sample election folder."""
    target = tmp_path / "election"
    shutil.copytree(ELECTION_SAMPLE, target)
    return target


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path_factory):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
