"""Election night: the precinct protocols as they arrive (formats.md section 7), the flags
the protocol rules raise (rules.md, "Protocol rules"), the running tally and the
commission's approval of the results.

Every protocol ever received is kept (`Protocol`): a re-sent one is a new version, and a
manual recount is kept beside the machine count. One protocol per precinct counts, the
`effective` one: the latest manual count if there is one, else the latest machine count.
The tally (`Tally`) holds sums per area, updated by the difference each arrival makes
(`tally.py`), never recomputed from the protocols.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from talapker.elections.models import Election


class Count(models.TextChoices):
    MACHINE = "machine", _("machine count")
    MANUAL = "manual", _("manual count")


class Channel(models.TextChoices):
    API = "api", _("from the precinct (API)")
    UPLOAD = "upload", _("uploaded by staff")
    FILE = "file", _("imported from a file")


class ProtocolToken(models.Model):
    """A precinct commission's credential for sending its protocols (`X-Precinct-Token`):
    the database keeps the SHA-256 of the key, shown once when issued."""

    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="+", verbose_name=_("election")
    )
    precinct = models.CharField(_("polling station"), max_length=16)
    sha256 = models.CharField(_("SHA-256 of the key"), max_length=64, unique=True)
    issued_at = models.DateTimeField(_("issued at"))
    revoked = models.BooleanField(_("revoked"), default=False)

    class Meta:
        verbose_name = _("precinct token")
        verbose_name_plural = _("precinct tokens")
        indexes = [models.Index(fields=["election", "precinct"], name="protocol_token_precinct")]

    def __str__(self) -> str:
        return f"{self.election_id} {self.precinct}"


class Protocol(models.Model):
    """One protocol as received, never changed afterwards (but for `effective`)."""

    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="+", verbose_name=_("election")
    )
    precinct = models.CharField(_("polling station"), max_length=16)
    count = models.CharField(_("count"), max_length=8, choices=Count.choices)
    # 1, 2, … per precinct and count: the order of arrival.
    version = models.PositiveIntegerField(_("version"))
    effective = models.BooleanField(_("counts in the tally"), default=False)
    received_at = models.DateTimeField(_("received at"))
    channel = models.CharField(_("received"), max_length=8, choices=Channel.choices)
    sender = models.CharField(_("sent by"), max_length=150)
    sha256 = models.CharField(_("SHA-256 of the protocol"), max_length=64)
    registered = models.PositiveIntegerField(_("voters on the list"))
    ballots_received = models.PositiveIntegerField(_("ballots received"))
    ballots_issued = models.PositiveIntegerField(_("ballots issued"))
    biometric_identified = models.PositiveIntegerField(_("identified biometrically"))
    ballots_in_box = models.PositiveIntegerField(_("ballots in the boxes"))
    invalid = models.PositiveIntegerField(_("invalid ballots"))
    against_all = models.PositiveIntegerField(_("against all"))
    votes = models.JSONField(_("votes"), default=dict)
    preferences = models.JSONField(_("preferential votes"), default=dict)

    class Meta:
        ordering = ["precinct", "count", "version"]
        verbose_name = _("protocol")
        verbose_name_plural = _("protocols")
        constraints = [
            models.UniqueConstraint(
                fields=["election", "precinct", "count", "version"], name="protocol_version_once"
            ),
            models.UniqueConstraint(
                fields=["election", "precinct"],
                condition=models.Q(effective=True),
                name="protocol_one_effective",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.precinct} {self.count} {self.version}"


class ProtocolKey(models.Model):
    """A sender's `Idempotency-Key` for one protocol: a retry answers the first receipt."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="+")
    precinct = models.CharField(max_length=16)
    key = models.CharField(max_length=200)
    request_sha256 = models.CharField(max_length=64)
    protocol = models.ForeignKey(Protocol, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [
            models.UniqueConstraint(
                fields=["election", "precinct", "key"], name="protocol_key_once"
            )
        ]

    def __str__(self) -> str:
        return self.key


class PrecinctFlag(models.Model):
    """What the protocol rules find at a precinct now (rules.md, source `protocol`): the
    control relations of its effective protocol, a manual count that differs from the
    machine's, and a turnout or a share far outside its group. Rewritten as protocols
    arrive; the flags of an earlier version are recomputed from it when shown."""

    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="+", verbose_name=_("election")
    )
    precinct = models.CharField(_("polling station"), max_length=16)
    rule = models.CharField(_("rule"), max_length=40)
    severity = models.CharField(_("severity"), max_length=12)
    evidence = models.JSONField(_("evidence"), default=dict)
    raised_at = models.DateTimeField(_("raised at"))

    class Meta:
        ordering = ["precinct", "rule"]
        verbose_name = _("protocol flag")
        verbose_name_plural = _("protocol flags")
        constraints = [
            models.UniqueConstraint(
                fields=["election", "precinct", "rule"], name="precinct_flag_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.precinct} {self.rule}"


class Tally(models.Model):
    """One running sum: an item (a protocol line, `precincts` reporting, or a party's votes
    `party:<code>`, or a candidate's preferential votes `pref:<party>:<position>`) over an
    area (`all`, `home`, `abroad`, a `region`, a `district` as `region|district`, or a host
    `country`)."""

    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="+", verbose_name=_("election")
    )
    area_kind = models.CharField(_("kind of area"), max_length=10)
    area = models.CharField(_("area"), max_length=310)
    item = models.CharField(_("item"), max_length=100)
    value = models.BigIntegerField(_("value"), default=0)

    class Meta:
        verbose_name = _("tally")
        verbose_name_plural = _("tallies")
        constraints = [
            models.UniqueConstraint(
                fields=["election", "area_kind", "area", "item"], name="tally_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.area_kind} {self.area} {self.item} = {self.value}"


class Approval(models.Model):
    """The commission's approval of the results (an audit-logged act): the numbers stop
    being provisional. The digest fixes the tally that was approved."""

    election = models.OneToOneField(
        Election, on_delete=models.CASCADE, related_name="+", verbose_name=_("election")
    )
    approved_at = models.DateTimeField(_("approved at"))
    approved_by = models.CharField(_("approved by"), max_length=150)
    tally_sha256 = models.CharField(_("SHA-256 of the approved tally"), max_length=64)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("approval of the results")
        verbose_name_plural = _("approvals of the results")

    def __str__(self) -> str:
        return f"{self.election_id} {self.approved_at:%Y-%m-%d %H:%M}"
