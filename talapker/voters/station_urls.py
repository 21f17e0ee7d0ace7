"""URL patterns of one part of the voters app, combined in urls.py, api_urls.py and
staff_urls.py: the pages under the language prefix, the API under /api/v1/, the staff pages
under /{lang}/staff/voters/."""

from __future__ import annotations

from django.urls import URLPattern, path

from talapker.voters import station_api, station_views

E = "elections/<slug:election>"
urlpatterns: list[URLPattern] = [
    path(f"{E}/precincts/", station_views.election_stations, name="stations"),
    path(f"{E}/precincts/abroad/", station_views.abroad_statistics, name="abroad-statistics"),
]
api_urlpatterns: list[URLPattern] = [
    path(f"{E}/precincts", station_api.StationList.as_view(), name="api-precincts"),
]
staff_urlpatterns: list[URLPattern] = [
    path("<slug:election>/register/", station_views.register_builds, name="register"),
]
