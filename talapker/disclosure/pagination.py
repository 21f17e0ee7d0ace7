"""The public lists' orders: elections newest first, parties in ballot order, a list's
candidates by position (the paging itself is `core/api/pagination.py`)."""

from __future__ import annotations

from talapker.core.api.pagination import StableCursorPagination


class ElectionPagination(StableCursorPagination):
    ordering = ("-election_day", "code")


class BallotOrderPagination(StableCursorPagination):
    """Parties in ballot order; before the draw every party shares one place, then by code."""

    ordering = ("ballot_order", "code")


class ListPositionPagination(StableCursorPagination):
    ordering = ("position",)
