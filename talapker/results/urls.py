"""The results' URLs: pages under a language prefix (`urlpatterns`), the API under /api/v1/
(`api_urlpatterns`), the staff page under /{lang}/staff/results/ (`staff_urlpatterns`)."""

from __future__ import annotations

from django.urls import URLPattern, path

from talapker.results import api, views

E = "elections/<slug:election>"
app_name = "results"
urlpatterns: list[URLPattern] = [
    path(f"{E}/results/", views.results, name="results"),
    path(f"{E}/results/precincts/", views.precincts, name="precincts"),
    path(f"{E}/results/precincts/<str:code>/", views.precinct, name="precinct"),
    path(f"{E}/results/forensics/", views.forensics_page, name="forensics"),
]
api_urlpatterns: list[URLPattern] = [
    path(f"{E}/results", api.ResultsView.as_view(), name="api-results"),
    path(f"{E}/protocols", api.ProtocolList.as_view(), name="api-protocols"),
]
