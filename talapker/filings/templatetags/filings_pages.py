"""Template helpers for the filing pages: `{% load filings_pages %}`.

- `{{ code|code_label }}`: a code of the report format (donor kind, category, method) in words.
- `{{ column|column_label }}`: a column of the report format as the form labels it.
- `{{ amount|som }}`: an amount with two decimals and grouped thousands, in the page's language.
"""

from __future__ import annotations

from decimal import Decimal

from django import template

from talapker.core.money import money_text
from talapker.filings.forms import COLUMN_LABELS
from talapker.filings.forms import code_label as label_of_code

register = template.Library()


@register.filter
def code_label(code: str) -> str:
    return label_of_code(code)


@register.filter
def column_label(column: str) -> str:
    label = COLUMN_LABELS.get(column)
    return str(label) if label is not None else column


@register.filter
def som(amount: Decimal | int | None) -> str:
    return money_text(amount or 0)
