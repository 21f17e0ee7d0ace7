"""A candidate on a party's list, and the commission's decisions on registering them. The PIN
and birth date are personal data: they stay in the database for eligibility checks and never
reach a public page or the API."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from talapker.core.identifiers import is_pin
from talapker.core.pseudonyms import ref_for
from talapker.elections.models import Election
from talapker.parties.models import Party


def person_ref(pin: str, name_key: str) -> str:
    """The keyed pseudonym of the person filed: of their PIN, or, where the PIN is malformed
    or missing (so that two people could share it), of the PIN and the name together."""
    return ref_for(pin if is_pin(pin) else f"{pin}|{name_key}")


class Candidate(models.Model):
    class Sex(models.TextChoices):
        MALE = "M", _("Male")
        FEMALE = "F", _("Female")

    party = models.ForeignKey(
        Party, on_delete=models.CASCADE, related_name="candidates", verbose_name=_("party")
    )
    position = models.PositiveSmallIntegerField(_("list position"))
    # As the party filed it: a malformed or unknown PIN is a finding (CANDIDATE_PIN_UNKNOWN),
    # not a reason to refuse the list.
    pin = models.CharField(_("PIN"), max_length=32, blank=True, db_index=True)
    surname = models.CharField(_("surname"), max_length=120)
    name = models.CharField(_("name"), max_length=120)
    patronymic = models.CharField(_("patronymic"), max_length=120, blank=True)
    birth_date = models.DateField(_("birth date"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    region = models.CharField(_("region"), max_length=120, blank=True)
    name_key = models.CharField(_("name key"), max_length=400, db_index=True, editable=False)
    # Who stands here (`person_ref`): decisions and findings are the person's, so a party that
    # puts someone else at the place starts afresh.
    person_ref = models.CharField(_("person"), max_length=16, editable=False, default="")

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


class Decision(models.TextChoices):
    REGISTERED = "registered", pgettext_lazy("candidate", "registered")
    REFUSED = "refused", pgettext_lazy("candidate", "registration refused")
    REPLACED = "replaced", pgettext_lazy("candidate", "replaced by the party")


class CandidateDecision(models.Model):
    """The commission's decision on registering a candidate, with its reason; never edited: a
    later decision supersedes it. It names the person decided on (PIN, name, place), so it
    stands when a new list puts another person at that place (the party replaced them)."""

    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="+", verbose_name=_("election")
    )
    party = models.ForeignKey(
        Party, on_delete=models.CASCADE, related_name="+", verbose_name=_("party")
    )
    candidate = models.ForeignKey(
        Candidate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("candidate"),
    )
    position = models.PositiveSmallIntegerField(_("list position"))
    pin = models.CharField(_("PIN"), max_length=32, blank=True)
    person_ref = models.CharField(_("person"), max_length=16)
    full_name = models.CharField(_("full name"), max_length=400)
    decision = models.CharField(_("decision"), max_length=12, choices=Decision.choices)
    rule = models.CharField(_("rule"), max_length=40, blank=True)
    article = models.CharField(_("article"), max_length=40, blank=True)
    reason = models.TextField(_("reason"))
    decided_by = models.CharField(_("decided by"), max_length=150)
    decided_at = models.DateTimeField(_("decided at"))

    class Meta:
        ordering = ["party", "position", "-decided_at", "-pk"]
        verbose_name = _("decision on a candidate")
        verbose_name_plural = _("decisions on candidates")
        indexes = [models.Index(fields=["candidate", "-decided_at"], name="decision_latest")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(decision="refused") | ~models.Q(rule=""),
                name="decision_refusal_names_rule",
            )
        ]

    def __str__(self) -> str:
        return f"{self.full_name}: {self.decision}"
