"""The `talapker` command: Django's management commands, with the contract's hyphenated names.

`talapker load-election DIR` runs the `load_election` management command; every other
Django command (`migrate`, `createsuperuser`, `check --deploy`, ...) works as with manage.py.
"""

from __future__ import annotations

import os
import sys

from talapker.core.permissions import process_protect


def _command_name(word: str) -> str:
    return word.replace("-", "_") if not word.startswith("-") else word


def main(argv: list[str] | None = None) -> None:
    process_protect()  # before the settings create the data folder, the database, the queue
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talapker.settings.default")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    args[0] = "talapker"
    if len(args) > 1:
        args[1] = _command_name(args[1])
    if len(args) > 2 and args[1] == "help":
        args[2] = _command_name(args[2])
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
