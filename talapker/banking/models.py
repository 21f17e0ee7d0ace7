"""Bank statements as received, their lines, and the reconciliation of each transaction.

A `BankLine` is one booking on a fund's special account, kept once per account however many
statements repeat it: its `identity` is the whole booking (`banking.identity`, decision 0012)
and its `reference` the label pages and findings name it by (the bank's reference where that
is its own). A `Statement` records each statement a bank sent (the file's hash and the
statement's place in it, its balances, how many of its lines were new): a file may hold
several, of one account or several; the same file twice adds no record. A `Transaction`
is the reconciliation's verdict on one movement of money: the bank line, the filed item, or
both, with the three-way status (bank, report, scanned document) that auditors read.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from talapker.filings.models import AMOUNT, Channel, Contribution, Expenditure
from talapker.filings.storage import private_storage
from talapker.funds.models import Account, Fund


class Statement(models.Model):
    account = models.ForeignKey(
        Account, on_delete=models.CASCADE, related_name="statements", verbose_name=_("account")
    )
    format = models.CharField(_("format"), max_length=16)
    statement_id = models.CharField(_("statement number"), max_length=64, blank=True)
    sequence = models.CharField(_("statement and page"), max_length=64, blank=True)
    name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    file = models.FileField(_("file"), storage=private_storage, upload_to="statements/")
    opening_balance = models.DecimalField(_("opening balance"), null=True, **AMOUNT)
    opening_date = models.DateField(_("opening date"), null=True)
    closing_balance = models.DecimalField(_("closing balance"), null=True, **AMOUNT)
    closing_date = models.DateField(_("closing date"), null=True)
    position = models.PositiveIntegerField(_("place in the file"), default=1)
    lines = models.PositiveIntegerField(_("lines"))
    new_lines = models.PositiveIntegerField(_("new lines"))
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    received_by = models.CharField(_("received from"), max_length=150, blank=True)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)

    class Meta:
        ordering = ["account", "received_at"]
        verbose_name = _("bank statement")
        verbose_name_plural = _("bank statements")
        constraints = [
            models.UniqueConstraint(
                fields=["account", "sha256", "position"], name="statement_file_once"
            )
        ]
        # The change feed (disclosure/changes.py) reads statements from a moment on.
        indexes = [models.Index(fields=["received_at"], name="statement_received_at")]

    def __str__(self) -> str:
        return f"{self.account} · {self.name}"


class BankLine(models.Model):
    account = models.ForeignKey(
        Account, on_delete=models.CASCADE, related_name="lines", verbose_name=_("account")
    )
    statement = models.ForeignKey(
        Statement,
        on_delete=models.CASCADE,
        related_name="new_bank_lines",
        verbose_name=_("first received in"),
    )
    reference = models.CharField(_("reference"), max_length=100)
    identity = models.CharField(_("identity"), max_length=64)
    booking_date = models.DateField(_("booking date"))
    value_date = models.DateField(_("value date"), null=True)
    amount = models.DecimalField(_("amount"), **AMOUNT)
    currency = models.CharField(_("currency"), max_length=3)
    counterparty_name = models.CharField(_("counterparty"), max_length=500, blank=True)
    counterparty_id = models.CharField(_("counterparty id"), max_length=64, blank=True)
    counterparty_account = models.CharField(_("counterparty account"), max_length=64, blank=True)
    purpose = models.CharField(_("purpose"), max_length=2000, blank=True)

    class Meta:
        ordering = ["account", "booking_date", "reference"]
        verbose_name = _("bank statement line")
        verbose_name_plural = _("bank statement lines")
        constraints = [
            models.UniqueConstraint(fields=["account", "reference"], name="bank_line_once"),
            models.UniqueConstraint(fields=["account", "identity"], name="bank_line_identity"),
        ]

    def __str__(self) -> str:
        return self.reference


class Transaction(models.Model):
    """One movement of money as the reconciliation sees it (rules.md, bank rules)."""

    class Matched(models.TextChoices):
        REFERENCE = "reference", _("by reference")
        AMOUNT_DATE = "amount_date", _("by amount, counterparty and date")
        NONE = "", _("not matched")

    class Bank(models.TextChoices):
        MATCHED = "matched", _("in the statement")
        AMOUNT_MISMATCH = "amount_mismatch", _("amount differs from the statement")
        MISSING = "missing", _("not in the statement")
        NOT_EXPECTED = "not_expected", _("not a bank movement (in kind)")

    class Reported(models.TextChoices):
        DECLARED = "declared", _("declared")
        UNDECLARED = "undeclared", _("not declared")
        PENDING = "pending", _("after the period reported so far")

    class Document(models.TextChoices):
        SCANNED = "scanned", _("signed scan on file")
        MISSING = "missing", _("no signed scan")

    class Status(models.TextChoices):
        AGREES = "agrees", _("agrees")
        DIFFERS = "differs", _("differs")
        PENDING = "pending", _("pending")

    fund = models.ForeignKey(
        Fund, on_delete=models.CASCADE, related_name="transactions", verbose_name=_("fund")
    )
    contribution = models.OneToOneField(
        Contribution, on_delete=models.CASCADE, null=True, related_name="+"
    )
    expenditure = models.OneToOneField(
        Expenditure, on_delete=models.CASCADE, null=True, related_name="+"
    )
    bank_line = models.OneToOneField(
        BankLine, on_delete=models.CASCADE, null=True, related_name="+"
    )
    date = models.DateField(_("date"))
    amount = models.DecimalField(_("amount"), **AMOUNT)  # signed: + money in, - money out
    matched_by = models.CharField(_("matched"), max_length=16, choices=Matched.choices, blank=True)
    bank = models.CharField(_("bank"), max_length=16, choices=Bank.choices)
    reported = models.CharField(_("report"), max_length=16, choices=Reported.choices)
    document = models.CharField(_("document"), max_length=16, choices=Document.choices)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices)

    class Meta:
        ordering = ["fund", "date", "id"]
        verbose_name = _("transaction")
        verbose_name_plural = _("transactions")
        indexes = [models.Index(fields=["fund", "status"], name="transaction_fund_status")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(contribution__isnull=True) | models.Q(expenditure__isnull=True),
                name="transaction_one_item",
            ),
            models.CheckConstraint(
                condition=models.Q(contribution__isnull=False)
                | models.Q(expenditure__isnull=False)
                | models.Q(bank_line__isnull=False),
                name="transaction_not_empty",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fund} {self.date} {self.amount} {self.status}"
