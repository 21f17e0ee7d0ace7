"""Reports in the staff admin: to look things up, never to edit. Reports change only by
filing a new version (filing page, API, `talapker file-report`)."""

from __future__ import annotations

from django.contrib import admin

from talapker.filings.models import (
    Contribution,
    DonorTotal,
    Expenditure,
    QuarantinedFile,
    Report,
    ReportVersion,
    ScanPage,
    VersionTotals,
)
from talapker.registers.admin import ReadOnlyAdmin


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ("fund", "kind")
    list_filter = ("kind", "fund__election")


@admin.register(ReportVersion)
class ReportVersionAdmin(ReadOnlyAdmin):
    list_display = (
        "receipt", "report", "number", "state", "filed_at", "channel", "is_current", "is_late",
    )  # fmt: skip
    list_filter = ("state", "is_current", "is_late", "channel", "report__kind")
    search_fields = ("receipt", "content_sha256", "report__fund__code")
    exclude = ("scan",)  # the scan is handed out by the filing pages, as an attachment


@admin.register(Contribution)
class ContributionAdmin(ReadOnlyAdmin):
    list_display = ("version", "line", "date", "donor_kind", "donor_name", "amount", "method")
    list_filter = ("donor_kind", "method")
    search_fields = ("bank_ref",)
    identifier_fields = ("donor_id", "bank_ref")


@admin.register(DonorTotal)
class DonorTotalAdmin(ReadOnlyAdmin):
    list_display = ("version", "donor_kind", "donor_id", "cents", "rows")
    list_filter = ("donor_kind",)
    identifier_fields = ("donor_id",)


@admin.register(VersionTotals)
class VersionTotalsAdmin(ReadOnlyAdmin):
    list_display = ("version", "contributions", "raised_cents", "donors", "spent_cents")


@admin.register(ScanPage)
class ScanPageAdmin(ReadOnlyAdmin):
    list_display = ("version", "page", "method", "extracted_at")
    list_filter = ("method",)


@admin.register(Expenditure)
class ExpenditureAdmin(ReadOnlyAdmin):
    list_display = ("version", "line", "date", "category", "payee_name", "amount", "method")
    list_filter = ("category", "method")
    search_fields = ("bank_ref", "payee_id")


@admin.register(QuarantinedFile)
class QuarantinedFileAdmin(ReadOnlyAdmin):
    list_display = ("name", "fund", "submitted_at", "submitted_by", "sha256")
    exclude = ("file",)  # never served: examined offline by the commission
