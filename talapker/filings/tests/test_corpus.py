"""Every file of the recorded corpus gets the outcome its manifest entry names.

`make_corpus.py` writes the corpus and the manifest; each entry says whether the file is
accepted, refused (with exactly these problem codes, and for some the exact place), or, for
scans, quarantined.
"""

from __future__ import annotations

from typing import Any

import pytest

from talapker.filings.formats.csvfiles import read_csv_report
from talapker.filings.formats.jsonbody import read_json_report
from talapker.filings.formats.model import CONTRIBUTIONS, ReportData
from talapker.filings.formats.problems import ReportInvalid
from talapker.filings.formats.xlsx import read_xlsx_report
from talapker.filings.scans import REASONS, scan_check
from talapker.filings.tests.conftest import (
    CORPUS,
    corpus_entries,
    corpus_upload,
    limits_for,
    sample,
)


def read(entry: dict[str, Any]) -> ReportData:
    upload, limits = corpus_upload(entry), limits_for(entry)
    if entry["parser"] == "csv":
        if entry["table"] == CONTRIBUTIONS:
            return read_csv_report(upload, sample("expenditures.csv"), limits)
        return read_csv_report(sample("contributions.csv"), upload, limits)
    if entry["parser"] == "xlsx":
        return read_xlsx_report(upload, limits)
    return read_json_report(upload, limits).data


REPORT_ENTRIES = [e for parser in ("csv", "xlsx", "json") for e in corpus_entries(parser)]


def test_the_corpus_has_at_least_thirty_files_per_parser() -> None:
    for parser in ("csv", "xlsx", "json", "pdf"):
        assert len(corpus_entries(parser)) >= 30, parser
    for entry in REPORT_ENTRIES + corpus_entries("pdf"):
        assert (CORPUS / entry["file"]).is_file(), entry["file"]


@pytest.mark.parametrize("entry", REPORT_ENTRIES, ids=lambda e: e["file"])
def test_a_report_file_gets_the_outcome_its_manifest_names(entry: dict[str, Any]) -> None:
    if entry["expect"] == "accept":
        data = read(entry)
        assert data.contributions or data.expenditures or "empty" in entry["file"]
        return
    with pytest.raises(ReportInvalid) as refused:
        read(entry)
    problems = refused.value.problems
    assert {p.code for p in problems} == set(entry["problem_codes"])
    if "problem_count" in entry:
        assert len(problems) == entry["problem_count"]
    for expected in entry.get("where", []):
        places = [
            {"file": p.file, "line": p.line, "column": p.column, "code": p.code} for p in problems
        ]
        wanted = {"file": expected.get("file", corpus_upload(entry).name), **expected}
        assert wanted in places
    for problem in problems:  # every message renders: its template and its values agree
        assert str(problem.message)
        assert problem.file


@pytest.mark.parametrize("entry", corpus_entries("pdf"), ids=lambda e: e["file"])
def test_a_scan_gets_the_verdict_its_manifest_names(entry: dict[str, Any]) -> None:
    upload = corpus_upload(entry)
    verdict = scan_check(upload.name, upload.data)
    if entry["expect"] == "accept":
        assert verdict.ok, verdict.reasons
        assert not verdict.quarantine
        assert verdict.pages >= 1
    else:
        assert not verdict.ok
        assert verdict.quarantine == (entry["expect"] == "quarantine"), verdict.reasons
        assert set(entry["reasons"]) <= set(verdict.reasons), verdict.reasons
    assert len(verdict.sha256) == 64
    assert all(str(message) for message in verdict.messages())
    assert set(verdict.reasons) <= set(REASONS)
