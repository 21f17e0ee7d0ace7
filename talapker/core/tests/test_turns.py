"""Writers take turns on SQLite: a second holder of a turn waits until the first lets go."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection

from talapker.core.turns import sqlite_turn


def test_a_second_writer_waits_for_the_first_to_let_go() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL writers wait on row locks instead")
    order: list[str] = []
    holding = threading.Event()

    def second() -> None:
        holding.wait()
        with sqlite_turn("test"):
            order.append("second in")

    other = threading.Thread(target=second)
    other.start()
    with sqlite_turn("test"):
        holding.set()
        time.sleep(0.2)  # the other thread is waiting for the turn by now
        order.append("first out")
    other.join(timeout=5)
    assert order == ["first out", "second in"]
