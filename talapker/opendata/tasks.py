"""The nightly snapshot: every election's open data written at 02:30 Bishkek time (when the
day's filings are in and few read the site) by the queue's consumer (`talapker serve`)."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from talapker.elections.models import Election
from talapker.opendata.snapshot import snapshot_write

logger = logging.getLogger(__name__)


def snapshots_write_all() -> int:
    """A snapshot of every election; one that fails is logged and the others still written.
    Returns the number written."""
    count = 0
    for election in Election.objects.order_by("code"):
        try:
            snapshot_write(election, actor="nightly open-data snapshot")
            count += 1
        except Exception:
            logger.exception("the open-data snapshot of %s failed", election.code)
    return count


# huey matches a crontab against UTC (its `utc` setting, on by default): 20:30 UTC is 02:30
# in Bishkek (UTC+6, no summer time).
@db_periodic_task(crontab(hour="20", minute="30"))
def nightly_snapshots() -> int:
    return snapshots_write_all()
