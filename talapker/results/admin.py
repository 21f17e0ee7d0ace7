"""Election night in the staff admin, read-only: protocols change only by arriving, the
tally by their differences, the approval by the commission's act, each audit-logged."""

from __future__ import annotations

from django.contrib import admin

from talapker.registers.admin import ReadOnlyAdmin
from talapker.results.models import (
    Approval,
    PrecinctFlag,
    Protocol,
    ProtocolKey,
    ProtocolToken,
    Tally,
)


@admin.register(Protocol)
class ProtocolAdmin(ReadOnlyAdmin):
    list_display = ("precinct", "election", "count", "version", "effective", "received_at")
    list_filter = ("count", "effective", "channel")
    identifier_fields = ("precinct",)


@admin.register(ProtocolToken)
class ProtocolTokenAdmin(ReadOnlyAdmin):
    list_display = ("precinct", "election", "issued_at", "revoked")
    identifier_fields = ("precinct",)


@admin.register(ProtocolKey)
class ProtocolKeyAdmin(ReadOnlyAdmin):
    list_display = ("precinct", "election", "key")
    identifier_fields = ("precinct",)


@admin.register(PrecinctFlag)
class PrecinctFlagAdmin(ReadOnlyAdmin):
    list_display = ("precinct", "election", "rule", "severity", "raised_at")
    list_filter = ("rule",)
    identifier_fields = ("precinct",)


@admin.register(Tally)
class TallyAdmin(ReadOnlyAdmin):
    list_display = ("election", "area_kind", "area", "item", "value")
    list_filter = ("area_kind",)
    identifier_fields = ("area",)


@admin.register(Approval)
class ApprovalAdmin(ReadOnlyAdmin):
    list_display = ("election", "approved_at", "approved_by")
