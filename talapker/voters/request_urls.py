"""URL patterns of the requests to vote abroad, combined in urls.py (namespace "voters"),
api_urls.py and staff_urls.py (namespace "voterstaff"): the pages under the language prefix,
the staff pages under /{lang}/staff/voters/."""

from __future__ import annotations

from django.urls import URLPattern, path

from talapker.voters import request_views

urlpatterns: list[URLPattern] = [
    path("voters/abroad/", request_views.abroad_request, name="abroad-request"),
    path("voters/requests/", request_views.request_find, name="request-find"),
    path("voters/requests/<str:code>/", request_views.request_detail, name="request"),
]
api_urlpatterns: list[URLPattern] = []
staff_urlpatterns: list[URLPattern] = [
    path("<slug:election>/requests/", request_views.request_queue, name="requests"),
    path(
        "<slug:election>/requests/<str:code>/",
        request_views.request_review,
        name="request",
    ),
]
