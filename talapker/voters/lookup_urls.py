"""URL patterns of one part of the voters app, combined in urls.py, api_urls.py and
staff_urls.py: the pages under the language prefix, the API under /api/v1/, the staff pages
under /{lang}/staff/voters/."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
api_urlpatterns: list[URLPattern] = []
staff_urlpatterns: list[URLPattern] = []
