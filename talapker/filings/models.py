"""Campaign-finance reports as filed (formats.md, section 4).

A fund has at most one interim and one final `Report`. Each submission of a report is a
`ReportVersion`: a draft while the filer edits it, then filed once and never changed again (the
database refuses an UPDATE of a filed version's content or rows). A correction is a new version
that supersedes the current one; every version stays visible, and totals read only the current
versions (`ReportVersion.objects.standing()`).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from talapker.filings.formats import model as spec
from talapker.filings.storage import private_storage
from talapker.funds.models import Fund

AMOUNT: dict[str, Any] = {"max_digits": 14, "decimal_places": 2}


class ReportKind(models.TextChoices):
    INTERIM = "interim", _("Interim report")
    FINAL = "final", _("Final report")


class Channel(models.TextChoices):
    """How a version reached the platform."""

    WEB = "web", _("web page")
    API = "api", _("API")
    CLI = "cli", _("command line")


class Report(models.Model):
    fund = models.ForeignKey(
        Fund, on_delete=models.CASCADE, related_name="reports", verbose_name=_("fund")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ReportKind.choices)

    class Meta:
        ordering = ["fund", "kind"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(fields=["fund", "kind"], name="report_kind_per_fund")
        ]

    def __str__(self) -> str:
        return f"{self.fund} · {self.get_kind_display()}"


class VersionQuerySet(models.QuerySet["ReportVersion"]):
    def filed(self) -> VersionQuerySet:
        return self.filter(state=ReportVersion.State.FILED)

    def current(self) -> VersionQuerySet:
        return self.filter(state=ReportVersion.State.FILED, is_current=True)

    def standing(self) -> VersionQuerySet:
        """The version that speaks for each fund: its current final report if it has filed
        one, else its current interim report (the final report restates the whole campaign).
        """
        finals = ReportVersion.objects.filter(
            state=ReportVersion.State.FILED,
            is_current=True,
            report__kind=ReportKind.FINAL,
            report__fund=models.OuterRef("report__fund"),
        )
        return self.current().filter(
            models.Q(report__kind=ReportKind.FINAL) | ~models.Exists(finals)
        )


class ReportVersion(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        FILED = "filed", pgettext_lazy("report", "filed")

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="versions", verbose_name=_("report")
    )
    state = models.CharField(_("state"), max_length=8, choices=State.choices)
    number = models.PositiveIntegerField(_("version"), null=True, blank=True)
    period_from = models.DateField(_("period from"))
    period_to = models.DateField(_("period to"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    filed_at = models.DateTimeField(_("filed at"), null=True, blank=True)
    filed_by = models.CharField(_("filed by"), max_length=150, blank=True)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    # NULL for drafts: many drafts, each filed version a unique number.
    receipt = models.CharField(  # noqa: DJ001
        _("receipt number"), max_length=32, null=True, unique=True
    )
    content_sha256 = models.CharField(_("SHA-256 of the content"), max_length=64, blank=True)
    is_current = models.BooleanField(_("current"), default=False)
    is_late = models.BooleanField(_("filed late"), default=False)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("supersedes"),
    )
    scan = models.FileField(
        _("signed scan (PDF)"), storage=private_storage, upload_to="scans/", blank=True
    )
    scan_sha256 = models.CharField(_("SHA-256 of the scan"), max_length=64, blank=True)
    sources = models.JSONField(_("submitted files"), default=list, blank=True)

    objects = VersionQuerySet.as_manager()

    class Meta:
        ordering = ["report", "number"]
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="version_number_once"),
            models.UniqueConstraint(
                fields=["report"],
                condition=models.Q(is_current=True),
                name="one_current_version",
            ),
            models.UniqueConstraint(
                fields=["report"],
                condition=models.Q(state="draft"),
                name="one_draft_per_report",
            ),
            models.CheckConstraint(
                condition=models.Q(period_from__lte=models.F("period_to")),
                name="version_period_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(state="draft", number__isnull=True, is_current=False)
                | models.Q(state="filed", number__isnull=False, receipt__isnull=False),
                name="version_filed_has_number",
            ),
        ]
        # The change feed (disclosure/changes.py) reads filings from a moment on.
        indexes = [models.Index(fields=["filed_at"], name="version_filed_at")]

    def __str__(self) -> str:
        if self.number is None:
            return f"{self.report} · {self.State.DRAFT.label}"
        return f"{self.report} · v{self.number}"

    @property
    def is_filed(self) -> bool:
        return self.state == self.State.FILED


class Item(models.Model):
    """What the two tables of a report share."""

    version = models.ForeignKey(
        ReportVersion,
        on_delete=models.CASCADE,
        related_name="%(class)ss",
        verbose_name=_("version"),
    )
    line = models.PositiveIntegerField(_("line"))
    date = models.DateField(_("date"))
    amount = models.DecimalField(_("amount"), **AMOUNT)
    method = models.CharField(_("method"), max_length=8, choices=[(m, m) for m in spec.METHODS])
    bank_ref = models.CharField(_("bank reference"), max_length=100, blank=True)
    description = models.CharField(_("description"), max_length=2000, blank=True)

    class Meta:
        abstract = True
        ordering = ["version", "line"]


class Contribution(Item):
    donor_kind = models.CharField(
        _("donor kind"), max_length=16, choices=[(k, k) for k in spec.DONOR_KINDS]
    )
    donor_id = models.CharField(_("donor id"), max_length=64, blank=True)
    donor_name = models.CharField(_("donor name"), max_length=500, blank=True)
    # Computed once when the row is stored, for screening (the row itself never changes):
    # the filed name's key (core.names) and whether the id has the shape of a PIN or INN.
    donor_key = models.CharField(_("donor name key"), max_length=500, blank=True)
    donor_id_ok = models.BooleanField(_("donor id well-formed"), default=False)

    class Meta(Item.Meta):
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        constraints = [
            models.UniqueConstraint(fields=["version", "line"], name="contribution_line_once")
        ]
        indexes = [
            models.Index(fields=["donor_id"], name="contribution_donor"),
            models.Index(fields=["bank_ref"], name="contribution_bank_ref"),
        ]

    def __str__(self) -> str:
        return f"{self.line}: {self.donor_name} {self.amount}"


class Expenditure(Item):
    category = models.CharField(
        _("category"), max_length=16, choices=[(c, c) for c in spec.CATEGORIES]
    )
    payee_name = models.CharField(_("payee name"), max_length=500, blank=True)
    payee_id = models.CharField(_("payee id"), max_length=64, blank=True)
    # The filed name's key (core.names), computed when the row is stored, so a search finds
    # the payee in any script and case. Nullable only so that adding it alters the table in
    # place: SQLite would rebuild it otherwise, and lose its immutability trigger.
    payee_key = models.CharField(_("payee name key"), max_length=500, null=True, blank=True)  # noqa: DJ001

    class Meta(Item.Meta):
        verbose_name = _("expenditure")
        verbose_name_plural = _("expenditures")
        constraints = [
            models.UniqueConstraint(fields=["version", "line"], name="expenditure_line_once")
        ]
        indexes = [models.Index(fields=["bank_ref"], name="expenditure_bank_ref")]

    def __str__(self) -> str:
        return f"{self.line}: {self.payee_name} {self.amount}"


class DonorTotal(models.Model):
    """One donor's total in one filed version: kept when the version is filed, since its rows
    never change (`filings/totals.py`). Screening reads the donors over their cap from here
    rather than adding up a million rows on every run."""

    version = models.ForeignKey(
        ReportVersion, on_delete=models.CASCADE, related_name="donor_totals",
        verbose_name=_("report version"),
    )  # fmt: skip
    donor_kind = models.CharField(_("donor kind"), max_length=16)
    donor_id = models.CharField(_("donor id"), max_length=64, blank=True)
    cents = models.BigIntegerField(_("total in tyiyn"))
    rows = models.PositiveIntegerField(_("contributions"))

    class Meta:
        verbose_name = _("donor total")
        verbose_name_plural = _("donor totals")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "donor_kind", "donor_id"], name="donor_total_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.donor_kind} {self.donor_id}: {self.cents}"


class IdempotencyKey(models.Model):
    """A client's key for one filing request: a retry returns the first receipt."""

    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    request_sha256 = models.CharField(max_length=64)
    version = models.ForeignKey(ReportVersion, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [models.UniqueConstraint(fields=["fund", "key"], name="idempotency_key_once")]

    def __str__(self) -> str:
        return self.key


class QuarantinedFile(models.Model):
    """A submitted file refused as dangerous (a PDF with JavaScript, say): kept for the
    commission to examine, never served inline, never part of a report."""

    fund = models.ForeignKey(
        Fund, on_delete=models.CASCADE, related_name="+", verbose_name=_("fund")
    )
    name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    reasons = models.JSONField(_("reasons"), default=list)
    file = models.FileField(_("file"), storage=private_storage, upload_to="quarantine/")
    submitted_by = models.CharField(_("submitted by"), max_length=150, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("quarantined file")
        verbose_name_plural = _("quarantined files")

    def __str__(self) -> str:
        return self.name


class VersionTotals(models.Model):
    """A filed version's sums, kept when it is filed (`filings/totals.py`): what the public
    pages show for a fund (raised, spent, donors, the share from legal entities, donors by
    the size of their gifts) without adding up its rows on every view. In tyiyn, exact on
    every database."""

    version = models.OneToOneField(
        ReportVersion, on_delete=models.CASCADE, primary_key=True, related_name="totals",
        verbose_name=_("report version"),
    )  # fmt: skip
    contributions = models.PositiveIntegerField(_("contributions"))
    raised_cents = models.BigIntegerField(_("raised, in tyiyn"))
    donors = models.PositiveIntegerField(_("donors"))
    legal_entity_cents = models.BigIntegerField(_("from legal entities, in tyiyn"))
    # Donors by what each gave in all, in bands of calculated indices (totals.BANDS_CI):
    # [[donors, tyiyn], ...], one pair a band, the last band open above.
    bands = models.JSONField(_("donors by size band"), default=list)
    expenditures = models.PositiveIntegerField(_("expenditures"))
    spent_cents = models.BigIntegerField(_("spent, in tyiyn"))
    # {category: tyiyn}, and [[ISO date, tyiyn in, tyiyn out], ...] by day, in date order.
    categories = models.JSONField(_("spent by category"), default=dict)
    days = models.JSONField(_("money in and out by day"), default=list)

    class Meta:
        verbose_name = _("version totals")
        verbose_name_plural = _("version totals")

    def __str__(self) -> str:
        return f"{self.version}: +{self.raised_cents} -{self.spent_cents}"


class ScanPage(models.Model):
    """One page of a filed version's signed scan: its text (the PDF's text layer, or what OCR
    read on the page), a folded copy of it for search, and the page drawn for the public
    pages. Written by the queue after the filing (`filings/scantext.py`); a new extraction
    replaces a version's pages."""

    class Method(models.TextChoices):
        TEXT = "text", _("text layer of the PDF")
        OCR = "ocr", _("optical character recognition")
        NONE = "none", _("no text")

    version = models.ForeignKey(
        ReportVersion, on_delete=models.CASCADE, related_name="scan_pages",
        verbose_name=_("report version"),
    )  # fmt: skip
    page = models.PositiveIntegerField(_("page"))
    text = models.TextField(_("text"), blank=True)
    # name_key of the text with long numbers masked, between spaces: " word word ".
    text_key = models.TextField(_("search key"), blank=True)
    method = models.CharField(pgettext_lazy("scan", "method"), max_length=8, choices=Method.choices)
    image = models.FileField(
        _("page image (PNG)"), storage=private_storage, upload_to="scan-pages/", blank=True
    )
    width = models.PositiveIntegerField(_("width in pixels"), default=0)
    height = models.PositiveIntegerField(_("height in pixels"), default=0)
    extracted_at = models.DateTimeField(_("extracted at"))

    class Meta:
        ordering = ["version", "page"]
        verbose_name = _("scan page")
        verbose_name_plural = _("scan pages")
        constraints = [models.UniqueConstraint(fields=["version", "page"], name="scan_page_once")]

    def __str__(self) -> str:
        return f"{self.version} · {self.page}"
