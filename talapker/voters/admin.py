"""The voter register in the staff admin, read-only: it changes only by its imports, its
builds and the reviewed requests, each audit-logged."""

from __future__ import annotations

from django.contrib import admin

from talapker.registers.admin import ReadOnlyAdmin
from talapker.voters.models import (
    AbroadImport,
    AbroadRegistration,
    Exclusion,
    MoveRequest,
    Precinct,
    RegisterBuild,
    RegisterChange,
    StationCount,
    Voter,
)


@admin.register(Precinct)
class PrecinctAdmin(ReadOnlyAdmin):
    list_display = ("code", "name_ru", "country", "region", "district", "capacity")
    list_filter = ("country",)
    identifier_fields = ("code",)


@admin.register(Voter)
class VoterAdmin(ReadOnlyAdmin):
    list_display = ("pin", "election", "precinct", "how")
    identifier_fields = ("pin",)


@admin.register(RegisterBuild)
class RegisterBuildAdmin(ReadOnlyAdmin):
    list_display = ("election", "built_at", "voters", "added", "removed", "moved", "seconds")


@admin.register(RegisterChange)
class RegisterChangeAdmin(ReadOnlyAdmin):
    list_display = ("build", "change", "pin", "precinct_from", "precinct_to")
    identifier_fields = ("pin",)


@admin.register(Exclusion)
class ExclusionAdmin(ReadOnlyAdmin):
    list_display = ("election", "reason", "count")


@admin.register(StationCount)
class StationCountAdmin(ReadOnlyAdmin):
    list_display = ("election", "precinct", "voters", "abroad_registered", "moved_here")


@admin.register(AbroadImport)
class AbroadImportAdmin(ReadOnlyAdmin):
    list_display = ("election", "file_name", "rows", "new", "imported_at")


@admin.register(AbroadRegistration)
class AbroadRegistrationAdmin(ReadOnlyAdmin):
    list_display = ("pin", "election", "country", "city", "precinct", "source")
    identifier_fields = ("pin",)


@admin.register(MoveRequest)
class MoveRequestAdmin(ReadOnlyAdmin):
    list_display = ("tracking_code", "election", "precinct", "state", "created_at")
    identifier_fields = ("tracking_code", "pin")
