"""Memberships are granted and revoked here (audited); tokens are only viewed and revoked:
they are issued by `talapker issue-token`, which is the only place their key is shown."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from talapker.accounts.models import ApiToken, Membership
from talapker.accounts.services import membership_grant, membership_revoke, token_revoke


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "fund", "bank", "body", "created_at")
    list_filter = ("role",)
    search_fields = ("user__username", "bank", "body", "fund__code")
    autocomplete_fields = ("user",)
    raw_id_fields = ("fund",)
    list_select_related = ("user", "fund")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a role changes by revoking one membership and granting another

    def save_model(self, request: HttpRequest, obj: Membership, form: Any, change: bool) -> None:
        if change:
            raise PermissionDenied
        membership_grant(
            obj.user,
            obj.role,
            fund=obj.fund,
            bank=obj.bank,
            body=obj.body,
            actor=request.user.get_username(),
        )

    def delete_model(self, request: HttpRequest, obj: Membership) -> None:
        membership_revoke(obj, actor=request.user.get_username())

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        for membership in queryset.select_related("user", "fund__election"):
            membership_revoke(membership, actor=request.user.get_username())


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "name", "user", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("prefix", "name", "user__username")
    readonly_fields = ("user", "name", "prefix", "created_at", "last_used_at", "revoked_at")
    exclude = ("key_hash",)
    list_select_related = ("user",)
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # revoked, never deleted: the audit log names them

    def has_revoke_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("accounts.change_apitoken")

    @admin.action(description=_("Revoke the selected tokens"), permissions=["revoke"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset.filter(revoked_at__isnull=True):
            token_revoke(token.prefix, actor=request.user.get_username())
