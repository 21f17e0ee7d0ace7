"""The audit log's URLs: the page under a language prefix (`urlpatterns`, namespace
"audit") and the API under /api/v1/ (`api_urlpatterns`, included by disclosure/api_urls.py)."""

from __future__ import annotations

from django.urls import URLPattern, path

from talapker.audit import api, views

app_name = "audit"
urlpatterns: list[URLPattern] = [
    path("audit/", views.audit_page, name="log"),
]
api_urlpatterns: list[URLPattern] = [
    path("audit/key", api.KeyDetail.as_view(), name="api-audit-key"),
    path("audit/roots", api.RootList.as_view(), name="api-audit-roots"),
    path("audit/proof/<int:seq>", api.ProofDetail.as_view(), name="api-audit-proof"),
]
