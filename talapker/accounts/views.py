"""Login (password and one-time code on one page), logout, and changing one's password."""

from __future__ import annotations

from typing import cast

from django.conf import settings
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from talapker.accounts.decorators import verified_required
from talapker.accounts.forms import LoginForm
from talapker.accounts.services import user_password_set


def _next_url(request: HttpRequest) -> str:
    """Where to go after login: `next` if it stays on this site, else the home page."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@sensitive_post_parameters("password", "code")
@csrf_protect
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and form.user is not None:
        login(request, form.user)
        if form.device is not None:
            otp_login(request, form.device)
        return HttpResponseRedirect(_next_url(request))
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    return render(request, "accounts/login.html", {"form": form, "next": next_url})


@require_POST
@csrf_protect
def logout_view(request: HttpRequest) -> HttpResponseBase:
    logout(request)
    return redirect(settings.LOGOUT_REDIRECT_URL)


@sensitive_post_parameters("old_password", "new_password1", "new_password2")
@csrf_protect
@never_cache
@verified_required
def password_change(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    form = PasswordChangeForm(user, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user_password_set(user, form.cleaned_data["new_password1"], actor=user.username)
        update_session_auth_hash(request, user)
        return render(request, "accounts/password_changed.html")
    return render(request, "accounts/password_change.html", {"form": form})
