"""Every string a user sees is translated into Kyrgyz and Russian (English is the source),
the catalogues hold every string of the code, and the compiled catalogues match."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command

import talapker

PACKAGE = Path(talapker.__file__).parent
CATALOGUES = PACKAGE / "locale"
LANGUAGES = ("ky", "ru", "en")


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(CATALOGUES / language / "LC_MESSAGES" / "django.po"))


def key(entry: polib.POEntry) -> tuple[str | None, str]:
    return (entry.msgctxt, entry.msgid)


@pytest.fixture(scope="module")
def strings_in_code(tmp_path_factory: pytest.TempPathFactory) -> set[tuple[str | None, str]]:
    """Extract the strings from a copy of the code with Django's own makemessages."""
    from django.conf import settings

    work = tmp_path_factory.mktemp("extract")
    shutil.copytree(
        PACKAGE,
        work / "talapker",
        ignore=shutil.ignore_patterns("locale", "tests", "__pycache__", "migrations", "static"),
    )
    (work / "locale").mkdir()
    saved_paths, saved_cwd = settings.LOCALE_PATHS, Path.cwd()
    settings.LOCALE_PATHS = [work / "locale"]
    try:
        os.chdir(work)
        call_command("makemessages", locale=["en"], verbosity=0, no_obsolete=True)
    finally:
        os.chdir(saved_cwd)
        settings.LOCALE_PATHS = saved_paths
    extracted = polib.pofile(str(work / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    return {key(e) for e in extracted if e.msgid}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalogue_holds_every_string_of_the_code(
    language: str, strings_in_code: set[tuple[str | None, str]]
) -> None:
    held = {key(e) for e in catalogue(language) if not e.obsolete}
    missing = sorted(strings_in_code - held, key=str)
    assert not missing, f"{language}: run makemessages; missing {missing[:10]}"


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_every_string_is_translated(language: str) -> None:
    po = catalogue(language)
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, (
        f"{language}: {len(untranslated)} untranslated, e.g. {untranslated[:10]}"
    )
    assert not fuzzy, f"{language}: {len(fuzzy)} fuzzy, e.g. {fuzzy[:10]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_matches_its_source(language: str) -> None:
    po = catalogue(language)
    mo = polib.mofile(str(CATALOGUES / language / "LC_MESSAGES" / "django.mo"))
    translated = {key(e): (e.msgstr, e.msgstr_plural) for e in po.translated_entries()}
    compiled = {key(e): (e.msgstr, e.msgstr_plural) for e in mo if e.msgid}
    assert compiled == translated, f"{language}: run compilemessages"


def test_a_kyrgyz_page_string_really_comes_out_in_kyrgyz() -> None:
    from django.utils import translation

    with translation.override("ky"):
        assert str(translation.gettext("Parties")) != "Parties"
    with translation.override("ru"):
        assert str(translation.gettext("Parties")) == "Партии"
