"""The commission's pages on the voter register, under /{lang}/staff/voters/."""

from talapker.voters import request_urls, station_urls

app_name = "voterstaff"
urlpatterns = [*station_urls.staff_urlpatterns, *request_urls.staff_urlpatterns]
