"""The voters' pages under a language prefix: polling stations, "am I on the list?" and the
request to vote abroad (interfaces.md, "Pages")."""

from talapker.voters import lookup_urls, request_urls, station_urls

app_name = "voters"
urlpatterns = [*station_urls.urlpatterns, *lookup_urls.urlpatterns, *request_urls.urlpatterns]
