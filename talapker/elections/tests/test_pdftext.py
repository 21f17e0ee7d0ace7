"""A programme's text keeps its paragraphs: lines the layout wrapped are joined, headings and
paragraph ends stay on lines of their own; the public page shows them, escaped."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation
from fpdf import FPDF

from talapker.elections.folder import read_programme
from talapker.elections.pdftext import pdf_text
from talapker.generator.programmes import FONT_PATH
from talapker.parties.models import Party

HEADING = "Экономика"
PARAGRAPH = (
    "Чакан жана орто бизнести колдоо үчүн салык жүгүн жеңилдетебиз, ишкерлерге арзан насыя "
    "беребиз. Ар бир облуста жаңы жумуш орундарын түзүп, жаштардын чет өлкөгө кетүүсүн "
    "азайтабыз, жана <b>ачык</b> бюджет болот."
)
SECOND = "Мамлекеттик тилди жана үч тилдүү билим берүүнү колдойбуз."


def programme(path: Path) -> Path:
    """A programme PDF as a party makes one: a heading, then paragraphs the layout wraps."""
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", fname=str(FONT_PATH))
    pdf.add_page()
    for text, size in ((HEADING, 14), (PARAGRAPH, 11), (SECOND, 11)):
        pdf.set_font("DejaVu", size=size)
        pdf.multi_cell(pdf.epw, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    path.write_bytes(bytes(pdf.output()))
    return path


def test_the_text_keeps_headings_and_paragraphs_and_joins_wrapped_lines(tmp_path: Path) -> None:
    text = read_programme(programme(tmp_path / "umut.pdf")).text
    assert text.split("\n") == [HEADING, PARAGRAPH, SECOND]


def test_pages_are_apart_and_hyphenated_words_whole() -> None:
    pages = [
        "Биринчи барак.\n",
        "Жалал-\nАбад облусунун калкы жана анын ар бир айылы, ар бир шаары үчүн иштейбиз\nбаары.",
    ]
    assert pdf_text(pages) == (
        "Биринчи барак.\n\n"
        "Жалал-Абад облусунун калкы жана анын ар бир айылы, ар бир шаары үчүн иштейбиз баары."
    )


@pytest.mark.django_db
def test_the_party_page_shows_the_paragraphs_escaped(client, election_folder: Path) -> None:
    from talapker.elections.services import election_load

    programme(election_folder / "programmes" / "ata-jurt.pdf")
    election_load(election_folder, actor="test")
    with translation.override("ky"):
        page = client.get(reverse("disclosure:party", args=["jk-2026", "ata-jurt"]))
    html = page.content.decode()
    excerpt = html[html.index('class="excerpt__text"') :]
    excerpt = excerpt[: excerpt.index("</div>")]
    assert f"<p>{HEADING}<br>" in excerpt
    assert "&lt;b&gt;ачык&lt;/b&gt;" in excerpt and "<b>" not in excerpt


@pytest.mark.django_db
def test_a_reload_re_extracts_the_text_of_an_unchanged_file(election_folder: Path) -> None:
    from talapker.elections.services import election_load

    programme(election_folder / "programmes" / "ata-jurt.pdf")
    election_load(election_folder, actor="test")
    # as an earlier load stored it: every break collapsed
    Party.objects.filter(code="ata-jurt").update(programme_text=f"{HEADING} {PARAGRAPH}")
    election_load(election_folder, actor="test")
    assert Party.objects.get(code="ata-jurt").programme_text.startswith(f"{HEADING}\n")
