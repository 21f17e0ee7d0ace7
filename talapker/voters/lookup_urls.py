"""URL patterns of "am I on the voter list?", combined in urls.py and api_urls.py: the page
under the language prefix (`voters:lookup`), the API and the chat-bot webhook under /api/v1/.
The PIN travels in request bodies only: no pattern here has a place for it."""

from __future__ import annotations

from django.urls import URLPattern, path
from django.views.decorators.debug import sensitive_post_parameters

from talapker.voters import lookup_api, lookup_views

urlpatterns: list[URLPattern] = [
    path("voters/", lookup_views.lookup, name="lookup"),
]
api_urlpatterns: list[URLPattern] = [
    path(
        "elections/<slug:election>/voter-lookup",
        sensitive_post_parameters("pin", "birth_date")(lookup_api.VoterLookup.as_view()),
        name="api-voter-lookup",
    ),
    path(
        "bot/voter-lookup",
        sensitive_post_parameters("text")(lookup_api.BotLookup.as_view()),
        name="api-bot-voter-lookup",
    ),
]
staff_urlpatterns: list[URLPattern] = []
