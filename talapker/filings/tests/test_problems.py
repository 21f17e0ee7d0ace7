"""Problems: all of them are collected, sorted by place, capped, and translated on display."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

import pytest
from django.utils import translation
from django.utils.functional import Promise

from talapker.core.errors import InputError
from talapker.filings.formats import problems
from talapker.filings.formats.csvfiles import read_csv_report
from talapker.filings.formats.model import DEFAULT_LIMITS, Upload
from talapker.filings.formats.problems import MESSAGES, Problem, ProblemLog, ReportInvalid
from talapker.filings.tests.conftest import sample

HEADER = "line,date,donor_kind,donor_id,donor_name,amount,method,bank_ref,description\n"
E_HEADER = "line,date,category,payee_name,payee_id,amount,method,bank_ref,description\n"


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """These tests read the English source messages; the site's default language is Kyrgyz."""
    with translation.override("en"):
        yield


def refused(contributions: str, expenditures: str = E_HEADER, **limits: int) -> ReportInvalid:
    with pytest.raises(ReportInvalid) as caught:
        read_csv_report(
            Upload("contributions.csv", contributions.encode()),
            Upload("expenditures.csv", expenditures.encode()),
            replace(DEFAULT_LIMITS, **limits),
        )
    return caught.value


def test_every_problem_of_both_files_is_reported_sorted_by_file_line_and_column() -> None:
    error = refused(
        HEADER
        + "1,2026-02-30,individual,,Асан,-5,bank,,\n"
        + "1,2026-03-01,company,,Үсөн,10,cash,,\n",
        E_HEADER + "1,2026-03-01,gifts,Ажы,,0,cash,,\n",
    )
    places = [(p.file, p.line, p.column, p.code) for p in error.problems]
    assert places == [
        ("contributions.csv", 2, "amount", "amount_negative"),
        ("contributions.csv", 2, "bank_ref", "bank_ref_missing"),
        ("contributions.csv", 2, "date", "date_not_exists"),
        ("contributions.csv", 3, "donor_kind", "unknown_donor_kind"),
        ("contributions.csv", 3, "line", "line_duplicate"),
        ("expenditures.csv", 2, "amount", "amount_zero"),
        ("expenditures.csv", 2, "category", "unknown_category"),
    ]


def test_a_comma_decimal_is_an_error_that_says_so() -> None:
    error = refused(HEADER + '1,2026-03-01,individual,,Асан,"1500,50",cash,,\n')
    (problem,) = error.problems
    assert problem.code == "amount_comma"
    assert "“.” as the decimal mark" in str(problem.message)


def test_the_problem_list_is_capped_with_a_last_problem_counting_the_rest() -> None:
    rows = "".join(f"{i},2026-03-01,individual,,Асан,0,cash,,\n" for i in range(1, 8))
    error = refused(HEADER + rows, max_problems=3)
    assert [p.code for p in error.problems] == ["amount_zero"] * 3 + ["too_many_problems"]
    assert dict(error.problems[-1].params) == {"count": 4}
    assert "4 more problems" in str(error.problems[-1].message)


def test_a_refused_report_is_an_input_error_naming_the_first_problem_and_the_count() -> None:
    error = refused(HEADER + "1,2026-03-01,individual,,Асан,0,cash,,\n2,x,individual,,Б,1,cash,,\n")
    assert isinstance(error, InputError)
    assert str(error).startswith("contributions.csv, line 2, column amount: the amount is zero")
    assert str(error).endswith("(and 1 more problem)")


def test_messages_are_rendered_when_shown_not_when_found(monkeypatch: pytest.MonkeyPatch) -> None:
    problem = Problem("contributions.csv", 2, "amount", "amount_zero")
    assert isinstance(problem.message, Promise)
    monkeypatch.setitem(MESSAGES, "amount_zero", "сумма нөл")  # as a catalogue would give
    assert str(problem.message) == "сумма нөл"


def test_message_templates_use_named_placeholders_only() -> None:
    for code, template in MESSAGES.items():
        assert not re.search(r"%(?!\(\w+\)[sd]|%)", str(template)), code


def test_a_problem_for_the_api_has_its_place_code_message_and_values() -> None:
    problem = Problem(
        "report.json", 3, "contributions[2].amount", "amount_decimals", (("value", "1.005"),)
    )
    assert problem.as_dict() == {
        "file": "report.json",
        "line": 3,
        "column": "contributions[2].amount",
        "code": "amount_decimals",
        "message": "“1.005” has more than two decimals",
        "params": {"value": "1.005"},
    }


def test_a_log_refuses_codes_without_a_message() -> None:
    with pytest.raises(AssertionError):
        ProblemLog(10).add("x.csv", 1, None, "no_such_code")


def test_values_quoted_in_messages_are_cut_short() -> None:
    assert problems.shown("ө" * 500).endswith("…")
    assert len(problems.shown("ө" * 500)) == problems.SHOWN_CHARS


def test_an_empty_expenditures_table_is_accepted() -> None:
    data = read_csv_report(
        sample("contributions.csv"), Upload("expenditures.csv", E_HEADER.encode())
    )
    assert data.expenditures == ()
