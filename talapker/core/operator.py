"""Who is running a command: the name recorded as the actor of what the command writes."""

from __future__ import annotations

import getpass


def operator_name() -> str:
    """The operating-system user running the command line."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown user"
