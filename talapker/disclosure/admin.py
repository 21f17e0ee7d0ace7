"""The donors' pseudonyms and per-fund totals, for the system administrator to look up (read
only: the filing writes them)."""

from django.contrib import admin

from talapker.disclosure.models import Donor, FundDonor
from talapker.registers.admin import ReadOnlyAdmin


@admin.register(Donor)
class DonorAdmin(ReadOnlyAdmin):
    list_display = ("ref", "donor_id")
    identifier_fields = ("donor_id",)
    search_fields = ("ref",)


@admin.register(FundDonor)
class FundDonorAdmin(ReadOnlyAdmin):
    list_display = ("donor", "fund", "kind", "name", "cents", "gifts")
    list_filter = ("kind", "election")
