"""Small helpers the families share."""

from __future__ import annotations

from decimal import Decimal
from typing import Any


def som(cents: Any) -> Decimal:
    """Tyiyn (an integer, as the SQL gives it) as som with two decimals."""
    return (Decimal(int(cents)) / 100).quantize(Decimal("0.01"))


def day(value: Any) -> str:
    """A date as ISO text, whether the driver gave a date or a string."""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)[:10]
