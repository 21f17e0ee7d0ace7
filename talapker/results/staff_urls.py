"""The commission's results page, under /{lang}/staff/results/."""

from django.urls import path

from talapker.results import staff_views

app_name = "resultstaff"
urlpatterns = [path("<slug:election>/", staff_views.staff_results, name="results")]
