"""The checks that apps above filings run over a draft before it is filed (decision 0009).

Filings declares the extension point and the draft page shows what it gives; compliance
registers the commission's rules here when the apps are ready. Each check returns the
findings as data, each with `title` and `text` in the page's language.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from talapker.filings.models import ReportVersion

DraftCheck = Callable[[ReportVersion], list[dict[str, Any]]]
_CHECKS: dict[str, DraftCheck] = {}


def draft_check_register(name: str, check: DraftCheck) -> None:
    """Register (or replace) a check of drafts under a stable name."""
    _CHECKS[name] = check


def draft_checks_run(draft: ReportVersion) -> list[dict[str, Any]]:
    """What every registered check finds in the draft's rows, stored nowhere."""
    return [item for check in _CHECKS.values() for item in check(draft)]
