"""Cursor pagination with a stable order: pages never skip or repeat rows while data grows."""

from rest_framework.pagination import CursorPagination


class StableCursorPagination(CursorPagination):
    ordering: str | tuple[str, ...] = "pk"
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000


class ElectionPagination(StableCursorPagination):
    ordering = ("-election_day", "code")


class BallotOrderPagination(StableCursorPagination):
    """Parties in ballot order; before the draw every party shares one place, then by code."""

    ordering = ("ballot_order", "code")


class ListPositionPagination(StableCursorPagination):
    ordering = ("position",)
