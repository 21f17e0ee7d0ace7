"""Who may do what: a user's roles (memberships) and their API tokens.

The public needs no account. Every other person holds one or more memberships, each a role
with its scope: a party filer files for one election fund, a bank sends statements for the
special accounts held at one bank, a complaint handler examines the complaints routed to one
body (a commission, the prosecutor's office, the police, national security: its code, as in
`complaints.Body`, kept as text since accounts stand below complaints), auditors and
administrators work across the election.
The database itself refuses a membership whose scope does not fit its role.

Users are Django's own `auth.User`; `permissions.py` answers every "may this user ..." question.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from talapker.funds.models import Fund


class Role(models.TextChoices):
    FILER = "filer", _("Party filer")
    BANK = "bank", _("Bank")
    AUDITOR = "auditor", _("Auditor")
    ADMINISTRATOR = "administrator", _("Administrator")
    HANDLER = "handler", _("Complaint handler")


COMMISSION_ROLES = (Role.AUDITOR, Role.ADMINISTRATOR)


class Membership(models.Model):
    Role = Role

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    fund = models.ForeignKey(
        Fund,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("election fund"),
        help_text=_("Party filers only: the fund they file for."),
    )
    bank = models.CharField(
        _("bank"),
        max_length=200,
        blank=True,
        help_text=_("Banks only: the bank's name exactly as in the special accounts."),
    )
    body = models.CharField(
        _("body"),
        max_length=32,
        blank=True,
        help_text=_("Complaint handlers only: the code of the body whose complaints they handle."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["user", "role", "fund", "bank", "body"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(condition=Q(role__in=Role.values), name="membership_role_known"),
            models.CheckConstraint(
                condition=~Q(role=Role.FILER) | (Q(fund__isnull=False) & Q(bank="")),
                name="membership_filer_has_fund_only",
            ),
            models.CheckConstraint(
                condition=~Q(role=Role.BANK) | (Q(fund__isnull=True) & ~Q(bank="")),
                name="membership_bank_has_bank_only",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=COMMISSION_ROLES) | (Q(fund__isnull=True) & Q(bank="")),
                name="membership_commission_has_no_scope",
            ),
            models.CheckConstraint(
                condition=~Q(role=Role.HANDLER)
                | (Q(fund__isnull=True) & Q(bank="") & Q(body__regex=r"^[-a-zA-Z0-9_]+$")),
                name="membership_handler_has_body_only",
            ),
            models.CheckConstraint(
                condition=Q(role=Role.HANDLER) | Q(body=""),
                name="membership_body_for_handlers_only",
            ),
            models.UniqueConstraint(
                fields=["user", "body"],
                condition=Q(role=Role.HANDLER),
                name="membership_handler_once_per_body",
            ),
            models.UniqueConstraint(
                fields=["user", "fund"],
                condition=Q(role=Role.FILER),
                name="membership_filer_once_per_fund",
            ),
            models.UniqueConstraint(
                fields=["user", "bank"],
                condition=Q(role=Role.BANK),
                name="membership_bank_once_per_bank",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(role__in=COMMISSION_ROLES),
                name="membership_commission_role_once",
            ),
        ]

    def __str__(self) -> str:
        scope = self.bank or self.body or (str(self.fund) if self.fund_id else "")
        label = f"{self.user}: {self.get_role_display()}"
        return f"{label} ({scope})" if scope else label


class ApiToken(models.Model):
    """A machine credential for the API. The key is shown once; only its SHA-256 is kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(
        _("prefix"),
        max_length=8,
        unique=True,
        help_text=_("The first 8 characters of the token, to recognise it."),
    )
    key_hash = models.CharField(_("key hash (SHA-256)"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints = [
            models.CheckConstraint(
                condition=Q(key_hash__regex=r"^[0-9a-f]{64}$"), name="api_token_hash_is_sha256"
            ),
            models.CheckConstraint(
                condition=Q(prefix__regex=r"^.{8}$"), name="api_token_prefix_eight_chars"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
