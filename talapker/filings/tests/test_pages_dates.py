"""Dates on the pages as each language writes them: Kyrgyz "9-декабрь 2026-ж." (month in
lower case), Russian "9 декабря 2026 г.", and never two full stops where a sentence ends
with a date."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from talapker.disclosure.templatetags.talapker_pages import full_stop, long_date
from talapker.filings.tests.pages import signed_in, treasurer_of, url

KY_MONTHS = "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь"


@pytest.mark.parametrize(
    ("language", "written"),
    [
        ("ky", "9-декабрь 2026-ж."),
        ("ru", "9 декабря 2026 г."),
        ("en", "9 December 2026"),
    ],
)
def test_a_long_date_in_each_language(language: str, written: str) -> None:
    with translation.override(language):
        assert long_date(dt.date(2026, 12, 9)) == written


def test_kyrgyz_month_names_are_lower_case() -> None:
    with translation.override("ky"):
        months = [long_date(dt.date(2026, m, 1)).split()[0][2:] for m in range(1, 13)]
    assert months == KY_MONTHS.split()


def test_a_sentence_gets_one_full_stop() -> None:
    assert full_stop("9-декабрь 2026-ж.") == ""
    assert full_stop("9 December 2026") == "."


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "year_word"), [("ky", "-ж."), ("ru", " г.")])
def test_the_report_page_ends_its_due_date_sentence_once(fund, language: str, year_word: str):
    client = signed_in(treasurer_of(fund))
    page = client.get(url(fund, lang=language)).content.decode()
    due = fund.election.interim_report_due
    assert f"{due.year}{year_word}</time></p>" in page
    assert ".." not in page.replace("...", "")
