"""Values as the API writes them become typed Parquet columns, exactly or not at all."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pyarrow as pa
import pytest

from talapker.core.api.tabular import Kind
from talapker.opendata.columns import MONEY, Column
from talapker.opendata.writing import _array


def _column(kind: Kind, arrow: pa.DataType) -> Column:
    return Column("c", kind, arrow, "")


def test_money_text_becomes_exact_decimals_and_empty_is_missing() -> None:
    found = _array(["1000.50", "", None, "0.01"], _column(Kind.NUMBER, MONEY))
    assert found.to_pylist() == [Decimal("1000.50"), None, None, Decimal("0.01")]


def test_a_third_decimal_is_refused_not_rounded() -> None:
    with pytest.raises(pa.ArrowInvalid):
        _array(["1000.505"], _column(Kind.NUMBER, MONEY))


def test_dates_and_zoned_times_are_parsed() -> None:
    days = _array(["2026-10-01", None], _column(Kind.DATE, pa.date32()))
    assert days.to_pylist() == [date(2026, 10, 1), None]
    moments = _array(
        ["2026-11-10T15:30:00+06:00"], _column(Kind.DATETIME, pa.timestamp("us", tz="UTC"))
    )
    assert moments.to_pylist()[0].hour == 9  # 15:30 in Bishkek is 09:30 UTC


def test_a_value_of_another_type_is_converted_one_by_one() -> None:
    assert _array([1, "x", None], _column(Kind.STRING, pa.string())).to_pylist() == ["1", "x", None]
    assert _array(["3", 4], _column(Kind.INTEGER, pa.int64())).to_pylist() == [3, 4]
