"""A bad file is refused with file, line, column and reason, and changes nothing.

Every case first imports the good sample, then the bad variant, and checks that the error
names exactly where the problem is and that the first snapshot is still there, whole.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from talapker.core.errors import InputError
from talapker.registers.models import RegisterSnapshot
from talapker.registers.services import register_import
from talapker.registers.specs import REGISTERS
from talapker.registers.tests.conftest import (
    sample,
    sample_lines,
    table_state,
    with_line,
    with_value,
)

pytestmark = pytest.mark.django_db

HEADER = {kind: sample_lines(kind)[0] for kind in REGISTERS}


def without_column(kind: str, column: str) -> str:
    """The sample without one column (a simple sample: no quoted commas)."""
    lines = [line.split(",") for line in sample_lines(kind)]
    index = lines[0].index(column)
    return "\n".join(",".join(v for i, v in enumerate(row) if i != index) for row in lines) + "\n"


# (kind, bad file text, the message's "where" part, a phrase of its reason)
CASES: list[tuple[str, Callable[[], str | bytes], str, str]] = [
    # header
    ("population", lambda: _population_without("sex"), "line 1, column sex",
     "required column is missing"),
    ("diplomas", lambda: without_column("diplomas", "issued"), "line 1, column issued",
     "required column is missing"),
    ("convictions", lambda: "", "line 1", "the file is empty"),
    ("diplomas", lambda: "pin,level,issued,level\n", "line 1, column level", "more than once"),
    # encoding
    ("population", lambda: _in_cp1251("population"), "line 2, column surname", "not UTF-8"),
    ("population", lambda: _bad_byte_in("population", line=5, column="region"),
     "line 5, column region", "not UTF-8"),
    # PIN
    ("population", lambda: with_value("population", 3, "pin", "1080319850041"),
     "line 3, column pin", "malformed PIN"),
    ("population", lambda: with_value("population", 4, "pin", "30112199000551"),
     "line 4, column pin", "malformed PIN"),
    ("population", lambda: with_value("population", 4, "pin", "2011219900055A"),
     "line 4, column pin", "malformed PIN"),
    ("convictions", lambda: with_value("convictions", 3, "pin", "21010198000128 "),
     "line 3, column pin", "malformed PIN"),
    ("language_certificates", lambda: with_value("language_certificates", 2, "pin", ""),
     "line 2, column pin", "malformed PIN"),
    ("diplomas", lambda: with_value("diplomas", 5, "pin", "12525197200064"),
     "line 5, column pin", "malformed PIN"),
    # INN
    ("legal_entities", lambda: with_value("legal_entities", 3, "inn", "0051119981002"),
     "line 3, column inn", "malformed INN"),
    ("founders", lambda: with_value("founders", 2, "entity_inn", "O2107201010017"),
     "line 2, column entity_inn", "malformed INN"),
    ("tax_debtors", lambda: with_value("tax_debtors", 4, "inn", "105061988009351"),
     "line 4, column inn", "malformed INN"),
    # dates
    ("population", lambda: with_value("population", 6, "birth_date", "1968-02-30"),
     "line 6, column birth_date", "not a date that exists"),
    ("population", lambda: with_value("population", 5, "death_date", "2026-02-30"),
     "line 5, column death_date", "not a date that exists"),
    ("population", lambda: with_value("population", 2, "birth_date", "16.11.1959"),
     "line 2, column birth_date", "YYYY-MM-DD"),
    ("population", lambda: with_value("population", 2, "birth_date", "19591116"),
     "line 2, column birth_date", "YYYY-MM-DD"),
    ("population", lambda: with_value("population", 2, "birth_date", ""),
     "line 2, column birth_date", "must not be empty"),
    ("language_certificates",
     lambda: with_value("language_certificates", 3, "issued", "2021-02-29"),
     "line 3, column issued", "not a date that exists"),
    ("tax_debtors", lambda: with_value("tax_debtors", 2, "as_of", "2026-09-31"),
     "line 2, column as_of", "not a date that exists"),
    # codes
    ("population", lambda: with_value("population", 7, "sex", "m"), "line 7, column sex",
     "not a sex"),
    ("population", lambda: with_value("population", 8, "biometric", "yes"),
     "line 8, column biometric", "not 1 or 0"),
    ("population", lambda: with_value("population", 9, "citizenship", "KG"),
     "line 9, column citizenship", "not a country code"),
    ("population", lambda: with_value("population", 9, "citizenship", "KGZ;KGZ"),
     "line 9, column citizenship", "names a country twice"),
    ("legal_entities", lambda: with_value("legal_entities", 2, "legal_form", "LLC"),
     "line 2, column legal_form", "not a legal form"),
    ("legal_entities", lambda: with_value("legal_entities", 6, "country", "Britain"),
     "line 6, column country", "not a country code"),
    ("founders", lambda: with_value("founders", 4, "founder_kind", "government"),
     "line 4, column founder_kind", "not a founder kind"),
    ("tax_debtors", lambda: with_value("tax_debtors", 3, "creditor", "customs"),
     "line 3, column creditor", "not a creditor"),
    ("convictions", lambda: with_value("convictions", 4, "expunged", "2"),
     "line 4, column expunged", "not 1 or 0"),
    ("diplomas", lambda: with_value("diplomas", 3, "level", "bachelor"), "line 3, column level",
     "not a diploma level"),
    # decimals
    ("tax_debtors", lambda: with_value("tax_debtors", 2, "debt_kgs", "150000,00"),
     "line 2, column debt_kgs", "decimal mark must be '.'"),
    ("tax_debtors", lambda: with_value("tax_debtors", 3, "debt_kgs", "12500.505"),
     "line 3, column debt_kgs", "more than 2 decimal places"),
    ("tax_debtors", lambda: with_value("tax_debtors", 4, "debt_kgs", "-3200"),
     "line 4, column debt_kgs", "negative"),
    ("tax_debtors", lambda: with_value("tax_debtors", 5, "debt_kgs", ""),
     "line 5, column debt_kgs", "must not be empty"),
    ("legal_entities", lambda: with_value("legal_entities", 3, "state_share", "77,84"),
     "line 3, column state_share", "decimal mark must be '.'"),
    ("legal_entities", lambda: with_value("legal_entities", 3, "state_share", "177.84"),
     "line 3, column state_share", "more than 100 percent"),
    ("founders", lambda: with_value("founders", 9, "share", "33.33333"),
     "line 9, column share", "more than 4 decimal places"),
    # duplicates
    ("population", lambda: with_value("population", 9, "pin", "21611195900123"),
     "line 9, column pin", "appears twice (first on line 2)"),
    ("legal_entities", lambda: with_value("legal_entities", 8, "inn", "00511199810023"),
     "line 8, column inn", "appears twice (first on line 3)"),
    # shape of rows
    ("population", lambda: with_line("population", 4, _line(4).rsplit(",", 1)[0]),
     "line 4, column precinct", "11 fields where the header has 12"),
    ("population", lambda: with_line("population", 4, _line(4) + ",extra"),
     "line 4", "13 fields where the header has 12"),
    ("convictions", lambda: with_line("convictions", 3, '21010198000128,"УК 336,2019-06-03,0'),
     "line 3", "malformed CSV"),
    ("population", lambda: with_value("population", 3, "name", "А" * 101),
     "line 3, column name", "longer than 100 characters"),
    ("population", lambda: with_value("population", 3, "name", ""),
     "line 3, column name", "must not be empty"),
    ("population", lambda: with_value("population", 3, "name", "Ай\x00гүл"),
     "line 3, column name", "NUL"),
]  # fmt: skip


def _population_without(column: str) -> str:
    """The population sample whose header names `column` otherwise (e.g. gender for sex)."""
    text = sample("population").read_text(encoding="utf-8")
    header, rest = text.split("\n", 1)
    return header.replace(f",{column},", ",gender,") + "\n" + rest


def _line(number: int) -> str:
    return sample_lines("population")[number - 1]


def _in_cp1251(kind: str) -> bytes:
    """The sample saved as Windows-1251 (Kyrgyz letters, which it lacks, become '?')."""
    return sample(kind).read_text(encoding="utf-8").encode("cp1251", "replace")


def _bad_byte_in(kind: str, *, line: int, column: str) -> bytes:
    """The sample with one Windows-1251 byte in one field, all else UTF-8."""
    text = with_value(kind, line, column, "Ысык-Көл\udcff")
    return text.encode("utf-8", errors="surrogateescape")


@pytest.mark.parametrize(
    ("kind", "content", "where", "reason"),
    CASES,
    ids=[f"{kind}-{where}-{reason}" for kind, _c, where, reason in CASES],
)
def test_a_bad_file_is_refused_where_it_is_wrong_and_changes_nothing(
    kind: str, content: Callable[[], str | bytes], where: str, reason: str, write_file
) -> None:
    model = REGISTERS[kind].model
    first = register_import(kind, sample(kind))
    before = table_state(model)
    bad = write_file(kind, content())

    with pytest.raises(InputError) as refused:
        register_import(kind, bad)

    message = str(refused.value)
    assert message.startswith(f"{kind}.csv, {where}"), message
    assert reason in message, message
    assert table_state(model) == before
    assert list(RegisterSnapshot.objects.all()) == [first]


def test_a_file_that_does_not_exist_is_refused() -> None:
    with pytest.raises(InputError, match=r"nowhere.csv: no such file"):
        register_import("population", "/nonexistent/nowhere.csv")


def test_an_unknown_register_is_refused() -> None:
    with pytest.raises(InputError, match=r"unknown register 'voters'"):
        register_import("voters", sample("population"))


def test_a_record_spanning_lines_is_counted_in_physical_lines(write_file) -> None:
    lines = sample_lines("convictions")
    lines[1] = lines[1].replace("УК 209", '"УК 209\nч. 2"')
    lines[2] = lines[2].replace("2019-06-03", "2019-06-31")
    path = write_file("convictions", "\n".join(lines) + "\n")

    with pytest.raises(InputError) as refused:
        register_import("convictions", path)

    assert str(refused.value).startswith("convictions.csv, line 4, column conviction_date:")
