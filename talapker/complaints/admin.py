"""The complaints in the staff admin. The commission edits the bodies and the routing table
here (each change audit-logged); complaints, their steps and files are read-only (they
change only through their pages), and the complainant's name and contact are left out:
only the staff handling a complaint see them, on its page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db import transaction
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from talapker.audit.services import audit_record
from talapker.complaints.models import Attachment, Body, Complaint, Route, Step
from talapker.complaints.places import region_choices
from talapker.registers.admin import ReadOnlyAdmin


def _audited(action: str, obj: Body | Route, request: HttpRequest) -> None:
    data: dict[str, Any]
    if isinstance(obj, Body):
        object_type, object_id = "complaints.body", obj.code
        data = {"kind": obj.kind, "name_ru": obj.name_ru}
    else:
        object_type, object_id = "complaints.route", f"{obj.category}/{obj.region or '*'}"
        data = {"body": obj.body.code}
    audit_record(
        f"complaints.{object_type.split('.')[1]}_{action}",
        actor=request.user.get_username(),
        object_type=object_type,
        object_id=object_id,
        data=data,
    )


class AuditedAdmin(admin.ModelAdmin):
    """Every save and delete in one transaction with its audit event."""

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            _audited("changed" if change else "added", obj, request)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            _audited("deleted", obj, request)
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(Body)
class BodyAdmin(AuditedAdmin):
    list_display = ("code", "kind", "name_ru", "name_ky")
    list_filter = ("kind",)
    search_fields = ("code", "name_ky", "name_ru", "name_en")


class RouteForm(forms.ModelForm):
    """A route's region chosen among the regions (and abroad), or every other region."""

    region = forms.ChoiceField(label=_("region"), required=False, choices=())

    class Meta:
        model = Route
        fields = ("category", "region", "body")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region = self.fields["region"]
        assert isinstance(region, forms.ChoiceField)
        region.choices = [("", _("every other region")), *region_choices()]


@admin.register(Route)
class RouteAdmin(AuditedAdmin):
    form = RouteForm
    list_display = ("category", "region", "body")
    list_filter = ("category", "body")
    list_select_related = ("body",)


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdmin):
    list_display = ("tracking_code", "election", "category", "region", "body", "state", "deadline")
    list_filter = ("state", "category", "body")
    exclude = ("name", "contact")
    identifier_fields = ("tracking_code",)
    search_fields = ("tracking_code",)


@admin.register(Step)
class StepAdmin(ReadOnlyAdmin):
    list_display = ("complaint", "kind", "at", "actor")
    list_filter = ("kind",)


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ("complaint", "kind", "content_type", "size", "sha256")
    exclude = ("file",)  # handed out by the complaint's staff page only
