from django.contrib import admin

from talapker.elections.models import Election


@admin.register(Election)
class ElectionAdmin(admin.ModelAdmin):
    list_display = ("code", "name_ky", "kind", "campaign_start", "election_day")
    list_filter = ("kind",)
    search_fields = ("code", "name_ky", "name_ru", "name_en")
    readonly_fields = ("loaded_at",)
