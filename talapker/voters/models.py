"""The voter register of an election and what it is built from: the polling stations at home
and abroad, registrations abroad (mobile groups and consulates), and voters' requests to move
their vote to a station abroad.

The register (`Voter`) is built set-based from the population register (`build.py`): one row
per voter with the station they vote at. It is personal data: only counts are published
(`StationCount`, `Exclusion`), and one voter's own station to that voter (`lookup.py`).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from talapker.elections.models import Election

HOME = "KGZ"


class Precinct(models.Model):
    """A polling station (formats.md section 7, `precincts.csv`), at home or abroad."""

    code = models.CharField(_("code"), max_length=16, unique=True)
    name_ky = models.CharField(_("name (Kyrgyz)"), max_length=300)
    name_ru = models.CharField(_("name (Russian)"), max_length=300)
    region = models.CharField(_("region"), max_length=100, blank=True)
    district = models.CharField(_("district"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=500)
    country = models.CharField(_("country"), max_length=3)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6)
    # An extension of formats.md (optional column `capacity`): how many voters the station
    # can serve, for planning the stations abroad.
    capacity = models.PositiveIntegerField(_("capacity (voters)"), null=True, blank=True)

    class Meta:
        ordering = ["country", "region", "district", "code"]
        verbose_name = _("polling station")
        verbose_name_plural = _("polling stations")
        indexes = [models.Index(fields=["country", "region", "district"], name="precinct_place")]

    def __str__(self) -> str:
        return f"{self.code} {self.name_ru}"

    @property
    def abroad(self) -> bool:
        return self.country != HOME


class How(models.TextChoices):
    HOME = "home", _("at the station of the registered address")
    ABROAD = "abroad", _("registered abroad")
    MOVED = "moved", _("moved abroad on request")


class Voter(models.Model):
    """A voter of an election and the station they vote at (never published)."""

    # No index of its own: the unique (election, pin) and (election, precinct) lead with it.
    election = models.ForeignKey(
        Election,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("election"),
        db_index=False,
    )
    pin = models.CharField(_("PIN"), max_length=14)
    precinct = models.CharField(_("polling station"), max_length=16)
    home_precinct = models.CharField(_("station of the registered address"), max_length=16)
    how = models.CharField(_("how assigned"), max_length=8, choices=How.choices)

    class Meta:
        verbose_name = _("voter")
        verbose_name_plural = _("voters")
        constraints = [
            models.UniqueConstraint(fields=["election", "pin"], name="voter_once_per_election")
        ]
        indexes = [models.Index(fields=["election", "precinct"], name="voter_station")]

    def __str__(self) -> str:
        return f"{self.election_id} {self.precinct}"


class RegisterBuild(models.Model):
    """One build of an election's register: when, from which population snapshot, how long,
    and what changed since the build before (the changes themselves: `RegisterChange`)."""

    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="+", verbose_name=_("election")
    )
    trigger = models.CharField(_("trigger"), max_length=100)
    built_at = models.DateTimeField(_("built at"))
    snapshot = models.CharField(_("population snapshot (SHA-256)"), max_length=64, blank=True)
    seconds = models.FloatField(_("seconds"), default=0)
    voters = models.PositiveIntegerField(_("voters"), default=0)
    added = models.PositiveIntegerField(_("added"), default=0)
    removed = models.PositiveIntegerField(_("removed"), default=0)
    moved = models.PositiveIntegerField(_("moved"), default=0)
    first = models.BooleanField(_("the first build"), default=False)
    # A digest of everything the build read (`build.build_inputs`): a build whose inputs are
    # those of the one before has nothing to change, and is not run.
    inputs = models.CharField(_("digest of the inputs"), max_length=64, blank=True)

    class Meta:
        ordering = ["-built_at", "-pk"]
        verbose_name = _("register build")
        verbose_name_plural = _("register builds")

    def __str__(self) -> str:
        return f"{self.election_id} {self.built_at:%Y-%m-%d %H:%M}"


class Change(models.TextChoices):
    ADDED = "added", _("added")
    REMOVED = "removed", _("removed")
    MOVED = "moved", _("moved to another station")


class RegisterChange(models.Model):
    """A voter a build added, removed or moved (staff only; the first build records none)."""

    build = models.ForeignKey(
        RegisterBuild, on_delete=models.CASCADE, related_name="changes", verbose_name=_("build")
    )
    pin = models.CharField(_("PIN"), max_length=14)
    change = models.CharField(_("change"), max_length=8, choices=Change.choices)
    precinct_from = models.CharField(_("from station"), max_length=16, blank=True)
    precinct_to = models.CharField(_("to station"), max_length=16, blank=True)

    class Meta:
        ordering = ["build", "change", "pin"]
        verbose_name = _("register change")
        verbose_name_plural = _("register changes")

    def __str__(self) -> str:
        return f"{self.change} {self.precinct_from}->{self.precinct_to}"


class Reason(models.TextChoices):
    """Why a person of the population register is not a voter, the first that applies."""

    NOT_CITIZEN = "not_citizen", _("not a citizen of the Kyrgyz Republic")
    DECEASED = "deceased", _("deceased")
    UNDER_AGE = "under_age", _("under voting age on election day")
    NOT_BIOMETRIC = "not_biometric", _("no biometric data registered")
    NO_STATION = "no_station", _("no polling station at the registered address")


class Exclusion(models.Model):
    """How many people of the population register each reason keeps off the register (the
    latest build's counts; the people are never listed)."""

    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="+", verbose_name=_("election")
    )
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    count = models.PositiveIntegerField(_("people"))

    class Meta:
        ordering = ["election", "reason"]
        verbose_name = _("people kept off the register")
        verbose_name_plural = _("people kept off the register")
        constraints = [
            models.UniqueConstraint(fields=["election", "reason"], name="exclusion_once")
        ]

    def __str__(self) -> str:
        return f"{self.reason}: {self.count}"


class StationCount(models.Model):
    """Voters per station of an election (the latest build's counts; published)."""

    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="+", verbose_name=_("election")
    )
    precinct = models.CharField(_("polling station"), max_length=16)
    voters = models.PositiveIntegerField(_("voters"))
    abroad_registered = models.PositiveIntegerField(_("registered abroad"), default=0)
    moved_here = models.PositiveIntegerField(_("moved here on request"), default=0)

    class Meta:
        ordering = ["election", "precinct"]
        verbose_name = _("voters of a station")
        verbose_name_plural = _("voters of the stations")
        constraints = [
            models.UniqueConstraint(fields=["election", "precinct"], name="station_count_once")
        ]

    def __str__(self) -> str:
        return f"{self.precinct}: {self.voters}"


class Source(models.TextChoices):
    MOBILE_GROUP = "mobile_group", _("mobile group")
    CONSULATE = "consulate", _("consulate")


class AbroadImport(models.Model):
    """One imported file of registrations abroad."""

    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="+", verbose_name=_("election")
    )
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    rows = models.PositiveIntegerField(_("rows"))
    new = models.PositiveIntegerField(_("new registrations"))
    imported_at = models.DateTimeField(_("imported at"))
    imported_by = models.CharField(_("imported by"), max_length=150)

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("import of registrations abroad")
        verbose_name_plural = _("imports of registrations abroad")

    def __str__(self) -> str:
        return self.file_name


class AbroadRegistration(models.Model):
    """A voter registered at a station abroad by a mobile group or a consulate
    (formats.md section 7, `abroad_registrations.csv`)."""

    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="+", verbose_name=_("election")
    )
    pin = models.CharField(_("PIN"), max_length=14)
    country = models.CharField(_("country"), max_length=3)
    city = models.CharField(_("city"), max_length=200)
    precinct = models.CharField(_("polling station"), max_length=16)
    registered_on = models.DateField(_("registered on"))
    source = models.CharField(_("registered by"), max_length=16, choices=Source.choices)
    batch = models.ForeignKey(
        AbroadImport, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("file")
    )

    class Meta:
        ordering = ["election", "country", "city", "pin"]
        verbose_name = _("registration abroad")
        verbose_name_plural = _("registrations abroad")
        constraints = [
            models.UniqueConstraint(fields=["election", "pin"], name="abroad_once_per_election")
        ]

    def __str__(self) -> str:
        return f"{self.country} {self.city} {self.precinct}"


class RequestState(models.TextChoices):
    PENDING = "pending", _("waiting for review")
    APPROVED = "approved", _("approved")
    REFUSED = "refused", _("refused")


class MoveRequest(models.Model):
    """A voter's request to vote at a station abroad instead of at home; the home station's
    list changes only once staff approve it. Followed by its tracking code."""

    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="+", verbose_name=_("election")
    )
    pin = models.CharField(_("PIN"), max_length=14)
    tracking_code = models.CharField(_("tracking code"), max_length=16, unique=True)
    country = models.CharField(_("country"), max_length=3)
    precinct = models.CharField(_("polling station abroad"), max_length=16)
    state = models.CharField(
        _("state"), max_length=8, choices=RequestState.choices, default=RequestState.PENDING
    )
    reason = models.TextField(_("reason"), blank=True)
    channel = models.CharField(_("channel"), max_length=16, default="web")
    created_at = models.DateTimeField(_("asked at"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.CharField(_("decided by"), max_length=150, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("request to vote abroad")
        verbose_name_plural = _("requests to vote abroad")
        indexes = [
            models.Index(fields=["election", "state", "created_at"], name="move_queue"),
            # The build reads each voter's approved request: one probe per person.
            models.Index(fields=["election", "pin"], name="move_voter"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "pin"],
                condition=models.Q(state="pending"),
                name="move_one_pending_per_voter",
            )
        ]

    def __str__(self) -> str:
        return self.tracking_code
