"""Whatever bytes arrive, the parser answers with a StatementFile or an InputError, never with
another exception: random bytes, cut-off files and flipped bytes of every sample."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from talapker.banking.statements import StatementFile, parse_statement
from talapker.banking.tests.scenario import sample_bytes
from talapker.core.errors import InputError

SAMPLES = [
    "mt940_structured_utf8.sta",
    "mt940_keyword_cp1251.sta",
    "mt940_plain_cp866.sta",
    "camt053_v02.xml",
    "camt053_v08.xml",
    "statement.csv",
]
PREFIXES = [b"", b":20:", b"<", b"\xef\xbb\xbf", b"account,booking_date,amount\n", b"{1:"]


def outcome(data: bytes) -> StatementFile | InputError:
    try:
        return parse_statement("fuzz", data)
    except InputError as err:
        return err


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=st.sampled_from(PREFIXES), body=st.binary(max_size=2000))
def test_random_bytes_are_refused_as_input_errors(prefix: bytes, body: bytes) -> None:
    assert isinstance(outcome(prefix + body), StatementFile | InputError)


@settings(max_examples=150, deadline=None)
@given(name=st.sampled_from(SAMPLES), data=st.data())
def test_samples_with_bytes_changed_never_crash(name: str, data: st.DataObject) -> None:
    raw = bytearray(sample_bytes(name))
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, len(raw) - 1))
        raw[at] = data.draw(st.integers(0, 255))
    assert isinstance(outcome(bytes(raw)), StatementFile | InputError)


@pytest.mark.parametrize("name", SAMPLES)
def test_every_cut_of_a_sample_is_refused_or_read(name: str) -> None:
    raw = sample_bytes(name)
    cuts = sorted(random.Random(name).sample(range(1, len(raw)), 120))
    for cut in cuts:
        assert isinstance(outcome(raw[:cut]), StatementFile | InputError), cut


@pytest.mark.parametrize("name", SAMPLES)
def test_a_sample_cut_before_its_last_line_is_never_read_as_whole(name: str) -> None:
    raw = sample_bytes(name)
    result = outcome(raw[: len(raw) * 2 // 3])
    assert not (isinstance(result, StatementFile) and len(result.lines) == 7)
