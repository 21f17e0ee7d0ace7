"""Data that has names in several languages keeps all of them: `name_ky`, `name_ru`,
`name_en`. These helpers pick the one for the active language, falling back through
Kyrgyz and Russian so that a missing translation never shows an empty name."""

from __future__ import annotations

from typing import Any

from django.utils import translation

FALLBACK_ORDER = ("ky", "ru", "en")


def localized(obj: Any, field: str, language: str | None = None) -> str:
    """The value of `<field>_<language>` on obj, or the first non-empty fallback."""
    language = (language or translation.get_language() or "ky")[:2]
    for code in (language, *FALLBACK_ORDER):
        value = getattr(obj, f"{field}_{code}", "")
        if value:
            return str(value)
    return ""


def all_languages(obj: Any, field: str) -> dict[str, str]:
    """{"ky": ..., "ru": ..., "en": ...} for an object with per-language fields."""
    return {code: getattr(obj, f"{field}_{code}") for code in FALLBACK_ORDER}
