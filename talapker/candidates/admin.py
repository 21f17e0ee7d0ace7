from django.contrib import admin

from talapker.candidates.models import Candidate


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    list_display = ("full_name", "party", "position", "sex", "region")
    list_filter = ("party__election", "sex")
    search_fields = ("surname", "name", "patronymic", "pin", "name_key")
    list_select_related = ("party",)
    readonly_fields = ("name_key",)
