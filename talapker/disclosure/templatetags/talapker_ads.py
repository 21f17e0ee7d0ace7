"""Filters of the ads pages: names as the ad libraries export them, written so that a
Kyrgyz or Russian page stays in its language.

A platform is a brand, written as the brand writes itself and marked English (`lang="en"`),
so a screen reader says it right. A page's or a payer's name is quoted «…» on a Kyrgyz or
Russian page when it holds Latin letters (a name in another script, as typography there
wants), and left as it is on an English page.
"""

from __future__ import annotations

import re

from django import template
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString

from talapker.disclosure.ad_list import PLATFORMS

register = template.Library()

LATIN = re.compile(r"[A-Za-z]")


@register.filter
def platform(code: str) -> SafeString:
    """The platform's name, marked English."""
    return format_html('<span lang="en">{}</span>', PLATFORMS.get(code.lower(), code))


@register.filter
def exported_name(name: str) -> str:
    """A name as exported: quoted «…» on a ky or ru page when it holds Latin letters."""
    if not name or not LATIN.search(name):
        return name
    if (translation.get_language() or "en")[:2] == "en":
        return name
    return f"«{name}»"


@register.filter
def payer_kind(code: str) -> str:
    """What a payer kind means, in the active language."""
    from talapker.ads.models import PayerKind

    return str(PayerKind(code).label) if code in PayerKind.values else code


@register.filter
def rules_of(findings: dict[str, list[str]], ad_id: str) -> list[str]:
    """The confirmed rule codes on the ad (ad_list.findings_of)."""
    return findings.get(ad_id, [])
