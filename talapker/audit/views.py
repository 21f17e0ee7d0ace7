"""The public page of the audit log: /{lang}/audit/."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from talapker.audit.models import AuditRoot
from talapker.audit.selectors import key_published

PER_PAGE = 60  # two months of days; every root is in the API


@require_safe
def audit_page(request: HttpRequest) -> HttpResponse:
    page = Paginator(AuditRoot.objects.order_by("-day"), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/log.html",
        {"key": key_published(), "page": page, "roots": page.object_list},
    )
