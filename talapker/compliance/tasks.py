"""Background screening: after a report is filed or a statement imported, the fund is screened
by the queue's consumer (`talapker serve` starts it; `talapker run_huey` runs one alone)."""

from __future__ import annotations

import logging

from django.db import transaction
from huey.contrib.djhuey import db_task

from talapker.compliance import engine
from talapker.funds.models import Fund

logger = logging.getLogger(__name__)


@db_task(retries=2, retry_delay=10)
def screen_fund(fund_id: int, trigger: str) -> int:
    """Screen one fund; returns the number of findings. A fund gone meanwhile is skipped."""
    fund = Fund.objects.select_related("election").filter(pk=fund_id).first()
    if fund is None:
        return 0
    return engine.screen(fund.election, fund, trigger=trigger).found


def screen_on_commit(fund: Fund, trigger: str) -> None:
    """Queue the fund's screening for when the current transaction commits (after a filing or
    an import). The filing or import never waits for it or fails with it; a failed run is
    retried by the queue, and the next run (or `talapker screen`) finds what it missed."""

    def enqueue() -> None:
        try:
            screen_fund(fund.pk, trigger)
        except Exception:
            logger.exception("screening fund %s after %s failed", fund.code, trigger)

    transaction.on_commit(enqueue)
