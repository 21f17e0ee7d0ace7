"""An election: its code, kind, names in three languages, key dates and rule parameters."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from talapker.core.i18n import localized
from talapker.elections.parameters import defaults


class Election(models.Model):
    class Kind(models.TextChoices):
        PARLIAMENTARY = "parliamentary", _("Parliamentary")
        PRESIDENTIAL = "presidential", _("Presidential")
        LOCAL = "local", _("Local")
        REFERENDUM = "referendum", _("Referendum")

    code = models.SlugField(_("code"), max_length=64, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name_ky = models.CharField(_("name (Kyrgyz)"), max_length=300)
    name_ru = models.CharField(_("name (Russian)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)
    campaign_start = models.DateField(_("campaign start"))
    election_day = models.DateField(_("election day"))
    rules = models.JSONField(_("rule parameters"), default=defaults)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now=True)

    class Meta:
        ordering = ["-election_day", "code"]
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(campaign_start__lte=models.F("election_day")),
                name="election_campaign_before_day",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")

    def rule(self, key: str) -> Any:
        """One rule parameter (already validated when the election was loaded). A parameter
        added to the platform after the election was loaded reads as its default."""
        if key in self.rules:
            return self.rules[key]
        return defaults()[key]

    def cap_kgs(self, key: str) -> Decimal:
        """A cap written in calculated indices, in som."""
        return Decimal(self.rules[key]) * Decimal(self.rules["calculated_index_kgs"])

    @property
    def interim_report_due(self) -> dt.date:
        return self.election_day - dt.timedelta(days=self.rules["interim_report_days_before"])

    @property
    def final_report_due(self) -> dt.date:
        return self.election_day + dt.timedelta(days=self.rules["final_report_days_after"])
