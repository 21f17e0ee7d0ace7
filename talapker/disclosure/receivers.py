"""What the public pages keep when a report is filed (filings.signals.version_filed)."""

from __future__ import annotations

from typing import Any

from talapker.disclosure.donors import fund_donors_store, version_refs_store
from talapker.filings.models import ReportVersion
from talapker.funds.models import Fund


def donors_after_filing(sender: Any, *, fund: Fund, version: ReportVersion, **kwargs: Any) -> None:
    """The refs of the version's new donors, and the fund's donors from its standing
    version: in the filing's transaction, so the pages never show a filing half kept."""
    version_refs_store(version)
    fund_donors_store(fund)
