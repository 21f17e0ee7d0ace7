"""Fixtures shared by every app's tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import settings

ELECTION_SAMPLE = Path(__file__).parent / "talapker" / "elections" / "tests" / "samples" / "valid"

# No time limit per example: the suite shares two CPUs with whatever else the machine runs,
# and a slow example there is the machine's, not the code's (a property that fails does so
# by its assertion). Speed is measured in benchmarks/.
settings.register_profile("suite", deadline=None)
settings.load_profile("suite")


@pytest.fixture
def election_folder(tmp_path: Path) -> Path:
    """A writable copy of the recorded sample election folder."""
    target = tmp_path / "election"
    shutil.copytree(ELECTION_SAMPLE, target)
    return target


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path_factory):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    settings.PRIVATE_ROOT = tmp_path_factory.mktemp("private")


@pytest.fixture
def election(election_folder: Path, db):  # type: ignore[no-untyped-def]
    """The sample election, loaded (parties, candidates, funds and accounts)."""
    from talapker.elections.models import Election
    from talapker.elections.services import election_load

    election_load(election_folder, actor="test")
    return Election.objects.get(code="jk-2026")


@pytest.fixture
def fund(election):  # type: ignore[no-untyped-def]
    """The fund of «Ата-Журт», whose account the recorded bank samples are of."""
    return election.funds.get(code="ata-jurt")


@pytest.fixture
def admin_client(client, admin_user):  # type: ignore[no-untyped-def]
    """pytest-django's `admin_client`, past the second factor that the admin site requires."""
    from talapker.accounts.testing import sign_in

    sign_in(client, admin_user)
    return client
