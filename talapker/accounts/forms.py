"""The login form: username, password and the one-time code, checked together.

Every refusal gives the same message, whichever of the three was wrong, and counts as one
failed attempt for django-axes (a wrong code too, so that a known password does not give an
attacker unlimited guesses at the code).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp import user_has_device
from django_otp.models import Device

from talapker.accounts.otp import code_verify, otp_required


class LoginForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "autocapitalize": "none", "autofocus": True}
        ),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    code = forms.CharField(
        label=_("One-time code"),
        required=False,
        max_length=16,
        help_text=_(
            "The 6-digit code from your authenticator app, or one of your 8-digit backup codes."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )

    def refusal(self) -> forms.ValidationError:
        """The one message of every refusal. It names no count: which of the limits (per
        account, per address, per both) comes first depends on what else has failed."""
        minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
        message = ngettext(
            "The username, password or one-time code is wrong. After repeated wrong "
            "attempts, signing in is blocked for %(minutes)s minute.",
            "The username, password or one-time code is wrong. After repeated wrong "
            "attempts, signing in is blocked for %(minutes)s minutes.",
            minutes,
        ) % {"minutes": minutes}
        return forms.ValidationError(message, code="invalid")

    def __init__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        self.request = request
        self.user: User | None = None
        self.device: Device | None = None
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        username, password = cleaned.get("username"), cleaned.get("password")
        if not username or not password:
            return cleaned
        # The axes backend refuses a blocked account or address before the password is checked,
        # and records a failed attempt for a wrong password.
        user = authenticate(self.request, username=username, password=password)
        if user is None:
            raise self.refusal()
        code = cleaned.get("code") or ""
        if user_has_device(user):
            self.device = code_verify(user, code)
            passed = self.device is not None
        else:
            passed = not otp_required(user)  # staff roles without an authenticator: refused
        if not passed:
            user_login_failed.send(
                sender=__name__, credentials={"username": username}, request=self.request
            )
            raise self.refusal()
        self.user = user
        return cleaned
