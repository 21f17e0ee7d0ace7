"""Which body examines a complaint: the routing table (`Route`), which the commission edits in
the admin site. The line for the complaint's category and region wins; else the category's
line for any region; else the Central Election Commission (`cec`), so that a gap in the table
never leaves a complaint without a body. With no body at all (a table emptied by hand) the
complaint waits, unrouted, where auditors see every complaint."""

from __future__ import annotations

from talapker.complaints.models import Body, Route

FALLBACK = "cec"


def route_for(category: str, region: str) -> Body | None:
    """The body that examines a complaint of `category` from `region` (a region code)."""
    routes = {
        route.region: route.body
        for route in Route.objects.select_related("body").filter(
            category=category, region__in=[region, ""]
        )
    }
    return routes.get(region) or routes.get("") or Body.objects.filter(code=FALLBACK).first()
