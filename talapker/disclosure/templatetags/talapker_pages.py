"""Template helpers for the public pages: `{% load talapker_pages %}`.

- `{{ obj|localized:"name" }}`: the field in the active language (with fallbacks).
- `{% other_names obj "name" as names %}`: the field in the other languages, each as
  `code`, `language` (the language's own name) and `value`.
- `{{ day|long_date }}`: a date written out in the active language ("29 November 2026",
  "29-ноябрь 2026-ж.", "29 ноября 2026 г.").
- `{{ day|long_date|full_stop }}`: the "." that ends a sentence after the text, or nothing
  when the text ends with one already (a Kyrgyz or Russian date: "2026-ж.", "2026 г.").
- `{{ text|region }}`: a region, named in the register in any language, in the active one.
- `{% language_links as links %}`: the current page in every language, each as `code`,
  `language`, `url` and `current`.
- `{{ field_file|file_size }}`: a stored file's size in bytes, or None when it is missing.
- `{{ amount|money }}`: a sum in som as people read it (core/money.py); `{{ share|percent }}`
  a share with one decimal and the sign.
- `{% page_url 3 %}`: the current address with `page=3`, every other query parameter kept.
- `{{ code|code_label }}`: what a code of the report format means (a donor kind, a method,
  a category) in the active language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import formats, translation
from django.utils.html import format_html
from django.utils.translation import gettext

from talapker.core.countries import country_name
from talapker.core.i18n import localized as localized_value
from talapker.core.identifiers import mask_long_numbers
from talapker.core.money import money_text
from talapker.core.regions import region_name
from talapker.filings.forms import code_label as filings_code_label

register = template.Library()

# DATE_FORMAT is right for Kyrgyz (ours, core/locale_formats) and Russian (Django's); Django's
# English one is American ("Nov. 29, 2026"), which reads oddly beside the other two.
LONG_DATE_FORMATS = {"en": "j F Y"}


@dataclass(frozen=True)
class LanguageValue:
    code: str
    language: str
    value: str


@dataclass(frozen=True)
class LanguageLink:
    code: str
    language: str
    url: str
    current: bool


def _active_language() -> str:
    return (translation.get_language() or settings.LANGUAGE_CODE)[:2]


def _own_name(code: str) -> str:
    return str(translation.get_language_info(code)["name_local"])


@register.filter
def localized(obj: Any, field: str) -> str:
    return localized_value(obj, field)


@register.simple_tag
def other_names(obj: Any, field: str) -> list[LanguageValue]:
    active = _active_language()
    values = {
        code: str(getattr(obj, f"{field}_{code}", "") or "") for code, _ in settings.LANGUAGES
    }
    return [
        LanguageValue(code=code, language=_own_name(code), value=value)
        for code, value in values.items()
        if code != active and value
    ]


@register.filter
def long_date(value: dt.date | None) -> str:
    if not value:
        return ""
    return formats.date_format(value, LONG_DATE_FORMATS.get(_active_language(), "DATE_FORMAT"))


@register.filter
def full_stop(text: str) -> str:
    return "" if str(text).rstrip().endswith(".") else "."


@register.filter
def region(value: str | None) -> str:
    return region_name(value or "", _active_language())


@register.simple_tag(takes_context=True)
def language_links(context: template.Context) -> list[LanguageLink]:
    request = context.get("request")
    path = request.get_full_path() if request is not None else None
    active = _active_language()
    links = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(path, code) if path else f"/{code}/"
        if url == path and code != active:
            url = f"/{code}/"  # a path that resolves nowhere: offer the home page instead
        links.append(
            LanguageLink(code=code, language=_own_name(code), url=url, current=code == active)
        )
    return links


@register.filter
def file_size(field_file: Any) -> int | None:
    if not field_file:
        return None
    try:
        return int(field_file.size)
    except (OSError, ValueError):
        return None


@register.simple_tag(takes_context=True)
def workspace_links(context: dict[str, Any]) -> dict[str, bool]:
    """What the footer offers the visitor: sign in, or the work pages of their roles. Costs
    no query for the public (no session, no user lookup)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"signed_in": False, "filer": False, "staff": False, "handler": False}
    from talapker.accounts.models import Role
    from talapker.accounts.permissions import roles_of

    roles = roles_of(user)
    return {
        "signed_in": True,
        "filer": Role.FILER in roles,
        "staff": bool(roles & {Role.AUDITOR, Role.ADMINISTRATOR}),
        "handler": Role.HANDLER in roles,
    }


@register.filter
def money(amount: Any) -> str:
    return "—" if amount is None else money_text(amount)


@register.simple_tag(takes_context=True)
def page_url(context: template.Context, number: int) -> str:
    """The query string of the current page with another page number (filters kept)."""
    query = context["request"].GET.copy()
    query["page"] = str(number)
    return f"?{query.urlencode()}"


@register.filter
def code_label(code: str) -> str:
    return filings_code_label(code)


@register.filter
def cents(value: int | None) -> Decimal | None:
    """Tyiyn (as the kept totals hold them) as som."""
    return None if value is None else Decimal(value) / 100


@register.filter
def mask_ids(text: str) -> str:
    """Free text as a party wrote it, with every long number (a PIN, an INN) masked."""
    return mask_long_numbers(text)


@register.filter
def percent(share: Decimal | None) -> str:
    """A share (0.25) as the charts write it: one decimal, cut not rounded, the sign as the
    active language places it."""
    from talapker.disclosure.charts.numbers import percent as written  # it uses long_date

    return "—" if share is None else written(share)


@register.filter
def percent_points(share: Decimal | None) -> str:
    """A share the registers write in percent (25.00 for a quarter), as `percent` writes it."""
    return percent(None if share is None else Decimal(share) / 100)


@register.filter
def decimal_text(value: Any) -> Any:
    """A decimal kept as text with its places ("51.83", as the API gives it), written as the
    active language writes numbers ("51,83" in Russian); anything else as it is."""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return value
    if not number.is_finite():
        return value
    from talapker.disclosure.charts.numbers import grouped  # as `percent` imports it

    return grouped(number, max(0, -int(number.as_tuple().exponent)))


@register.filter
def count(value: Any) -> Any:
    """A whole number of things (votes, voters), grouped as the active language groups
    thousands ("18 100"); anything else as it is."""
    from talapker.disclosure.charts.numbers import grouped  # as `percent` imports it

    return grouped(Decimal(value), 0) if isinstance(value, int) else value


@register.filter
def country(code: str) -> str:
    """An ISO 3166-1 alpha-3 code by the country's name in the active language."""
    return country_name(code) if code else ""


@register.simple_tag
def tx_status(transaction: Any) -> str:
    """A row's three-way status (banking.Transaction, or None before any bank statement):
    the overall word, then bank, report and document. A tag rather than an included
    template: a list shows it on every row."""
    if transaction is None:
        return format_html(
            '<span class="tx-status">{}</span>', gettext("not yet checked against the bank")
        )
    return format_html(
        '<span class="tx-status tx-status--{}">{}</span><span class="tx-detail">{} {}; {} {}; '
        "{} {}</span>",
        transaction.status,
        transaction.get_status_display(),
        gettext("Bank:"),
        transaction.get_bank_display(),
        gettext("report:"),
        transaction.get_reported_display(),
        gettext("document:"),
        transaction.get_document_display(),
    )
