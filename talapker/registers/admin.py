"""The registers in the staff admin: to look things up, never to edit.

Register tables change only by `talapker import-register`, a whole snapshot at a time, so
no row can be added, changed or deleted here. Searching by name takes any spelling: the
search text is turned into a name key (core.names) first, so "Жээнбеков", "Jeenbekov" and
"Zheenbekov" find the same people.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from talapker.core.names import entity_name_key, name_key
from talapker.registers.models import (
    Conviction,
    Diploma,
    Founder,
    LanguageCertificate,
    LegalEntity,
    Ownership,
    Person,
    RegisterSnapshot,
    TaxDebtor,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Viewable by staff with the view permission; nothing can be written."""

    show_full_result_count = False  # counting seven million rows on every search is waste
    list_per_page = 50
    # Search: exact identifiers, and the name key built from the search text.
    identifier_fields: tuple[str, ...] = ()
    name_key_field: str | None = None
    name_keyer: Callable[[str], str] = staticmethod(name_key)

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def get_search_fields(self, request: HttpRequest) -> tuple[str, ...]:
        fields = self.identifier_fields + ((self.name_key_field,) if self.name_key_field else ())
        return fields or tuple(self.search_fields)

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        term = search_term.strip()
        if not term or not (self.identifier_fields or self.name_key_field):
            return super().get_search_results(request, queryset, search_term)
        if term.isdigit():
            matches = queryset.none()
            for field in self.identifier_fields:
                matches = matches | queryset.filter(**{field: term})
            return matches, False
        if self.name_key_field:
            key = self.name_keyer(term)
            return queryset.filter(**{f"{self.name_key_field}__contains": key}), False
        return super().get_search_results(request, queryset, search_term)


@admin.register(RegisterSnapshot)
class RegisterSnapshotAdmin(ReadOnlyAdmin):
    list_display = ("kind", "file_name", "row_count", "imported_at", "imported_by", "seconds")
    list_filter = ("kind",)
    search_fields = ("file_name", "sha256")
    date_hierarchy = "imported_at"


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = (
        "pin",
        "surname",
        "name",
        "patronymic",
        "birth_date",
        "sex",
        "citizenship",
        "death_date",
        "region",
        "precinct",
        "pin_consistent",
    )
    list_filter = ("pin_consistent", "holds_kgz", "biometric", "sex")
    identifier_fields = ("pin",)
    name_key_field = "name_key"


@admin.register(LegalEntity)
class LegalEntityAdmin(ReadOnlyAdmin):
    list_display = (
        "inn",
        "name",
        "legal_form",
        "country",
        "registration_date",
        "liquidation_date",
        "state_share",
    )
    list_filter = ("legal_form", "country")
    identifier_fields = ("inn",)
    name_key_field = "name_key"
    name_keyer = staticmethod(entity_name_key)


@admin.register(Founder)
class FounderAdmin(ReadOnlyAdmin):
    list_display = ("entity_inn", "founder_kind", "founder_id", "founder_name", "country", "share")
    list_filter = ("founder_kind",)
    identifier_fields = ("entity_inn", "founder_id")
    name_key_field = "name_key"


@admin.register(Ownership)
class OwnershipAdmin(ReadOnlyAdmin):
    """The closure kept with the founders register (registers/ownership.py)."""

    list_display = ("inn", "foreign_share", "founders_total", "cycle")
    list_filter = ("cycle",)
    identifier_fields = ("inn",)


@admin.register(TaxDebtor)
class TaxDebtorAdmin(ReadOnlyAdmin):
    list_display = ("inn", "debt_kgs", "creditor", "as_of")
    list_filter = ("creditor",)
    identifier_fields = ("inn",)


@admin.register(Conviction)
class ConvictionAdmin(ReadOnlyAdmin):
    list_display = ("pin", "article", "conviction_date", "expunged")
    list_filter = ("expunged",)
    identifier_fields = ("pin",)


@admin.register(LanguageCertificate)
class LanguageCertificateAdmin(ReadOnlyAdmin):
    list_display = ("pin", "certificate_no", "level", "issued")
    identifier_fields = ("pin",)


@admin.register(Diploma)
class DiplomaAdmin(ReadOnlyAdmin):
    list_display = ("pin", "level", "issued")
    list_filter = ("level",)
    identifier_fields = ("pin",)
