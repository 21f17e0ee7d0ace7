"""Template helpers for the staff pages: `{% load staff_pages %}`.

- `{{ amount|som }}`: a signed amount in som with two decimals, grouped as the active
  language writes numbers ("+50 000,00", "-35 000,00"; "+50,000.00" in English).
- `{{ statement.format|format_name }}`: a statement format as banks write its name ("MT940",
  "camt.053", "CSV"), not its code.
- `{{ code|rule_code }}`: a rule code that may break only after its underscores
  ("DONOR_<wbr>CAP_<wbr>EXCEEDED"), escaped.
"""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from talapker.core.money import money_text

register = template.Library()


@register.filter
def som(amount: Decimal | None) -> str:
    if amount is None:
        return ""
    text = money_text(amount)
    return f"+{text}" if Decimal(amount) > 0 else text


@register.filter
def rule_code(code: str) -> SafeString:
    return mark_safe(escape(code).replace("_", "_<wbr>"))  # noqa: S308 (escaped first)


# The statement formats' codes (banking/statements) by the names banks and the commission use.
FORMAT_NAMES = {"mt940": "MT940", "camt.053": "camt.053", "csv": "CSV"}


@register.filter
def format_name(code: str) -> str:
    return FORMAT_NAMES.get(code, code)
