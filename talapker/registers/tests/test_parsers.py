"""Column parsers: a batch is refused exactly when one of its values is."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from talapker.registers import parsers

PARSERS = {
    "pin": parsers.pin,
    "inn": parsers.inn,
    "date": parsers.date,
    "optional date": lambda: parsers.date(required=False),
    "flag": parsers.flag,
    "money": parsers.money,
    "percent": parsers.percent,
    "country": parsers.country,
    "citizenship": parsers.citizenship,
    "choice": lambda: parsers.choice(["tax", "social_fund"], what="creditor"),
    "text": lambda: parsers.text(5, required=True),
}
VALUES = st.sampled_from(
    ["", "0", "1", "2", "KGZ", "KGZ;RUS", "kgz", "KGZ;", "2026-02-28", "2026-02-30",
     "20260228", "21611195900123", "2161119590012", "02107201010017", "100", "100.00",
     "100.001", "1,5", "-1", "12.5", "tax", "Tax", "social_fund", "Ак-Өргөө", "аб\x00в"]
) | st.text(max_size=16)  # fmt: skip


def refuses(parse, values) -> bool:
    try:
        parse(values)
    except ValueError:
        return True
    return False


@pytest.mark.parametrize("name", list(PARSERS))
@given(batches=st.lists(st.lists(VALUES, min_size=1, max_size=12), min_size=1, max_size=4))
def test_a_batch_fails_exactly_when_a_value_fails(name: str, batches) -> None:
    parser = PARSERS[name]()  # one import: the cache carries over from batch to batch
    for values in batches:
        one_by_one = [refuses(parser.one, v) for v in values]
        assert refuses(parser.column, tuple(values)) == any(one_by_one)
        if not any(one_by_one):
            assert list(parser.column(tuple(values))) == [parser.one(v) for v in values]


def test_stored_values() -> None:
    assert parsers.flag().column(("1", "0")) == [True, False]
    assert parsers.date(required=False).column(("", "2026-01-31")) == [None, "2026-01-31"]
    assert parsers.percent().column(("", "33.3333", "100")) == [None, "33.3333", "100"]
    assert parsers.money().column(("0.01", "12500.5")) == ("0.01", "12500.5")


def test_citizenship_facts() -> None:
    assert parsers.citizenship_facts("") == (False, 0)
    assert parsers.citizenship_facts("KGZ") == (True, 1)
    assert parsers.citizenship_facts("RUS;KGZ") == (True, 2)
    assert parsers.citizenship_facts("RUS;KAZ") == (False, 2)
