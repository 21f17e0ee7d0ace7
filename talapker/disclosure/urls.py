"""Public pages under a language prefix (/ky/, /ru/, /en/). The paths are a contract
(interfaces.md, "Pages"): add freely, never rename."""

from django.urls import path

from talapker.disclosure import views

app_name = "disclosure"
urlpatterns = [
    path("", views.home, name="home"),
    path("elections/<slug:election>/", views.election_detail, name="election"),
    path("elections/<slug:election>/parties/<slug:party>/", views.party_detail, name="party"),
    path(
        "elections/<slug:election>/parties/<slug:party>/programme.pdf",
        views.party_programme,
        name="party-programme",
    ),
    path(
        "elections/<slug:election>/parties/<slug:party>/candidates/<int:position>/",
        views.candidate_detail,
        name="candidate",
    ),
]
