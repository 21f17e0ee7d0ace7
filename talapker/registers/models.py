"""The state registers as the platform holds them: one table per register file
(formats.md, section 3), each holding exactly the newest imported snapshot, and a log of
the snapshots imported.

A register row is never edited here: a newer snapshot replaces the whole table in one
transaction (`services.register_import`). Nothing in the platform keeps a foreign key to a
register row, because a re-import gives every row a new id; other apps join on the natural
keys instead — `Person.pin`, `LegalEntity.inn`, `Founder.entity_inn`/`founder_id`,
`TaxDebtor.inn` and the `pin` of convictions, certificates and diplomas.

Field names are the register's own column names, so a column of the file and the field
that holds it are found by the same word. Columns computed on import for set-based
screening: `name_key` (core.names), `pin_consistent`, `holds_kgz`, `citizenship_count`.
"""

from __future__ import annotations

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Amounts in som are exact with two decimals (formats.md): DecimalField(16, 2).
# Shares of capital are percentages 0-100 with up to four decimals (33.3333): (7, 4).


class RegisterKind(models.TextChoices):
    POPULATION = "population", _("Population register")
    LEGAL_ENTITIES = "legal_entities", _("Legal-entity register")
    FOUNDERS = "founders", _("Founders and shareholders")
    TAX_DEBTORS = "tax_debtors", _("Tax debtors")
    CONVICTIONS = "convictions", _("Convictions")
    LANGUAGE_CERTIFICATES = "language_certificates", _("State-language certificates")
    DIPLOMAS = "diplomas", _("Diplomas")


class Sex(models.TextChoices):
    MALE = "M", _("male")
    FEMALE = "F", _("female")


class LegalForm(models.TextChoices):
    LLC = "llc", _("limited liability company")
    JSC = "jsc", _("joint-stock company")
    SOLE_TRADER = "sole_trader", _("sole trader")
    STATE_BODY = "state_body", _("state body")
    STATE_ENTERPRISE = "state_enterprise", _("state enterprise")
    MUNICIPAL_ENTERPRISE = "municipal_enterprise", _("municipal enterprise")
    NGO = "ngo", _("non-governmental organisation")
    FOUNDATION = "foundation", _("foundation")
    RELIGIOUS = "religious", _("religious organisation")
    INTERNATIONAL = "international", _("international organisation")
    FOREIGN_BRANCH = "foreign_branch", _("branch of a foreign entity")
    FOREIGN_REP_OFFICE = "foreign_rep_office", _("representative office of a foreign entity")
    PARTY = "party", _("political party")
    OTHER = "other", _("other")


class FounderKind(models.TextChoices):
    PERSON = "person", _("person")
    ENTITY = "entity", _("legal entity")
    STATE = "state", _("the state")
    INTERNATIONAL = "international", _("international organisation")


class Creditor(models.TextChoices):
    TAX = "tax", _("tax service (budget)")
    SOCIAL_FUND = "social_fund", _("Social Fund")


class DiplomaLevel(models.TextChoices):
    SECONDARY = "secondary", _("secondary")
    VOCATIONAL = "vocational", _("vocational")
    HIGHER = "higher", _("higher")


class RowIdField(models.BigAutoField):
    """The id of a register row: on SQLite the bare rowid, without AUTOINCREMENT.

    AUTOINCREMENT only promises that ids are never reused, which nothing needs here — the
    whole table is replaced by each snapshot and nothing points at a row's id — and it costs
    a write to sqlite_sequence for every inserted row (7 seconds of a national import). On
    PostgreSQL this is an ordinary identity column.
    """

    def db_type_suffix(self, connection: BaseDatabaseWrapper) -> str | None:
        if connection.vendor == "sqlite":
            return None
        return super().db_type_suffix(connection)


class RegisterRow(models.Model):
    """A row of a register table: replaced wholesale by each snapshot, never edited."""

    id = RowIdField(primary_key=True)

    class Meta:
        abstract = True


class RegisterSnapshot(models.Model):
    """One imported register file: the newest per kind is what the register tables hold."""

    kind = models.CharField(_("register"), max_length=32, choices=RegisterKind.choices)
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    row_count = models.PositiveIntegerField(_("rows"))
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now)
    imported_by = models.CharField(_("imported by"), max_length=200, blank=True)
    seconds = models.FloatField(_("import time (seconds)"), default=0)

    class Meta:
        ordering = ["-imported_at", "-id"]
        get_latest_by = ["imported_at", "id"]
        verbose_name = _("register snapshot")
        verbose_name_plural = _("register snapshots")
        indexes = [models.Index(fields=["kind", "-imported_at"], name="registers_snapshot_kind")]

    def __str__(self) -> str:
        return f"{self.kind} {self.file_name} ({self.imported_at:%Y-%m-%d %H:%M})"


class Person(RegisterRow):
    """A row of population.csv. `pin` is unique within a snapshot (but may change over a
    person's life, so it is never a key that other tables point to by id)."""

    pin = models.CharField(_("PIN"), max_length=14)
    surname = models.CharField(_("surname"), max_length=100, blank=True)
    name = models.CharField(_("name"), max_length=100)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    birth_date = models.DateField(_("date of birth"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    citizenship = models.CharField(
        _("citizenship"),
        max_length=100,
        blank=True,
        help_text=_(
            "Country codes separated by ';', as the register gives them; empty if stateless."
        ),
    )
    death_date = models.DateField(_("date of death"), null=True, blank=True)
    biometric = models.BooleanField(_("biometric data registered"))
    residence_since = models.DateField(_("permanent residence since"), null=True, blank=True)
    region = models.CharField(_("region"), max_length=100, blank=True)
    precinct = models.CharField(_("polling station"), max_length=32, blank=True)
    # Computed on import.
    name_key = models.CharField(_("name key"), max_length=300)
    pin_consistent = models.BooleanField(
        _("PIN agrees with birth date and sex"),
        help_text=_("False when the birth date or sex encoded in the PIN differs from the row's."),
    )
    holds_kgz = models.BooleanField(_("Kyrgyz citizen"))
    citizenship_count = models.PositiveSmallIntegerField(
        _("number of citizenships"), help_text=_("0 means stateless.")
    )

    class Meta:
        ordering = ["pin"]
        verbose_name = _("person (population register)")
        verbose_name_plural = _("population register")
        constraints = [
            # Declared on the expression, not as `fields=`, so that SQLite makes a named
            # index rather than an inline constraint: the importer loads a bare copy of the
            # table and builds the index afterwards in the same transaction, several times
            # faster than inserting 7 million rows into a live unique index (bulk.py).
            models.UniqueConstraint(models.F("pin"), name="registers_person_pin_unique"),
        ]
        indexes = [models.Index(fields=["name_key"], name="registers_person_name_key")]

    def __str__(self) -> str:
        return f"{self.pin} {self.full_name}"

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.surname, self.name, self.patronymic) if p)

    @property
    def citizenship_codes(self) -> list[str]:
        return citizenship_codes(self.citizenship)

    @property
    def is_stateless(self) -> bool:
        return self.citizenship_count == 0

    @property
    def is_foreign_only(self) -> bool:
        return self.citizenship_count > 0 and not self.holds_kgz


def citizenship_codes(text: str) -> list[str]:
    """The country codes of a register's citizenship text ("KGZ;RUS" → ["KGZ", "RUS"])."""
    return [code for code in text.split(";") if code]


class LegalEntity(RegisterRow):
    """A row of legal_entities.csv."""

    inn = models.CharField(_("INN"), max_length=14)
    name = models.CharField(pgettext_lazy("organisation", "name"), max_length=500)
    legal_form = models.CharField(_("legal form"), max_length=32, choices=LegalForm.choices)
    country = models.CharField(_("country of incorporation"), max_length=3)
    registration_date = models.DateField(_("registered"))
    liquidation_date = models.DateField(_("liquidated"), null=True, blank=True)
    state_share = models.DecimalField(
        _("state share (%)"), max_digits=7, decimal_places=4, null=True, blank=True
    )
    name_key = models.CharField(_("name key"), max_length=500)

    class Meta:
        ordering = ["inn"]
        verbose_name = _("legal entity")
        verbose_name_plural = _("legal-entity register")
        constraints = [
            models.UniqueConstraint(models.F("inn"), name="registers_entity_inn_unique"),
        ]
        indexes = [models.Index(fields=["name_key"], name="registers_entity_name_key")]

    def __str__(self) -> str:
        return f"{self.inn} {self.name}"


class Founder(RegisterRow):
    """A row of founders.csv: who holds a share of which entity (joined by INN, not by id,
    because the two registers are separate snapshots)."""

    entity_inn = models.CharField(_("entity INN"), max_length=14)
    founder_kind = models.CharField(_("founder kind"), max_length=16, choices=FounderKind.choices)
    founder_id = models.CharField(
        _("founder identifier"),
        max_length=64,
        blank=True,
        help_text=_("PIN or INN, or a foreign document or registration number."),
    )
    founder_name = models.CharField(_("founder name"), max_length=500)
    country = models.CharField(_("country"), max_length=3, blank=True)
    share = models.DecimalField(
        _("share (%)"), max_digits=7, decimal_places=4, null=True, blank=True
    )
    name_key = models.CharField(_("name key"), max_length=500)

    class Meta:
        ordering = ["entity_inn", "id"]
        verbose_name = _("founder")
        verbose_name_plural = _("founders and shareholders")
        indexes = [
            models.Index(fields=["entity_inn"], name="registers_founder_entity"),
            models.Index(fields=["founder_id"], name="registers_founder_id"),
            models.Index(fields=["name_key"], name="registers_founder_name_key"),
        ]

    def __str__(self) -> str:
        return f"{self.entity_inn} ← {self.founder_name}"


class Ownership(models.Model):
    """What the chains of founders add up to for one entity (`registers/ownership.py`):
    derived from the founders register and rebuilt with each import of it, never edited."""

    inn = models.CharField(_("entity INN"), max_length=14, unique=True)
    foreign_share = models.DecimalField(
        _("foreign share at any depth (%)"),
        max_digits=40,
        decimal_places=12,
        null=True,
        help_text=_("Empty when no chain of founders reaches a foreign founder."),
    )
    foreign_share_unknown = models.BooleanField(
        _("a foreign founder's share is not in the register"),
        default=False,
        help_text=_("Foreign participation of unknown size: the register leaves a share empty."),
    )
    founders_total = models.DecimalField(
        _("direct founders' shares in all (%)"), max_digits=40, decimal_places=12, null=True
    )
    cycle = models.BooleanField(_("a chain of owners leads back into itself"))

    class Meta:
        ordering = ["inn"]
        verbose_name = _("ownership closure")
        verbose_name_plural = _("ownership closures")

    def __str__(self) -> str:
        return f"{self.inn}: foreign {self.foreign_share}"


class TaxDebtor(RegisterRow):
    """A row of tax_debtors.csv: a taxpayer (INN, or the PIN of a sole trader) in debt."""

    inn = models.CharField(_("INN or PIN"), max_length=14)
    debt_kgs = models.DecimalField(_("debt (KGS)"), max_digits=16, decimal_places=2)
    creditor = models.CharField(_("creditor"), max_length=16, choices=Creditor.choices)
    as_of = models.DateField(_("as of"))

    class Meta:
        ordering = ["inn", "creditor"]
        verbose_name = _("tax debtor")
        verbose_name_plural = _("tax debtors")
        indexes = [models.Index(fields=["inn"], name="registers_taxdebtor_inn")]

    def __str__(self) -> str:
        return f"{self.inn} {self.debt_kgs} ({self.creditor})"


class Conviction(RegisterRow):
    """A row of convictions.csv."""

    pin = models.CharField(_("PIN"), max_length=14)
    article = models.CharField(_("article"), max_length=64)
    conviction_date = models.DateField(_("convicted"))
    expunged = models.BooleanField(_("expunged"))

    class Meta:
        ordering = ["pin", "conviction_date"]
        verbose_name = _("conviction")
        verbose_name_plural = _("convictions")
        indexes = [models.Index(fields=["pin"], name="registers_conviction_pin")]

    def __str__(self) -> str:
        return f"{self.pin} {self.article} ({self.conviction_date})"


class LanguageCertificate(RegisterRow):
    """A row of language_certificates.csv (the state-language test)."""

    pin = models.CharField(_("PIN"), max_length=14)
    certificate_no = models.CharField(_("certificate number"), max_length=64)
    level = models.CharField(_("level"), max_length=32)
    issued = models.DateField(_("issued"))

    class Meta:
        ordering = ["pin", "issued"]
        verbose_name = _("state-language certificate")
        verbose_name_plural = _("state-language certificates")
        indexes = [models.Index(fields=["pin"], name="registers_certificate_pin")]

    def __str__(self) -> str:
        return f"{self.pin} {self.certificate_no} {self.level}"


class Diploma(RegisterRow):
    """A row of diplomas.csv."""

    pin = models.CharField(_("PIN"), max_length=14)
    level = models.CharField(_("level"), max_length=16, choices=DiplomaLevel.choices)
    issued = models.DateField(_("issued"))

    class Meta:
        ordering = ["pin", "issued"]
        verbose_name = _("diploma")
        verbose_name_plural = _("diplomas")
        indexes = [models.Index(fields=["pin"], name="registers_diploma_pin")]

    def __str__(self) -> str:
        return f"{self.pin} {self.level} ({self.issued})"
