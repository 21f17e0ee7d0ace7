"""Sealing the audit log's finished days every night, on the queue's consumer (`talapker
serve`)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from talapker.audit.roots import roots_seal


# huey matches a crontab against UTC: 18:10 UTC is 00:10 in Bishkek (UTC+6, no summer
# time), ten minutes into the new day.
@db_periodic_task(crontab(hour="18", minute="10"))
def seal_finished_days() -> int:
    return len(roots_seal())
