"""Guards for the pages of filers, banks, auditors and administrators.

    @verified_required                     # signed in and past the second factor
    def my_page(request): ...

    @role_required(Role.FILER)             # ... and holds one of these roles (else 403)
    def report_upload(request, fund): ...  # the view still checks can_file(user, fund)

    class ReviewView(RoleRequiredMixin, View):
        roles = (Role.AUDITOR, Role.ADMINISTRATOR)

Someone not signed in, or signed in without passing the code, is sent to the login page with
`?next=` pointing back.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import resolve_url

from talapker.accounts.models import Role
from talapker.accounts.otp import is_verified
from talapker.accounts.permissions import has_role

View = Callable[..., HttpResponseBase]


def _to_login(request: HttpRequest) -> HttpResponseBase:
    return redirect_to_login(request.get_full_path(), resolve_url(settings.LOGIN_URL))


def verified_required(view: View) -> View:
    """Let through only a signed-in user who passed the second factor (if they need one)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not is_verified(request.user):
            return _to_login(request)
        return view(request, *args, **kwargs)

    return wrapper


def role_required(*roles: str) -> Callable[[View], View]:
    """`verified_required`, and then 403 unless the user holds one of `roles`."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not is_verified(request.user):
                return _to_login(request)
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def staff_only(view: View) -> View:
    """The commission's staff pages: auditors and administrators."""
    return role_required(Role.AUDITOR, Role.ADMINISTRATOR)(view)


class VerifiedRequiredMixin:
    """Class-based views: as `verified_required`."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not is_verified(request.user):
            return _to_login(request)
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class RoleRequiredMixin:
    """Class-based views: as `role_required(*roles)`; set `roles` on the class."""

    roles: tuple[str, ...] = ()

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not is_verified(request.user):
            return _to_login(request)
        if not has_role(request.user, *self.roles):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
