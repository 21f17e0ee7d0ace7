"""Runs a `talapker` command that stops for good at a chosen point, so that a test can kill
it there (test_crash.py): `python -m talapker.banking.tests.crash_driver POINT ARGS...`.

It prints `paused at POINT` on stdout when it gets there, then waits to be killed.

- `before-commit`: the statement's file and row are written, the transaction still open
  (the audit event is the import's last write before the commit);
- `before-rename`: the transaction committed, the file not yet under its final name.
"""

from __future__ import annotations

import os
import sys
import threading
from typing import Any


def pause(point: str) -> None:
    print(f"paused at {point}", flush=True)
    threading.Event().wait()  # until killed


def main() -> None:
    point, *args = sys.argv[1:]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talapker.settings.default")
    import django

    django.setup()
    from talapker.banking import services
    from talapker.core import files

    if point == "before-commit":
        real_audit = services.audit_record

        def audit_then_pause(*a: Any, **kw: Any) -> Any:
            event = real_audit(*a, **kw)
            pause(point)
            return event

        services.audit_record = audit_then_pause  # type: ignore[assignment]
    elif point == "before-rename":
        files.publish = lambda staged, final: pause(point)  # type: ignore[assignment,misc,return-value]
    else:
        raise SystemExit(f"unknown point {point!r}")

    from talapker.cli import main as talapker

    talapker(["talapker", *args])


if __name__ == "__main__":
    main()
