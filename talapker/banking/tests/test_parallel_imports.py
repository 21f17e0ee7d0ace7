"""Banks send at once: overlapping statement files of one account imported by parallel
writers each store every booking once, and none of them fails (on PostgreSQL the second
waits on the account's row; SQLite writes one at a time)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from talapker.banking.models import BankLine
from talapker.banking.services import statement_import
from talapker.banking.statements import parse_statement
from talapker.banking.tests.bank_samples import needs_samples, sample
from talapker.banking.tests.test_statement_files import PAGES, open_accounts, statements_of

pytestmark = [pytest.mark.django_db(transaction=True), needs_samples]


def test_parallel_writers_of_overlapping_files_store_each_booking_once(fund) -> None:  # type: ignore[no-untyped-def]
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("the test's in-memory SQLite locks whole tables; a file serialises writers")
    data = sample(PAGES)
    open_accounts(fund, data)
    parts = statements_of(data)
    files = [b"".join(parts[i : i + 2]) for i in range(len(parts) - 1)] * 2  # 6 files, overlapping
    failures: list[BaseException] = []
    start = threading.Barrier(len(files))

    def send(number: int, body: bytes) -> None:
        try:
            start.wait()
            statement_import(f"{number}.sta", body, actor="bank", channel="api")
        except BaseException as err:  # every failure is the finding
            failures.append(err)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(n, f)) for n, f in enumerate(files)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
    assert BankLine.objects.count() == len(parse_statement("p.sta", data).lines)
