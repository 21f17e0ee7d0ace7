"""Escalating overdue complaints every ten minutes, on the queue's consumer (`talapker
serve`); `overdue.py` says why the staff queue escalates too."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from talapker.complaints.overdue import complaints_escalate


@db_periodic_task(crontab(minute="*/10"))
def escalate_overdue() -> int:
    return complaints_escalate()
