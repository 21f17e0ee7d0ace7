"""The open-data pages under a language prefix (interfaces.md, "Pages"; docs/open-data.md)."""

from django.urls import path

from talapker.opendata import views

app_name = "opendata"
urlpatterns = [
    path("elections/<slug:election>/data/", views.election_data, name="election-data"),
    path(
        "elections/<slug:election>/data/<slug:snapshot>/<str:name>",
        views.snapshot_file,
        name="snapshot-file",
    ),
]
