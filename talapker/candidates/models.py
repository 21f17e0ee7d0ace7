"""A candidate on a party's list. The PIN and birth date are personal data: they stay in
the database for eligibility checks and never reach a public page or the API."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from talapker.parties.models import Party


class Candidate(models.Model):
    class Sex(models.TextChoices):
        MALE = "M", _("Male")
        FEMALE = "F", _("Female")

    party = models.ForeignKey(
        Party, on_delete=models.CASCADE, related_name="candidates", verbose_name=_("party")
    )
    position = models.PositiveSmallIntegerField(_("list position"))
    pin = models.CharField(_("PIN"), max_length=14, db_index=True)
    surname = models.CharField(_("surname"), max_length=120)
    name = models.CharField(_("name"), max_length=120)
    patronymic = models.CharField(_("patronymic"), max_length=120, blank=True)
    birth_date = models.DateField(_("birth date"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    region = models.CharField(_("region"), max_length=120, blank=True)
    name_key = models.CharField(_("name key"), max_length=400, db_index=True, editable=False)

    class Meta:
        ordering = ["party", "position"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        constraints = [
            models.UniqueConstraint(
                fields=["party", "position"], name="candidate_position_per_list"
            ),
            models.CheckConstraint(
                condition=models.Q(position__gte=1), name="candidate_position_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.surname, self.name, self.patronymic) if p)

    @property
    def birth_year(self) -> int:
        return self.birth_date.year

    def age_on(self, day: dt.date) -> int:
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
