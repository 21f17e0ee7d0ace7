"""Ballot-order draws in the staff admin, read-only: they change only by the commands
(`talapker draw-ballot-order`), each step audit-logged. The secret is kept out of the admin:
it is published in the protocol at the draw, and before it no one may read it."""

from __future__ import annotations

from django.contrib import admin

from talapker.lotdraw.models import BallotDraw
from talapker.registers.admin import ReadOnlyAdmin


@admin.register(BallotDraw)
class BallotDrawAdmin(ReadOnlyAdmin):
    list_display = ("election", "commitment", "committed_at", "drawn_at")
    exclude = ("secret", "protocol")
