"""The hostile and broken corpus: each file is accepted or refused exactly as its manifest
says, and refusals are always InputErrors that give the expected reason."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from talapker.banking.statements import Limits, parse_statement
from talapker.banking.tests import make_corpus
from talapker.core.errors import InputError

MANIFEST = json.loads(make_corpus.MANIFEST.read_text(encoding="utf-8"))


def shown(value: object) -> str:
    """A parsed value as the manifest writes it."""
    if value is None:
        return ""
    if isinstance(value, dt.date | Decimal):
        return str(value)
    return str(value)


@pytest.mark.parametrize("entry", MANIFEST, ids=[entry["file"] for entry in MANIFEST])
def test_corpus_file_has_the_outcome_its_manifest_names(entry: dict[str, Any]) -> None:
    path = make_corpus.CORPUS / entry["file"]
    limits = Limits(**entry.get("limits", {}))
    if entry["outcome"] == "reject":
        with pytest.raises(InputError) as refused:
            parse_statement(path.name, path.read_bytes(), limits=limits)
        assert entry["reason_contains"] in str(refused.value)
        assert str(refused.value).startswith(path.name)
        return
    statement = parse_statement(path.name, path.read_bytes(), limits=limits)
    assert statement.format == entry["format"]
    assert len(statement.lines) == entry["lines"]
    for number, expected in entry.get("fields", {}).items():
        line = statement.lines[int(number) - 1]
        assert {name: shown(getattr(line, name)) for name in expected} == expected


def test_every_parser_has_at_least_thirty_corpus_files() -> None:
    for statement_format in ("mt940", "camt.053", "csv"):
        assert sum(1 for e in MANIFEST if e["format"] == statement_format) >= 30


def test_the_manifest_names_every_corpus_file_and_only_those() -> None:
    on_disk = {
        str(path.relative_to(make_corpus.CORPUS))
        for path in make_corpus.CORPUS.rglob("*")
        if path.is_file() and path != make_corpus.MANIFEST
    }
    assert on_disk == {entry["file"] for entry in MANIFEST}


def test_the_committed_corpus_is_what_make_corpus_builds() -> None:
    cases = make_corpus.build()
    assert make_corpus.manifest_text(cases) == make_corpus.MANIFEST.read_text(encoding="utf-8")
    for case in cases:
        assert (make_corpus.CORPUS / case.file).read_bytes() == case.data, case.file


def test_hostile_xml_is_refused_before_anything_is_expanded(tmp_path: Path) -> None:
    """A billion-laughs file refused in milliseconds, and an external entity never read."""
    secret = tmp_path / "secret.txt"
    secret.write_text("do not read me", encoding="utf-8")
    data = (
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE Document [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
        '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">&xxe;</Document>'
    ).encode()
    with pytest.raises(InputError) as refused:
        parse_statement("xxe.xml", data)
    assert "DTD" in str(refused.value)
    assert "do not read me" not in str(refused.value)
