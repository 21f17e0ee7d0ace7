"""Inputs that crashed or hung the election folder's readers, found by the atheris fuzzer
(fuzz/election_files.py: the PDFs) or while writing it (the YAML), each refused now with an
InputError that names the file, the line where there is one, and the reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import translation

from talapker.core.errors import InputError
from talapker.elections.folder import read_election, read_programme
from talapker.filings.tests.corpus_scans import pdf_of

# A font whose /ToUnicode map has a 20-byte code (pypdf's LimitReachedError, a PyPdfError);
# a page whose content stream names a filter pypdf does not know (its NotImplementedError).
LONG_CODE = b"1 beginbfchar\n<" + b"00" * 20 + b"> <0041>\nendbfchar"
PLAIN_MAP = b"1 beginbfchar\n<41> <0041>\nendbfchar"


def pdf(to_unicode: bytes, content_filter: bytes = b"") -> bytes:
    """A one-page PDF written out by hand (`pdf_of`)."""
    content = b"BT /F1 12 Tf (A) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d %s>>\nstream\n%s\nendstream" % (len(content), content_filter, content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(to_unicode), to_unicode),
    ]
    return pdf_of(objects, header=b"%PDF-1.4\n")


def test_the_hand_written_pdf_is_read(tmp_path: Path) -> None:
    path = tmp_path / "ata-jurt.pdf"
    path.write_bytes(pdf(PLAIN_MAP))
    assert read_programme(path).text == "A"


def test_a_programme_with_an_overlong_font_code_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ata-jurt.pdf"
    path.write_bytes(pdf(LONG_CODE))
    with pytest.raises(InputError) as refused:
        read_programme(path)
    assert refused.value.file == "ata-jurt.pdf"
    assert refused.value.reason.startswith("the PDF cannot be read: ")
    assert "/ToUnicode" in refused.value.reason


def test_a_programme_with_an_unknown_stream_filter_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ata-jurt.pdf"
    path.write_bytes(pdf(PLAIN_MAP, content_filter=b"/Filter /FlateDe "))
    with translation.override("en"), pytest.raises(InputError) as refused:
        read_programme(path)
    assert refused.value.file == "ata-jurt.pdf"
    assert refused.value.reason == (
        "the PDF cannot be read: it is damaged, or uses a feature of PDF the platform does not read"
    )


DEFINITION = """code: jk-2026
kind: parliamentary
name: {ky: Шайлоо, ru: Выборы, en: Election}
campaign_start: 2026-10-01
election_day: 2026-11-29
"""


@pytest.mark.parametrize(
    "tail",
    [
        "note: &self [*self]\n",  # a list that holds itself: the surrogate walk never ended
        "rules: &rules {nested: *rules}\n",
        "base: &base {seats: 54}\nrules: {<<: *base}\n",  # a merge key is an alias too
    ],
    ids=["recursive list", "recursive rules", "merge key"],
)
def test_a_yaml_definition_with_an_alias_is_refused(tmp_path: Path, tail: str) -> None:
    path = tmp_path / "election.yaml"
    path.write_text(DEFINITION + tail, encoding="utf-8")
    with translation.override("en"), pytest.raises(InputError) as refused:
        read_election(path)
    assert refused.value.file == "election.yaml"
    assert refused.value.line == 6 + tail.count("\n") - 1
    assert "an alias (*" in refused.value.reason
    assert "is not accepted; write the value itself" in refused.value.reason


@pytest.mark.parametrize("key", ["1", "null", "2026-01-01", "1.5"])
def test_a_yaml_rule_whose_key_is_not_text_is_an_unknown_parameter(
    tmp_path: Path, key: str
) -> None:
    path = tmp_path / "election.yaml"
    path.write_text(DEFINITION + f"rules: {{{key}: 1, seats: 54}}\n", encoding="utf-8")
    with pytest.raises(InputError) as refused:  # sorting 1 among "seats": TypeError before
        read_election(path)
    assert refused.value.column == f"rules.{'None' if key == 'null' else key}"
    assert refused.value.reason == "unknown parameter"
