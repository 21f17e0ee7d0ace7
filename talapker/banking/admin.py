"""Statements, lines and reconciliation in the staff admin, read-only: they change only by
importing statements and filing reports."""

from __future__ import annotations

from django.contrib import admin

from talapker.banking.models import BankLine, Statement, Transaction
from talapker.registers.admin import ReadOnlyAdmin


@admin.register(Statement)
class StatementAdmin(ReadOnlyAdmin):
    list_display = ("name", "account", "format", "lines", "new_lines", "received_at", "channel")
    list_filter = ("format", "channel")
    search_fields = ("name", "sha256", "account__number")
    exclude = ("file",)


@admin.register(BankLine)
class BankLineAdmin(ReadOnlyAdmin):
    list_display = ("reference", "account", "booking_date", "amount", "counterparty_name")
    search_fields = ("reference", "counterparty_id")


@admin.register(Transaction)
class TransactionAdmin(ReadOnlyAdmin):
    list_display = (
        "fund",
        "date",
        "amount",
        "matched_by",
        "bank",
        "reported",
        "document",
        "status",
    )
    list_filter = ("status", "bank", "reported", "document", "fund__election")
