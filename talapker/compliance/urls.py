"""The auditors' pages on findings and on candidates, under /{ky,ru,en}/staff/findings/…"""

from django.urls import path

from talapker.compliance import candidate_views, views

app_name = "findings"
urlpatterns = [
    path("<slug:election>/", views.queue, name="queue"),
    path("<slug:election>/<int:pk>/", views.finding_detail, name="detail"),
    path("<slug:election>/candidates/", candidate_views.candidate_queue, name="candidates"),
    path(
        "<slug:election>/candidates/<slug:party>/<int:position>/",
        candidate_views.candidate_review,
        name="candidate",
    ),
]
