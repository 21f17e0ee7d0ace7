from django.contrib import admin

from talapker.parties.models import Party


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin):
    list_display = ("name_ky", "code", "election", "ballot_position", "leader")
    list_filter = ("election",)
    search_fields = ("code", "name_ky", "name_ru", "name_en", "leader")
    readonly_fields = ("programme_sha256",)
    list_select_related = ("election",)
