"""The voters' API under /api/v1/ (included by disclosure/api_urls.py)."""

from talapker.voters import lookup_urls, request_urls, station_urls

urlpatterns = [
    *station_urls.api_urlpatterns,
    *lookup_urls.api_urlpatterns,
    *request_urls.api_urlpatterns,
]
