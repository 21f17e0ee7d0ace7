"""`datapackage.json`: the snapshot described as a Frictionless Tabular Data Package, so a
tool (frictionless, pandas with the schema, a spreadsheet user reading it) knows every
table's columns, types, keys and meaning without asking.

Each table is one CSV resource with its Table Schema, size and SHA-256; the table's Parquet
file, with the same columns and rows, is listed on the resource under `parquet` (a Data
Package may carry properties of its own; frictionless reads the CSV and checks it). The
English texts are the standard `title` and `description`; every text also comes in the
three languages under `titles` and `descriptions` ({"ky": …, "ru": …, "en": …}).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from talapker.core.i18n import all_languages
from talapker.elections.models import Election
from talapker.opendata.columns import LANGUAGES, Column
from talapker.opendata.tables import Table
from talapker.opendata.writing import Written

STANDARD = {
    "name": "talapker-political-finance",
    "title": "Talapker Political Finance Data Standard",
    "version": "1",
    "path": "docs/open-data-standard.md",
}
# What the commission publishes under: attribution only, so anyone may reuse, combine and
# republish the data, commercially too, naming the commission as the source (docs/open-data.md).
LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
_DESCRIPTION = _(
    "The election's public data at one moment, as the platform's API gives it: parties, "
    "candidates, funds, report versions, contributions, expenditures, donors under "
    "pseudonyms and confirmed findings. No personal number, address or birth date."
)


@dataclass(frozen=True)
class TableWritten:
    table: Table
    columns: list[Column]
    rows: int
    csv: Written
    parquet: Written


def _in_languages(text: object) -> dict[str, str]:
    found = {}
    for language in LANGUAGES:
        with translation.override(language):
            found[language] = str(text)
    return found


def _field(column: Column) -> dict[str, Any]:
    texts = column.described()
    return {
        "name": column.name,
        "type": column.kind.value,
        "description": texts["en"],
        "descriptions": texts,
    }


def _resource(done: TableWritten) -> dict[str, Any]:
    titles, descriptions = _in_languages(done.table.title), _in_languages(done.table.description)
    schema: dict[str, Any] = {
        "fields": [_field(c) for c in done.columns],
        "missingValues": [""],
    }
    if done.table.primary_key:
        schema["primaryKey"] = list(done.table.primary_key)
    return {
        "name": done.table.name,
        "path": done.csv.name,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": done.csv.size,
        "hash": f"sha256:{done.csv.sha256}",
        "rows": done.rows,
        "title": titles["en"],
        "titles": titles,
        "description": descriptions["en"],
        "descriptions": descriptions,
        "schema": schema,
        "parquet": {
            "path": done.parquet.name,
            "mediatype": "application/vnd.apache.parquet",
            "bytes": done.parquet.size,
            "hash": f"sha256:{done.parquet.sha256}",
        },
    }


def datapackage(
    election: Election, created: datetime, tables: list[TableWritten], public_url: str
) -> dict[str, Any]:
    names = all_languages(election, "name")
    return {
        "profile": "tabular-data-package",
        "name": f"talapker-{election.code}",
        "id": public_url.rstrip("/")
        + reverse(
            "opendata:snapshot-file",
            args=[election.code, created.strftime("%Y%m%dT%H%M%SZ"), "datapackage.json"],
        ),
        "title": names.get("en") or election.code,
        "titles": names,
        "description": _in_languages(_DESCRIPTION)["en"],
        "descriptions": _in_languages(_DESCRIPTION),
        "version": created.strftime("%Y%m%dT%H%M%SZ"),
        "created": created.isoformat().replace("+00:00", "Z"),
        "homepage": public_url,
        "licenses": [LICENSE],
        "sources": [{"title": "Talapker", "path": public_url}],
        "standard": STANDARD,
        "election": election.code,
        "resources": [_resource(done) for done in tables],
    }
