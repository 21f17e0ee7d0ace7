from django.contrib import admin
from django.http import HttpRequest

from talapker.audit.models import AuditEvent, AuditRoot, SigningKey


class ReadOnlyAdmin(admin.ModelAdmin):
    """The log is written by the platform alone: nothing is added, changed or removed here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("seq", "at", "actor", "action", "object_type", "object_id")
    list_filter = ("action", "object_type")
    search_fields = ("object_id", "actor")


@admin.register(AuditRoot)
class AuditRootAdmin(ReadOnlyAdmin):
    list_display = ("day", "size", "first_seq", "last_seq", "root", "signed_at")
    date_hierarchy = "day"


@admin.register(SigningKey)
class SigningKeyAdmin(ReadOnlyAdmin):
    list_display = ("fingerprint", "first_used", "retired_at", "reason", "successor")
