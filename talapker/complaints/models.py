"""Complaints to the rapid-response coordination groups (docs/complaints.md).

Anyone reports a violation of an election (`Complaint`), with photos, videos or documents
(`Attachment`); the routing table (`Route`, edited by the commission) gives each category and
region to the body responsible (`Body`: a commission, the prosecutor's office, the police,
national security), whose handlers take it, ask the complainant for more, forward it and
decide it with a reasoned answer. Every step is kept (`Step`) and audit-logged.

Nothing here records who filed a complaint: no user, no address. A name and a contact are
kept only when the complainant gives them, and only the staff handling the complaint see
them.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from talapker.ads.models import Ad
from talapker.elections.models import Election
from talapker.filings.storage import private_storage

TEXT_MAX = 5000  # characters of a description, a question, a reply or an answer
CONTACT_MAX = 200


class Category(models.TextChoices):
    VOTE_BUYING = "vote_buying", _("vote buying")
    PRESSURE = "pressure", _("pressure on voters")
    CAMPAIGNING = "campaigning", _("campaigning violations")
    UNPAID_ADS = "unpaid_ads", _("ads without a stated payer")
    FOREIGN = "foreign", _("foreign participation")
    PRECINCT = "precinct", _("procedure at a polling station")
    OTHER = "other", _("other")


class BodyKind(models.TextChoices):
    COMMISSION = "commission", _("election commission")
    PROSECUTOR = "prosecutor", _("prosecutor's office")
    POLICE = "police", _("police")
    SECURITY = "security", _("national security")


class Body(models.Model):
    """A body of the rapid-response groups that examines complaints; its handlers hold a
    membership with its code (`accounts.Membership.body`)."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=BodyKind.choices)
    name_ky = models.CharField(_("name (Kyrgyz)"), max_length=300)
    name_ru = models.CharField(_("name (Russian)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("body examining complaints")
        verbose_name_plural = _("bodies examining complaints")

    def __str__(self) -> str:
        return f"{self.code} {self.name_ru}"


class Route(models.Model):
    """One line of the routing table: complaints of a category from a region (blank: from
    any region without a line of its own) go to a body."""

    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    region = models.CharField(
        _("region"),
        max_length=32,
        blank=True,
        help_text=_("The region's code (core/regions.py), or blank for every other region."),
    )
    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="routes", verbose_name=_("body")
    )

    class Meta:
        ordering = ["category", "region"]
        verbose_name = _("route of complaints")
        verbose_name_plural = _("routing table of complaints")
        constraints = [
            models.UniqueConstraint(fields=["category", "region"], name="route_once_per_place")
        ]

    def __str__(self) -> str:
        return f"{self.category} {self.region or '*'} → {self.body_id}"


class State(models.TextChoices):
    NEW = "new", _("waiting to be taken")
    TAKEN = "taken", _("being examined")
    WAITING = "waiting", _("waiting for the complainant")
    DECIDED = "decided", _("decided")
    JOINED = "joined", _("joined to another complaint")


OPEN_STATES = (State.NEW, State.TAKEN, State.WAITING)


class Outcome(models.TextChoices):
    CONFIRMED = "confirmed", _("violation confirmed")
    NOT_CONFIRMED = "not_confirmed", _("violation not confirmed")
    NOT_EXAMINED = "not_examined", _("not examined on the merits")


class Complaint(models.Model):
    """A report of a violation, followed by its tracking code."""

    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="+", verbose_name=_("election")
    )
    tracking_code = models.CharField(_("tracking code"), max_length=16, unique=True)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    region = models.CharField(_("region"), max_length=32)
    district = models.CharField(_("district"), max_length=200, blank=True)
    precinct = models.CharField(_("polling station"), max_length=16, blank=True)
    occurred_on = models.DateField(_("happened on"))
    occurred_time = models.TimeField(_("happened at"), null=True, blank=True)
    text = models.TextField(_("what happened"), max_length=TEXT_MAX)
    # The complainant's, only if given: shown to the staff handling the complaint, no one else.
    name = models.CharField(_("name"), max_length=CONTACT_MAX, blank=True)
    contact = models.CharField(_("contact"), max_length=CONTACT_MAX, blank=True)
    language = models.CharField(_("language of the complainant"), max_length=2, default="ky")
    channel = models.CharField(_("channel"), max_length=8, default="web")
    body = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("body"),
    )
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.NEW)
    filed_at = models.DateTimeField(_("filed at"))
    deadline = models.DateTimeField(_("deadline"))
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    taken_by = models.CharField(_("taken by"), max_length=150, blank=True)
    taken_at = models.DateTimeField(_("taken at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    answer = models.TextField(_("answer"), max_length=TEXT_MAX, blank=True)
    answer_public = models.BooleanField(_("answer published"), default=False)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.CharField(_("decided by"), max_length=150, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("joined to"),
    )
    ads = models.ManyToManyField(Ad, blank=True, related_name="complaints", verbose_name=_("ads"))

    class Meta:
        ordering = ["filed_at", "pk"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        indexes = [
            models.Index(fields=["body", "state", "deadline"], name="complaint_queue"),
            models.Index(fields=["election", "filed_at"], name="complaint_election"),
            models.Index(fields=["state", "deadline"], name="complaint_overdue"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state="decided") | models.Q(outcome=""),
                name="complaint_outcome_when_decided",
            ),
            models.CheckConstraint(
                condition=(models.Q(state="joined") & models.Q(duplicate_of__isnull=False))
                | (~models.Q(state="joined") & models.Q(duplicate_of__isnull=True)),
                name="complaint_joined_has_main",
            ),
        ]

    def __str__(self) -> str:
        return self.tracking_code


class StepKind(models.TextChoices):
    FILED = "filed", _("filed")
    TAKEN = "taken", _("taken for examination")
    FORWARDED = "forwarded", _("forwarded")
    ASKED = "asked", _("more information asked")
    REPLIED = "replied", _("the complainant replied")
    DECIDED = "decided", _("decided")
    JOINED = "joined", _("joined to another complaint")
    ESCALATED = "escalated", _("past its deadline: escalated")


# Who took a step when it was no member of staff: the staff pages name them in words.
COMPLAINANT = "complainant"
DEADLINE_WATCH = "deadline watch"
SYSTEM_ACTORS = {COMPLAINANT: _("the complainant"), DEADLINE_WATCH: _("the deadline watch")}

# The steps the complainant sees on the tracking page (never who took them).
PUBLIC_STEPS = (
    StepKind.FILED,
    StepKind.FORWARDED,
    StepKind.ASKED,
    StepKind.REPLIED,
    StepKind.DECIDED,
    StepKind.JOINED,
)


class Step(models.Model):
    """One step in a complaint's handling, in order: its history."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="steps", verbose_name=_("complaint")
    )
    kind = models.CharField(_("step"), max_length=12, choices=StepKind.choices)
    at = models.DateTimeField(_("step taken at"))
    actor = models.CharField(_("step taken by"), max_length=150)
    text = models.TextField(_("text"), max_length=TEXT_MAX, blank=True)
    body = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("to body"),
    )

    class Meta:
        ordering = ["complaint", "at", "pk"]
        verbose_name = _("step of a complaint")
        verbose_name_plural = _("steps of complaints")

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.kind}"

    @property
    def actor_label(self) -> str:
        """The complainant or the deadline watch in words; "" for a member of staff."""
        label = SYSTEM_ACTORS.get(self.actor)
        return str(label) if label else ""


class FileKind(models.TextChoices):
    IMAGE = "image", _("photo")
    VIDEO = "video", _("video")
    PDF = "pdf", _("PDF document")


class Attachment(models.Model):
    """A file sent with a complaint or a reply: checked by its content, an image re-encoded
    without its metadata, kept in private storage and handed only to the handling staff."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("complaint")
    )
    step = models.ForeignKey(
        Step, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("step")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=FileKind.choices)
    content_type = models.CharField(_("content type"), max_length=64)
    name = models.CharField(_("file name"), max_length=100)
    size = models.PositiveIntegerField(_("bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    file = models.FileField(_("file"), storage=private_storage, upload_to="complaints/")

    class Meta:
        ordering = ["complaint", "pk"]
        verbose_name = _("file of a complaint")
        verbose_name_plural = _("files of complaints")

    def __str__(self) -> str:
        return self.name
