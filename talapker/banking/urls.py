"""The commission staff's pages under a language prefix: /{ky,ru,en}/staff/…"""

from django.urls import path

from talapker.banking import views

app_name = "staff"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("statements/upload/", views.statement_upload, name="statement-upload"),
    path("statements/<int:pk>/file", views.statement_file, name="statement-file"),
    path("<slug:election>/funds/<slug:fund>/", views.fund_detail, name="fund"),
]
