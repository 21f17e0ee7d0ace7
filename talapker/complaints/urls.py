"""The complaints' URLs: the pages under a language prefix (`urlpatterns`, namespace
"complaints"), the API under /api/v1/ (`api_urlpatterns`) and the staff pages under
/{lang}/staff/complaints/ (`staff_urls.py`, namespace "complaintstaff")."""

from __future__ import annotations

from django.urls import URLPattern, path

from talapker.complaints import api, staff_views, views

app_name = "complaints"
urlpatterns: list[URLPattern] = [
    path("complaints/", views.complaint_new, name="file"),
    path("complaints/find/", views.complaint_find, name="find"),
    path("complaints/<str:code>/", views.complaint_detail, name="complaint"),
    path(
        "elections/<slug:election>/complaints/",
        views.complaint_statistics_page,
        name="statistics",
    ),
]
api_urlpatterns: list[URLPattern] = [
    path("complaints", api.ComplaintCreate.as_view(), name="api-complaints"),
    path("complaints/<str:tracking_code>", api.ComplaintStatus.as_view(), name="api-complaint"),
]
staff_urlpatterns: list[URLPattern] = [
    path("", staff_views.complaint_queue, name="queue"),
    path("<str:code>/", staff_views.complaint_page, name="complaint"),
    path("<str:code>/files/<int:pk>/", staff_views.attachment_file, name="file"),
]
