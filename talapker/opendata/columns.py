"""A table's columns as the snapshot describes them: name, Table Schema type, Parquet type
and the description in ky, ru and en, all read from the API list's serializer.

The description is the field's `help_text` (an English msgid, translated like any other
text). A name in three languages flattens to `name.ky`, `name.ru`, `name.en`, whose inner
fields say nothing themselves: they take their parent's description and the language's name.

Money is exact in Parquet: a `DecimalField` (or a method field declared as a decimal) is a
`decimal128` of its digits, never a float.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pyarrow as pa
from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from rest_framework import serializers

from talapker.core.api.exports import fields, kind_of
from talapker.core.api.tabular import Kind

LANGUAGES = ("ky", "ru", "en")
_IN_LANGUAGE = {
    "ky": _("%(description)s In Kyrgyz."),
    "ru": _("%(description)s In Russian."),
    "en": _("%(description)s In English."),
}
MONEY = pa.decimal128(16, 2)

Field = serializers.Field[Any, Any, Any, Any]


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    arrow: pa.DataType
    text: object  # the description, lazy: rendered in each language by `described`

    def described(self) -> dict[str, str]:
        """The description in each language; empty when the field has none."""
        found = {}
        for language in LANGUAGES:
            with translation.override(language):
                found[language] = str(self.text)
        return found


def _declared(field: Field) -> Any:
    """What `extend_schema_field` declares a method field returns."""
    if isinstance(field, serializers.SerializerMethodField):
        method = getattr(field.parent, field.method_name or f"get_{field.field_name}", None)
        return getattr(method, "_spectacular_annotation", {}).get("field")
    return getattr(field, "_spectacular_annotation", {}).get("field")


_OPENAPI = {
    OpenApiTypes.BOOL: Kind.BOOLEAN,
    OpenApiTypes.INT: Kind.INTEGER,
    OpenApiTypes.DECIMAL: Kind.NUMBER,
    OpenApiTypes.NUMBER: Kind.NUMBER,
    OpenApiTypes.FLOAT: Kind.NUMBER,
    OpenApiTypes.DATE: Kind.DATE,
    OpenApiTypes.DATETIME: Kind.DATETIME,
}
_HINTS = {bool: Kind.BOOLEAN, int: Kind.INTEGER, Decimal: Kind.NUMBER, float: Kind.NUMBER}


def _kind(field: Field) -> Kind:
    """`kind_of`, and what it leaves as text: a method field declared with an OpenApiTypes
    member, or one whose method's return annotation says bool or a number (as drf-spectacular
    reads it for the OpenAPI document)."""
    declared = _declared(field)
    if isinstance(declared, serializers.Field) and not isinstance(
        declared, serializers.BaseSerializer
    ):
        return _kind(declared)
    if isinstance(declared, OpenApiTypes):
        return _OPENAPI.get(declared, Kind.STRING)
    if declared is None and isinstance(field, serializers.SerializerMethodField):
        method = getattr(field.parent, field.method_name or f"get_{field.field_name}", None)
        try:
            hint = typing.get_type_hints(method).get("return") if method else None
        except (NameError, TypeError):
            hint = None
        if hint in _HINTS:
            return _HINTS[hint]
    return kind_of(field)


def _arrow(field: Field, kind: Kind) -> pa.DataType:
    declared = _declared(field)
    if isinstance(declared, serializers.DecimalField):
        field = declared
    if isinstance(field, serializers.DecimalField):
        return pa.decimal128(field.max_digits or 16, field.decimal_places or 0)
    if kind is Kind.NUMBER:
        return MONEY if _declared(field) is OpenApiTypes.DECIMAL else pa.float64()
    return {
        Kind.STRING: pa.string(),
        Kind.INTEGER: pa.int64(),
        Kind.BOOLEAN: pa.bool_(),
        Kind.DATE: pa.date32(),
        Kind.DATETIME: pa.timestamp("us", tz=settings.TIME_ZONE),
    }[kind]


def _text(serializer: serializers.BaseSerializer[Any], name: str, field: Field) -> object:
    if field.help_text:
        return field.help_text
    head, _dot, language = name.rpartition(".")
    if head and language in _IN_LANGUAGE:
        parent = _parent(serializer, head)
        if parent is not None and parent.help_text:
            return _LanguageText(parent.help_text, language)
    return ""


def _parent(serializer: serializers.BaseSerializer[Any], dotted: str) -> Field | None:
    found: Any = serializer
    for part in dotted.split("."):
        inner = getattr(found, "fields", None)
        if inner is None or part not in inner:
            return None
        found = inner[part]
    return found  # type: ignore[no-any-return]


class _LanguageText:
    """The parent's description with the language's name, rendered when it is read."""

    def __init__(self, parent: Promise | str, language: str) -> None:
        self.parent, self.language = parent, language

    def __str__(self) -> str:
        return str(_IN_LANGUAGE[self.language] % {"description": str(self.parent)})


def columns_of(serializer: serializers.BaseSerializer[Any]) -> list[Column]:
    found = []
    for name, field in fields(serializer):
        kind = _kind(field)
        found.append(Column(name, kind, _arrow(field, kind), _text(serializer, name, field)))
    return found
