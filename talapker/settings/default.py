"""Local and demonstration use: SQLite in the data directory unless DATABASE_URL says otherwise."""

from talapker.settings.base import *  # noqa: F403
