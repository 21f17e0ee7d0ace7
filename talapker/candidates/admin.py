from __future__ import annotations

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from talapker.candidates.models import Candidate, CandidateDecision


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    list_display = ("full_name", "party", "position", "sex", "region")
    list_filter = ("party__election", "sex")
    search_fields = ("surname", "name", "patronymic", "pin", "name_key")
    list_select_related = ("party",)
    readonly_fields = ("name_key",)


@admin.register(CandidateDecision)
class CandidateDecisionAdmin(admin.ModelAdmin):
    """Read-only: decisions are made on the commission's candidate pages, audit-logged, and
    never edited (a later decision supersedes one)."""

    list_display = ("full_name", "party", "position", "decision", "rule", "decided_at")
    list_filter = ("election", "decision")
    search_fields = ("full_name", "pin")
    list_select_related = ("party",)

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False
