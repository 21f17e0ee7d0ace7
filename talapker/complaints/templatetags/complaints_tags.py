"""Template filters of the complaints' pages."""

from __future__ import annotations

from django import template

from talapker.complaints.places import region_label as label

register = template.Library()


@register.filter
def region_label(code: str) -> str:
    """A region's code as its name in the page's language."""
    return label(code)
