"""Sums of money as people read them: two decimals, thousands grouped as the active language
groups them (non-breaking spaces in Kyrgyz and Russian: "500 000.00", "500 000,00"; English
"500,000.00"). Tables and explanations write money through this one function, so a sum reads
the same in a finding's explanation as in the table beside it.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.formats import number_format

CENT = Decimal("0.01")


def money_text(amount: Decimal | int | str) -> str:
    """The amount with two decimals, grouped for the active language; text that is not a
    number is returned as it is."""
    try:
        value = Decimal(str(amount)).quantize(CENT, rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        return str(amount)
    return number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)
