"""The ballot-order lot draw of one election: the commitment published before it, the
witnesses' inputs called out at it, the order it fixed and its protocol (docs/draw.md)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from talapker.elections.models import Election


class BallotDraw(models.Model):
    """One per election. Created by the commitment; the draw fills in the rest once."""

    election = models.OneToOneField(
        Election, on_delete=models.CASCADE, related_name="ballot_draw", verbose_name=_("election")
    )
    commitment = models.CharField(_("commitment"), max_length=64)
    # Private until the draw reveals it in the protocol: never shown while drawn_at is empty.
    secret = models.CharField(_("secret"), max_length=64)
    committed_at = models.DateTimeField(_("committed at"))
    witnesses = models.JSONField(_("witness inputs"), default=list)
    seed = models.CharField(_("seed"), max_length=64, blank=True)
    algorithm = models.CharField(_("algorithm"), max_length=64, blank=True)
    algorithm_version = models.PositiveSmallIntegerField(
        _("algorithm version"), null=True, blank=True
    )
    order = models.JSONField(_("ballot order"), default=list)
    drawn_at = models.DateTimeField(_("drawn at"), null=True, blank=True)
    protocol = models.JSONField(_("protocol"), null=True, blank=True)

    class Meta:
        verbose_name = _("ballot-order draw")
        verbose_name_plural = _("ballot-order draws")

    def __str__(self) -> str:
        return f"{self.election.code}: {'drawn' if self.drawn else 'committed'}"

    @property
    def drawn(self) -> bool:
        return self.drawn_at is not None
