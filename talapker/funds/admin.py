from django.contrib import admin

from talapker.funds.models import Account, Fund


class AccountInline(admin.TabularInline):
    model = Account
    extra = 0


@admin.register(Fund)
class FundAdmin(admin.ModelAdmin):
    list_display = ("code", "election", "party")
    list_filter = ("election",)
    search_fields = ("code",)
    inlines = [AccountInline]
    list_select_related = ("election", "party")


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    list_display = ("number", "bank", "fund", "opened_on")
    search_fields = ("number", "bank")
    list_select_related = ("fund",)
