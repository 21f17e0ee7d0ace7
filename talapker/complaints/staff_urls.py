"""The staff's complaint pages, under /{lang}/staff/complaints/."""

from talapker.complaints import urls

app_name = "complaintstaff"
urlpatterns = urls.staff_urlpatterns
