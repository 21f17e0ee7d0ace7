"""The example definitions in docs/examples load, and carry the law's versions they stand
for: the presidential requirements and the 2025 three-seat districts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from talapker.elections.models import Election
from talapker.elections.services import election_load

EXAMPLES = Path(__file__).resolve().parents[3] / "docs" / "examples"
pytestmark = pytest.mark.django_db


def _load(example: str, election_folder: Path) -> Election:
    shutil.copy(EXAMPLES / example / "election.json", election_folder / "election.json")
    election_load(election_folder, actor="test")
    return Election.objects.get()


def test_the_presidential_example(election_folder: Path) -> None:
    rules = _load("president-2027", election_folder).rules
    assert (rules["candidate_min_age"], rules["candidate_max_age"]) == (35, None)
    assert rules["candidate_residence_years"] == 15
    assert rules["candidate_language_certificate"] is True
    assert rules["list_max_candidates"] == 1


def test_the_2025_districts_example(election_folder: Path) -> None:
    rules = _load("jk-2025-districts", election_folder).rules
    assert rules["expunged_convictions_disqualify"] is True
    assert (rules["seats"], rules["allocation_method"]) == (3, "top_n")
    assert rules["candidate_education"] == "higher"
