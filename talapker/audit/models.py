"""The append-only, hash-chained audit log.

Every write of consequence adds one event in the same transaction as the write. Each event's
hash covers its content and the previous event's hash, so removing, reordering or editing an
event breaks the chain, which `talapker audit-verify` detects. Action codes are stable and
never renamed (docs/audit.md lists them).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    seq = models.PositiveBigIntegerField(_("sequence"), unique=True)
    at = models.DateTimeField(_("time"))
    actor = models.CharField(_("actor"), max_length=200)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    object_type = models.CharField(_("object type"), max_length=64)
    object_id = models.CharField(_("object"), max_length=200)
    data = models.JSONField(_("data"), default=dict)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    class Meta:
        ordering = ["seq"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"


class AuditRoot(models.Model):
    """The signed Merkle root (RFC 9162) of one finished day's events, in Bishkek time.

    Sealed once, after the day, and never changed: a root that no longer matches its events,
    or whose signature fails, shows that the log was rewritten (merkle.py, roots.py)."""

    day = models.DateField(_("day"), unique=True)
    first_seq = models.PositiveBigIntegerField(_("first event"))
    last_seq = models.PositiveBigIntegerField(_("last event"))
    size = models.PositiveIntegerField(_("events"))
    root = models.CharField(_("root hash"), max_length=64)
    signature = models.CharField(_("signature"), max_length=128)
    signed_at = models.DateTimeField(_("signed at"))
    key = models.CharField(_("key fingerprint"), max_length=64)

    class Meta:
        ordering = ["-day"]
        verbose_name = _("audit root")
        verbose_name_plural = _("audit roots")

    def __str__(self) -> str:
        return f"{self.day} #{self.first_seq}–#{self.last_seq}"


class SigningKey(models.Model):
    """A public key the platform has signed with: the current one and every retired one, so
    that roots signed before a rotation still verify, and a root that a retired key signed
    for a day after its retirement is caught (roots.py)."""

    fingerprint = models.CharField(_("key fingerprint"), max_length=64, unique=True)
    public_key = models.CharField(_("public key (hex)"), max_length=64)
    first_used = models.DateTimeField(_("in use since"))
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    successor = models.CharField(_("successor's fingerprint"), max_length=64, blank=True)
    handover_signature = models.CharField(
        _("handover signature (hex)"),
        max_length=128,
        blank=True,
        help_text=_(
            "This key's signature of the key that succeeded it; empty when it was retired "
            "as compromised."
        ),
    )

    class Meta:
        ordering = ["first_used"]
        verbose_name = _("signing key")
        verbose_name_plural = _("signing keys")

    def __str__(self) -> str:
        return self.fingerprint[:16]
