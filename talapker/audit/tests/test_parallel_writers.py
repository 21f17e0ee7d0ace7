"""Writers in parallel, each appending in its own transaction: the chain stays one chain,
with no number taken twice and none skipped (PostgreSQL: the advisory lock; SQLite: its one
write lock, taken when an IMMEDIATE transaction begins)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.db import connection, transaction

from talapker.audit.models import AuditEvent
from talapker.audit.services import audit_record, audit_verify

WRITERS, EACH = 8, 25


@pytest.mark.django_db(transaction=True)
def test_parallel_threads_keep_one_chain() -> None:
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("the test's in-memory SQLite locks whole tables; the processes test below")
    failures: list[BaseException] = []
    start = threading.Barrier(WRITERS)

    def write(writer: int) -> None:
        try:
            start.wait()
            for n in range(EACH):
                with transaction.atomic():
                    audit_record(
                        "test.parallel", actor=f"writer{writer}", object_type="thing",
                        object_id=str(n), data={"n": n},
                    )  # fmt: skip
        except BaseException as err:  # every failure is the finding
            failures.append(err)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(w,)) for w in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
    assert audit_verify() == (WRITERS * EACH, [])
    actors = set(AuditEvent.objects.values_list("actor", flat=True))
    assert len(actors) == WRITERS


def test_parallel_processes_on_a_sqlite_file_keep_one_chain(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'log.sqlite3'}",
        "TALAPKER_HOME": str(tmp_path),
        "TALAPKER_DB_LOCK_WAIT": "60",
    }

    def run(*args: str) -> subprocess.Popen[str]:
        command = [sys.executable, "-m", "talapker.audit.tests.writers", *args]
        return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)

    assert run("setup").wait(timeout=120) == 0
    start = time.time() + 3  # every process started and set up before the first write
    writers = [run("write", str(EACH), str(start)) for _ in range(WRITERS)]
    assert [w.wait(timeout=180) for w in writers] == [0] * WRITERS
    verify = run("verify")
    out, _err = verify.communicate(timeout=120)
    assert verify.returncode == 0, out
    assert out.split()[:2] == [str(WRITERS * EACH), "0"]
