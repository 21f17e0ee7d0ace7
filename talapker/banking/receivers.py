"""How banking reacts to what the filings app announces (decision 0009)."""

from __future__ import annotations

from typing import Any

from talapker.funds.models import Fund


def reconcile_filed_fund(sender: Any, *, fund: Fund, **kwargs: Any) -> None:
    """A filed version changes what the fund declared: reconcile it in the filing's
    transaction, so the filing and its reconciliation commit together."""
    from talapker.banking import reconcile  # looked up per call, so a test can replace it

    reconcile.reconcile([fund.pk])
