"""Events on days of our choosing: the clock of `audit_record` set to noon in Bishkek."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import transaction
from django.utils import timezone

from talapker.audit.roots import BISHKEK
from talapker.audit.services import audit_record

DAY = dt.date(2026, 11, 20)
Record = Callable[..., None]


@pytest.fixture
def record_on(monkeypatch: pytest.MonkeyPatch) -> Record:
    def record(day: dt.date, n: int, hour: int = 12) -> None:
        at = dt.datetime.combine(day, dt.time(hour), tzinfo=BISHKEK)
        monkeypatch.setattr(timezone, "now", lambda: at.astimezone(dt.UTC))
        for i in range(n):
            with transaction.atomic():
                audit_record(
                    "test.happened", actor="treasurer1", object_type="thing", object_id=str(i),
                    data={"name": "Асанов Бакыт", "pin": "21503198500124"},
                )  # fmt: skip
        monkeypatch.undo()

    return record
