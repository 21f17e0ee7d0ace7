"""Template helpers for the staff pages: `{% load staff_pages %}`.

- `{{ amount|som }}`: a signed amount in som with two decimals, grouped as the active
  language writes numbers ("+50 000,00", "-35 000,00"; "+50,000.00" in English).
"""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def som(amount: Decimal | None) -> str:
    if amount is None:
        return ""
    text = number_format(Decimal(amount), decimal_pos=2, use_l10n=True, force_grouping=True)
    return f"+{text}" if amount > 0 else text
