"""Election funds and their special accounts (formats.md, section 5: `accounts.csv`).

A fund belongs to a party (party-list elections) or to a candidate; its code is the party's
code or the candidate's PIN. Each fund has one special account at a designated bank, and a
statement's account number resolves to its fund through this table.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from talapker.elections.models import Election
from talapker.parties.models import Party


class Fund(models.Model):
    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="funds", verbose_name=_("election")
    )
    code = models.CharField(_("code"), max_length=64)
    party = models.OneToOneField(
        Party,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="fund",
        verbose_name=_("party"),
    )

    class Meta:
        ordering = ["election", "code"]
        verbose_name = _("election fund")
        verbose_name_plural = _("election funds")
        constraints = [
            models.UniqueConstraint(fields=["election", "code"], name="fund_code_per_election")
        ]

    def __str__(self) -> str:
        return str(self.party) if self.party else self.code


class Account(models.Model):
    fund = models.ForeignKey(
        Fund, on_delete=models.CASCADE, related_name="accounts", verbose_name=_("fund")
    )
    bank = models.CharField(_("bank"), max_length=200)
    number = models.CharField(_("account number"), max_length=64, unique=True)
    opened_on = models.DateField(_("opened on"))

    class Meta:
        ordering = ["fund", "number"]
        verbose_name = _("special account")
        verbose_name_plural = _("special accounts")

    def __str__(self) -> str:
        return f"{self.bank} {self.number}"
