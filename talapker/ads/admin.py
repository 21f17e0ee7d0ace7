"""Ads, their spend history, rates and imports in the staff admin, read-only: they change
only by importing files (`talapker import-ads`)."""

from __future__ import annotations

from django.contrib import admin

from talapker.ads.models import Ad, AdImport, AdSpend, Rate
from talapker.registers.admin import ReadOnlyAdmin


@admin.register(Ad)
class AdAdmin(ReadOnlyAdmin):
    list_display = (
        "ad_id",
        "party",
        "platform",
        "page_name",
        "payer",
        "start_date",
        "spend_lower_kgs",
        "spend_upper_kgs",
        "payer_kind",
        "payer_score",
    )
    list_filter = ("election", "source", "payer_kind", "party")
    search_fields = ("ad_id", "page_name", "payer")
    # The PIN of a private payer is kept for screening, never shown.
    exclude = ("payer_person_pin",)


@admin.register(AdSpend)
class AdSpendAdmin(ReadOnlyAdmin):
    list_display = ("ad", "batch", "imported_at", "spend_lower", "spend_upper", "currency")
    search_fields = ("ad__ad_id",)


@admin.register(Rate)
class RateAdmin(ReadOnlyAdmin):
    list_display = ("date", "currency", "rate_kgs")
    list_filter = ("currency",)


@admin.register(AdImport)
class AdImportAdmin(ReadOnlyAdmin):
    list_display = (
        "file_name",
        "election",
        "source",
        "rows",
        "new",
        "updated",
        "unchanged",
        "skipped",
        "imported_at",
    )
    list_filter = ("election", "source")
    search_fields = ("file_name", "sha256")
