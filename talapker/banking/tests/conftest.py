"""The bank's files are refused with reasons in the active language (Kyrgyz by default, the
commission's): these tests read the English source of those reasons, as a page under /en/
or an API client asking for English would."""

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield
