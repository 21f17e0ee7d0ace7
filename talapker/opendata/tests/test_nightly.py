"""The queue writes a snapshot of every election each night at 02:30 Bishkek time."""

from __future__ import annotations

from datetime import datetime

import pytest

from talapker.opendata.snapshot import snapshots_list
from talapker.opendata.tasks import nightly_snapshots, snapshots_write_all

pytestmark = pytest.mark.django_db


def test_it_runs_at_half_past_two_in_bishkek() -> None:
    # huey matches its crontab against UTC; Bishkek is UTC+6 all year.
    assert nightly_snapshots.task_class().validate_datetime(datetime(2026, 3, 1, 20, 30))
    assert not nightly_snapshots.task_class().validate_datetime(datetime(2026, 3, 1, 2, 30))


def test_every_election_gets_a_snapshot(filled) -> None:
    assert snapshots_write_all() == 1
    [snapshot] = snapshots_list("jk-2026")
    assert snapshot.file("contributions.parquet") is not None


def test_one_failing_election_does_not_stop_the_others(filled, monkeypatch) -> None:
    from talapker.opendata import tasks

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError("disk full")

    monkeypatch.setattr(tasks, "snapshot_write", broken)
    assert snapshots_write_all() == 0
