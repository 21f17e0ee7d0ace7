"""Political ads as the ad libraries export them, the history of their spend ranges, the
official exchange rates that turn those ranges into som, and the log of imported files.

An `Ad` is one ad of one election, keyed by the library's own `ad_id`: a newer export of
the same ad updates its row and adds an `AdSpend` row, so the history of the ranges the
library showed is kept. Spend is held twice: as exported (range and currency) and in som at
the rate of the ad's start date (`Rate`), because the rules compare it with declarations in
som.

The payer match (`payers.py`) is kept on the ad. A register row is never pointed at by id
(a register snapshot replaces every row, registers/models.py), so the match is stored by
natural key: `payer_inn` joins `registers_legalentity.inn`, `payer_person_pin` joins
`registers_person.pin`. The PIN of a private payer is never published.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from talapker.elections.models import Election
from talapker.parties.models import Party

# Spend as exported and in som: exact decimals with two places (formats.md).
MONEY: dict[str, Any] = {"max_digits": 16, "decimal_places": 2}
# Som per unit of a currency: the National Bank publishes four decimals; six leave room.
RATE: dict[str, Any] = {"max_digits": 16, "decimal_places": 6}


class Source(models.TextChoices):
    CSV = "csv", _("ads.csv (exchange format)")
    META = "meta", _("Meta Ad Library")
    GOOGLE = "google", _("Google political ads transparency report")


class PayerKind(models.TextChoices):
    PARTY = "party", _("the party itself")
    LEGAL_ENTITY = "legal_entity", _("legal entity")
    PERSON = "person", _("person")
    UNMATCHED = "unmatched", _("not found in the registers")


class Rate(models.Model):
    """An official exchange rate: som per one unit of `currency` on `date` (rates.csv)."""

    date = models.DateField(_("date"))
    currency = models.CharField(_("currency"), max_length=3)
    rate_kgs = models.DecimalField(_("som per unit"), **RATE)

    class Meta:
        ordering = ["date", "currency"]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        constraints = [
            models.UniqueConstraint(fields=["date", "currency"], name="ads_rate_once"),
            models.CheckConstraint(condition=models.Q(rate_kgs__gt=0), name="ads_rate_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.currency} {self.rate_kgs}"


class AdImport(models.Model):
    """One imported ad-library file. The same file twice for an election is one record.

    `rows` = `new` + `updated` + `unchanged` + `skipped`."""

    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="ad_imports", verbose_name=_("election")
    )
    source = models.CharField(_("format"), max_length=8, choices=Source.choices)
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    rows = models.PositiveIntegerField(_("ads in the file"))
    new = models.PositiveIntegerField(_("new ads"))
    updated = models.PositiveIntegerField(_("updated ads"))
    unchanged = models.PositiveIntegerField(_("unchanged ads"))
    skipped = models.PositiveIntegerField(
        _("ads attributed to no party"),
        default=0,
        help_text=_("Ads of a library export whose page, payer and text name no party."),
    )
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now)
    imported_by = models.CharField(_("imported by"), max_length=200, blank=True)

    class Meta:
        ordering = ["election", "imported_at", "id"]
        verbose_name = _("ad-library import")
        verbose_name_plural = _("ad-library imports")
        constraints = [
            models.UniqueConstraint(fields=["election", "sha256"], name="ads_import_file_once")
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.imported_at:%Y-%m-%d %H:%M})"


class Ad(models.Model):
    """One ad of an election as its newest export shows it, with its payer match."""

    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="ads", verbose_name=_("election")
    )
    ad_id = models.CharField(_("ad id"), max_length=64)
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    platform = models.CharField(_("platform"), max_length=64)
    page_id = models.CharField(_("page or advertiser id"), max_length=64, blank=True)
    page_name = models.CharField(_("page"), max_length=500)
    payer = models.CharField(_("paid for by"), max_length=500, blank=True)
    payer_id = models.CharField(
        _("payer INN or PIN as exported"), max_length=64, blank=True, editable=False
    )
    party = models.ForeignKey(
        Party, on_delete=models.CASCADE, related_name="ads", verbose_name=_("party")
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    text = models.TextField(_("ad text"), blank=True)
    spend_lower = models.DecimalField(_("spend from"), **MONEY)
    spend_upper = models.DecimalField(_("spend to"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3)
    rate_kgs = models.DecimalField(_("rate (som per unit)"), **RATE)
    spend_lower_kgs = models.DecimalField(_("spend from (som)"), **MONEY)
    spend_upper_kgs = models.DecimalField(_("spend to (som)"), **MONEY)
    impressions_lower = models.BigIntegerField(_("impressions from"), null=True, blank=True)
    impressions_upper = models.BigIntegerField(_("impressions to"), null=True, blank=True)
    # The payer match (payers.py), recomputed after every import.
    payer_kind = models.CharField(
        _("payer kind"), max_length=16, choices=PayerKind.choices, default=PayerKind.UNMATCHED
    )
    payer_inn = models.CharField(_("payer INN (register)"), max_length=14, blank=True)
    payer_person_pin = models.CharField(
        _("payer PIN (register, never published)"), max_length=14, blank=True, editable=False
    )
    payer_score = models.PositiveSmallIntegerField(_("payer match score"), default=0)
    first_seen = models.ForeignKey(
        AdImport, on_delete=models.PROTECT, related_name="new_ads", verbose_name=_("first seen in")
    )
    last_seen = models.ForeignKey(
        AdImport, on_delete=models.PROTECT, related_name="+", verbose_name=_("last seen in")
    )

    class Meta:
        ordering = ["election", "start_date", "ad_id"]
        verbose_name = _("political ad")
        verbose_name_plural = _("political ads")
        constraints = [
            models.UniqueConstraint(fields=["election", "ad_id"], name="ads_ad_once"),
            models.CheckConstraint(
                condition=models.Q(spend_lower__lte=models.F("spend_upper")),
                name="ads_spend_range",
            ),
            models.CheckConstraint(
                condition=models.Q(payer_score__lte=100), name="ads_payer_score"
            ),
        ]
        indexes = [
            models.Index(fields=["election", "party"], name="ads_ad_party"),
            models.Index(fields=["election", "payer_kind"], name="ads_ad_payer_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.ad_id} {self.page_name}"


class AdSpend(models.Model):
    """The ranges one import showed for one ad: the history behind `Ad`'s newest values."""

    ad = models.ForeignKey(Ad, on_delete=models.CASCADE, related_name="spends")
    batch = models.ForeignKey(
        AdImport, on_delete=models.CASCADE, related_name="spends", verbose_name=_("import")
    )
    imported_at = models.DateTimeField(_("imported at"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    spend_lower = models.DecimalField(_("spend from"), **MONEY)
    spend_upper = models.DecimalField(_("spend to"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3)
    spend_lower_kgs = models.DecimalField(_("spend from (som)"), **MONEY)
    spend_upper_kgs = models.DecimalField(_("spend to (som)"), **MONEY)
    impressions_lower = models.BigIntegerField(_("impressions from"), null=True, blank=True)
    impressions_upper = models.BigIntegerField(_("impressions to"), null=True, blank=True)

    class Meta:
        ordering = ["ad", "imported_at", "id"]
        verbose_name = _("ad spend range")
        verbose_name_plural = _("ad spend history")
        constraints = [
            models.UniqueConstraint(fields=["ad", "batch"], name="ads_spend_once_per_import")
        ]

    def __str__(self) -> str:
        return f"{self.ad} {self.spend_lower}-{self.spend_upper} {self.currency}"
