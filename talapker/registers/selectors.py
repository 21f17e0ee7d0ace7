"""Reads of the registers' own bookkeeping. Screening reads the register tables directly,
set-based, joining on `pin` and `inn` (see models)."""

from __future__ import annotations

from django.db.models import QuerySet

from talapker.registers.models import RegisterSnapshot


def snapshot_current(kind: str) -> RegisterSnapshot | None:
    """The snapshot that the register tables of `kind` hold now, or None if never imported."""
    return RegisterSnapshot.objects.filter(kind=kind).order_by("-imported_at", "-id").first()


def snapshot_list(kind: str | None = None) -> QuerySet[RegisterSnapshot]:
    """Every import, newest first (of one kind if given)."""
    snapshots = RegisterSnapshot.objects.order_by("-imported_at", "-id")
    return snapshots.filter(kind=kind) if kind else snapshots
