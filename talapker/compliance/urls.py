"""The auditors' pages on findings, under /{ky,ru,en}/staff/findings/…"""

from django.urls import path

from talapker.compliance import views

app_name = "findings"
urlpatterns = [
    path("<slug:election>/", views.queue, name="queue"),
    path("<slug:election>/<int:pk>/", views.finding_detail, name="detail"),
]
