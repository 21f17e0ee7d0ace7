"""Findings and runs in the staff admin, read-only: findings change by screening runs and by
the auditors' review on the staff pages, which audit-log every decision."""

from __future__ import annotations

from django.contrib import admin

from talapker.compliance.models import Finding, ScreeningLease, ScreeningRun
from talapker.registers.admin import ReadOnlyAdmin


@admin.register(Finding)
class FindingAdmin(ReadOnlyAdmin):
    list_display = ("rule", "severity", "fund", "source", "line", "amount", "active", "review")
    list_filter = ("severity", "review", "active", "rule", "election")
    search_fields = ("key",)


@admin.register(ScreeningRun)
class ScreeningRunAdmin(ReadOnlyAdmin):
    list_display = (
        "election", "fund", "trigger", "started_at", "seconds", "write_seconds", "found", "new",
        "changed", "resolved",
    )  # fmt: skip
    list_filter = ("election",)


@admin.register(ScreeningLease)
class ScreeningLeaseAdmin(ReadOnlyAdmin):
    """Which fund a run is screening now, and until when its lease holds if the run dies."""

    list_display = ("fund", "holder", "expires_at")
