"""Findings of the preliminary analysis (rules.md, "Findings as data") and the runs that
made them.

A finding is identified by its `key` (rule, fund, source, line and, for report rules, the
report's kind): a re-run updates the finding it made before instead of adding another, and
keeps its review state. A finding that a later run no longer produces (the report was
corrected, the money refunded) stays, marked inactive, with its history.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from talapker.complaints.models import Complaint
from talapker.elections.models import Election
from talapker.funds.models import Fund

AMOUNT: dict[str, Any] = {"max_digits": 16, "decimal_places": 2}


class Severity(models.TextChoices):
    VIOLATION = "violation", _("violation")
    WARNING = "warning", _("warning")
    NOTICE = "notice", _("notice")


class Source(models.TextChoices):
    CONTRIBUTION = "contribution", _("contribution")
    EXPENDITURE = "expenditure", _("expenditure")
    BANK = "bank", _("bank statement line")
    AD = "ad", _("advertisement")
    REPORT = "report", _("report")
    FUND = "fund", _("fund totals")
    CANDIDATE = "candidate", _("candidate list")


class Review(models.TextChoices):
    OPEN = "open", _("open")
    CONFIRMED = "confirmed", _("confirmed")
    DISMISSED = "dismissed", _("dismissed")


class ScreeningRun(models.Model):
    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="+", verbose_name=_("election")
    )
    fund = models.ForeignKey(
        Fund, on_delete=models.CASCADE, null=True, related_name="+", verbose_name=_("fund")
    )
    trigger = models.CharField(_("trigger"), max_length=64)
    started_at = models.DateTimeField(_("started at"))
    seconds = models.FloatField(_("seconds"), default=0)
    found = models.PositiveIntegerField(_("findings"), default=0)
    new = models.PositiveIntegerField(_("new findings"), default=0)
    resolved = models.PositiveIntegerField(_("no longer found"), default=0)
    changed = models.PositiveIntegerField(_("changed findings"), default=0)
    # The longest write transaction the run held: a run writes what changed in short
    # transactions, so other writers wait at most this long for it.
    write_seconds = models.FloatField(_("longest write (seconds)"), default=0)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("screening run")
        verbose_name_plural = _("screening runs")

    def __str__(self) -> str:
        return f"{self.election} {self.started_at:%Y-%m-%d %H:%M}"


class FindingQuerySet(models.QuerySet["Finding"]):
    def public(self) -> FindingQuerySet:
        """The findings the public register, the change feed and the finance pages show:
        those about money. A candidate's and a list's findings reach the public only as the
        commission's decision on the candidate (the candidates page), which names the rule
        and article and never the register's record (a death, a citizenship, a conviction)."""
        return self.exclude(source=Source.CANDIDATE)


class Finding(models.Model):
    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="findings", verbose_name=_("election")
    )
    fund = models.ForeignKey(
        Fund, on_delete=models.CASCADE, related_name="findings", verbose_name=_("fund")
    )
    key = models.CharField(_("key"), max_length=200)
    rule = models.CharField(_("rule"), max_length=40)
    severity = models.CharField(_("severity"), max_length=12, choices=Severity.choices)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    line = models.CharField(_("line"), max_length=100, blank=True)
    amount = models.DecimalField(_("amount"), null=True, **AMOUNT)
    evidence = models.JSONField(_("evidence"), default=dict)
    active = models.BooleanField(_("found by the latest run"), default=True)
    # A digest of what the run found (severity, amount, evidence): a re-run writes the
    # finding only when it differs.
    fingerprint = models.CharField(_("digest of the facts"), max_length=32, blank=True, default="")
    first_run = models.ForeignKey(
        ScreeningRun, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The run that last changed the finding (its facts, or whether it is found).
    last_run = models.ForeignKey(
        ScreeningRun, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    review = models.CharField(
        _("review"), max_length=12, choices=Review.choices, default=Review.OPEN
    )
    reviewed_by = models.CharField(_("reviewed by"), max_length=150, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_reason = models.TextField(_("reason"), blank=True)
    party_response = models.TextField(_("the party's response"), blank=True)
    refunded_amount = models.DecimalField(_("refunded"), null=True, blank=True, **AMOUNT)
    refunded_on = models.DateField(_("refunded on"), null=True, blank=True)
    # The complaints that prompted it or bear on it, linked on the complaint's staff page
    # (complaints/links.py, through this relation's reverse name `findings`).
    complaints = models.ManyToManyField(
        Complaint, blank=True, related_name="findings", verbose_name=_("complaints")
    )

    objects = FindingQuerySet.as_manager()

    class Meta:
        ordering = ["fund", "rule", "key"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        constraints = [models.UniqueConstraint(fields=["election", "key"], name="finding_key_once")]
        indexes = [
            models.Index(fields=["election", "active", "review", "severity"], name="finding_queue"),
            models.Index(fields=["fund", "rule"], name="finding_fund_rule"),
            # The change feed (disclosure/changes.py): confirmed findings from a moment on.
            models.Index(fields=["election", "review", "reviewed_at"], name="finding_reviewed"),
        ]

    def __str__(self) -> str:
        return self.key


class ScreeningLease(models.Model):
    """One fund screened by one run at a time: a run writes its findings in many short
    transactions, so two runs of a fund must not interleave. A lease that its holder did not
    release (a killed process) lapses at `expires_at`."""

    fund = models.OneToOneField(
        Fund, on_delete=models.CASCADE, primary_key=True, related_name="+", verbose_name=_("fund")
    )
    holder = models.CharField(_("held by the run"), max_length=80)
    expires_at = models.DateTimeField(_("lapses at"))

    class Meta:
        verbose_name = _("screening lease")
        verbose_name_plural = _("screening leases")

    def __str__(self) -> str:
        return f"{self.fund_id} {self.holder}"
