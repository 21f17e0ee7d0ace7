"""Fixtures of the public pages' tests (MEDIA_ROOT is already per test: the root conftest)."""

import pytest

from talapker.disclosure.tests.scenario import Scenario, build_election


@pytest.fixture
def scenario(db) -> Scenario:
    """The ballot of parliament-2026 has been drawn."""
    return build_election()


@pytest.fixture
def undrawn(db) -> Scenario:
    """The ballot of parliament-2026 has not been drawn yet."""
    return build_election(ballot_drawn=False)
