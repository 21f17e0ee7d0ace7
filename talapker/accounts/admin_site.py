"""The admin site: staff who passed the second factor only, signing in through our login page."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminSite


class TalapkerAdminSite(OTPAdminSite):
    """`OTPAdminSite` (staff *and* OTP-verified), named `admin` so `admin:` URLs keep working.

    The admin's own login form is not used: its login URL sends people to the one login page
    (`accounts:login`), where lockout and the second factor are enforced in one place.
    """

    site_header = _("Talapker administration")
    site_title = _("Talapker administration")

    def __init__(self, name: str = "admin") -> None:
        super().__init__(name)

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        index = reverse("admin:index", current_app=self.name)
        if request.method == "GET" and self.has_permission(request):
            return HttpResponseRedirect(index)
        target = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = index
        return redirect_to_login(target, reverse("accounts:login"))
