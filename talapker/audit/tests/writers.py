"""Parallel writers of the audit log in processes of their own, on a SQLite file (the test
database in memory locks whole tables, so it cannot show SQLite's real serialisation).

`python -m talapker.audit.tests.writers setup|write|verify`, with DATABASE_URL naming the
file; `write EVENTS START` waits for the wall-clock time START, then appends EVENTS events,
each in its own transaction."""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talapker.settings.test")


def main(argv: list[str]) -> int:
    import django

    django.setup()
    from django.db import connection, transaction

    from talapker.audit.models import AuditEvent, AuditRoot, SigningKey
    from talapker.audit.services import audit_record, audit_verify

    if argv[0] == "setup":
        with connection.schema_editor() as editor:
            editor.create_model(AuditEvent)
            editor.create_model(AuditRoot)
            editor.create_model(SigningKey)
        return 0
    if argv[0] == "write":
        events, start = int(argv[1]), float(argv[2])
        time.sleep(max(0.0, start - time.time()))
        for n in range(events):
            with transaction.atomic():
                audit_record(
                    "test.parallel", actor=f"writer{os.getpid()}", object_type="thing",
                    object_id=str(n),
                )  # fmt: skip
        return 0
    count, problems = audit_verify()
    print(count, len(problems), problems[:1])
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
