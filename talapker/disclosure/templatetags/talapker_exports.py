"""A page's search as a file: the links to the API's CSV and XLSX of the same rows.

The pages' search forms and the API's lists take the same parameters (transactions.py), so
the page's query goes to the API as it is, less what only a page has (its order and page
number), plus the fund the page is about."""

from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.http import QueryDict
from django.urls import reverse

register = template.Library()

PAGE_ONLY = {"order", "page"}


@register.simple_tag
def export_url(name: str, election: str, query: QueryDict, file_format: str, fund: str = "") -> str:
    """The address of the API list `name` for the query, in `file_format` (csv, xlsx)."""
    params = [
        (key, value)
        for key, values in query.lists()
        if key not in PAGE_ONLY and key != "fund"
        for value in values
        if value.strip()
    ]
    if fund:
        params.append(("fund", fund))
    params.append(("format", file_format))
    return f"{reverse(name, kwargs={'election': election})}?{urlencode(params)}"
