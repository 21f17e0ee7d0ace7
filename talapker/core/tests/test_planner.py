"""Planner settings for whole-set statements: set for the block alone, on PostgreSQL."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from talapker.core.planner import planner_settings, whole_set_settings


def _current(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting(%s)", [name])
        return str(cursor.fetchone()[0])


@pytest.mark.django_db
@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_the_settings_hold_inside_the_block_and_are_restored_after(settings) -> None:
    settings.TALAPKER_WHOLE_SET_WORK_MEM = "96MB"
    with transaction.atomic():
        before = (_current("work_mem"), _current("jit"))
        with planner_settings(whole_set_settings() | {"enable_nestloop": "off"}):
            assert (_current("work_mem"), _current("jit")) == ("96MB", "off")
            assert _current("enable_nestloop") == "off"
        assert (_current("work_mem"), _current("jit")) == before
        assert _current("enable_nestloop") == "on"


@pytest.mark.django_db
@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_an_error_in_the_block_rolls_the_settings_back_with_the_savepoint() -> None:
    with transaction.atomic():
        before = _current("work_mem")
        with (
            pytest.raises(ZeroDivisionError),
            transaction.atomic(),
            planner_settings({"work_mem": "77MB"}),
        ):
            assert _current("work_mem") == "77MB"
            raise ZeroDivisionError
        assert _current("work_mem") == before


@pytest.mark.skipif("connection.vendor != 'postgresql'")
@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_it_opens_one_so_the_settings_hold_and_end_with_it() -> None:
    before = _current("work_mem")
    assert not connection.in_atomic_block
    with planner_settings({"work_mem": "77MB"}):
        assert connection.in_atomic_block
        assert _current("work_mem") == "77MB"
    assert not connection.in_atomic_block
    assert _current("work_mem") == before


@pytest.mark.skipif("connection.vendor == 'postgresql'")
@pytest.mark.django_db(transaction=True)
def test_on_sqlite_it_runs_the_block_and_sends_nothing(django_assert_num_queries) -> None:
    """Not even a transaction: on SQLite (IMMEDIATE mode) that would take the write lock."""
    with django_assert_num_queries(0), planner_settings({"work_mem": "77MB"}):
        assert not connection.in_atomic_block
