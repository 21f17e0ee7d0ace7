"""Background screening: after a report is filed or a statement imported, the fund is screened
by the queue's consumer (`talapker serve` starts it; `talapker run_huey` runs one alone)."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from talapker.funds.models import Fund


@db_task(retries=2, retry_delay=10)
def screen_fund(fund_id: int, trigger: str) -> int:
    """Screen one fund; returns the number of findings. A fund gone meanwhile is skipped."""
    from talapker.compliance.engine import screen

    fund = Fund.objects.select_related("election").filter(pk=fund_id).first()
    if fund is None:
        return 0
    return screen(fund.election, fund, trigger=trigger).found
