"""Every public column is described in ky, ru and en, and the published standard
(docs/open-data-standard.md) lists exactly the tables and fields the snapshots write."""

from __future__ import annotations

from pathlib import Path

import pytest

from talapker.opendata.standard import BEGIN, END, fields_markdown, standard_tables

STANDARD = Path(__file__).resolve().parents[3] / "docs" / "open-data-standard.md"
# Descriptions that read the same in a language as in English (none yet).
SAME_IN_TRANSLATION: set[str] = set()

pytestmark = pytest.mark.django_db


def _columns() -> list[tuple[str, str, dict[str, str]]]:
    return [
        (found.table.name, column.name, column.described())
        for found in standard_tables()
        for column in found.columns
    ]


def test_every_table_has_columns() -> None:
    for found in standard_tables():
        assert found.columns, found.table.name


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_every_column_is_described_in_every_language(language: str) -> None:
    missing = [
        f"{table}.{name}"
        for table, name, texts in _columns()
        if not texts["en"]
        or (texts[language] == texts["en"] and texts["en"] not in SAME_IN_TRANSLATION)
    ]
    assert not missing, f"describe these columns (help_text) and translate them: {missing}"


def test_every_table_is_described_in_every_language() -> None:
    from django.utils import translation

    for found in standard_tables():
        for text in (found.table.title, found.table.description):
            with translation.override("en"):
                english = str(text)
            for language in ("ky", "ru"):
                with translation.override(language):
                    assert str(text) != english, (found.table.name, language, english)


def test_the_published_standard_lists_every_field() -> None:
    text = STANDARD.read_text(encoding="utf-8")
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    assert text[start:end].strip() == fields_markdown().strip(), (
        "docs/open-data-standard.md differs from the registry: run "
        "`talapker export-bulk --standard docs/open-data-standard.md`"
    )
