"""A party as registered for one election: names in three languages, ballot position and
programme (whose text is kept for search)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from talapker.core.i18n import localized
from talapker.core.names import name_key
from talapker.elections.models import Election

# Between the keys of the three names, so that a search never matches across two of them.
KEY_SEPARATOR = "|"


def party_name_key(name_ky: str, name_ru: str, name_en: str) -> str:
    """The script-insensitive keys (core/names.py) of a party's three names, for search:
    «Ата Мекен», "ата мекен" and "Ata Meken" all have the key "ata meken"."""
    return KEY_SEPARATOR.join(name_key(name) for name in (name_ky, name_ru, name_en))


class Party(models.Model):
    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="parties", verbose_name=_("election")
    )
    code = models.SlugField(_("code"), max_length=64)
    name_ky = models.CharField(_("name (Kyrgyz)"), max_length=300)
    name_ru = models.CharField(_("name (Russian)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)
    registration_no = models.CharField(_("registration number"), max_length=64)
    leader = models.CharField(_("leader"), max_length=300)
    founded = models.DateField(_("founded"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    ballot_position = models.PositiveSmallIntegerField(_("ballot position"), null=True, blank=True)
    programme = models.FileField(_("programme (PDF)"), upload_to="programmes/", blank=True)
    programme_sha256 = models.CharField(_("programme SHA-256"), max_length=64, blank=True)
    programme_text = models.TextField(_("programme text"), blank=True)
    # The keys of the three names (party_name_key): search folds case and script through
    # it on every database, where SQLite's LIKE folds ASCII letters only.
    name_key = models.CharField(_("name key"), max_length=1000, editable=False, default="")

    class Meta:
        ordering = ["election", models.F("ballot_position").asc(nulls_last=True), "name_ky"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.UniqueConstraint(fields=["election", "code"], name="party_code_per_election"),
            models.UniqueConstraint(
                fields=["election", "ballot_position"], name="party_ballot_position_per_election"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name_key = party_name_key(self.name_ky, self.name_ru, self.name_en)
        super().save(*args, **kwargs)

    @property
    def name(self) -> str:
        return localized(self, "name")
