"""Hostile protocols, generated (issue 18's "hostile input"): whatever JSON arrives, reading
it either gives a protocol or refuses it with an `InputError` naming a field; nothing else
escapes, and a protocol read back is what was sent."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from talapker.core.errors import InputError
from talapker.results.reading import NUMBERS, parse_json, read_protocol


class Ballot:
    precincts = {"1001", "1002"}
    parties = ["ata-jurt", "ishenim"]
    places = {"ata-jurt": {1, 2}, "ishenim": {1}}


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
COUNT = st.integers(min_value=-5, max_value=10_000_005) | JSON


@st.composite
def near_protocols(draw: st.DrawFn) -> dict[str, Any]:
    """Protocols close to valid ones: every field present or not, counts anything."""
    body: dict[str, Any] = {}
    if draw(st.booleans()):
        body["precinct"] = draw(st.sampled_from(["1001", "1002", "9999", 1001]) | JSON)
    for key in NUMBERS:
        if draw(st.integers(0, 9)):
            body[key] = draw(COUNT)
    if draw(st.integers(0, 9)):
        body["votes"] = draw(
            st.dictionaries(st.sampled_from(["ata-jurt", "ishenim", "x"]), COUNT, max_size=3) | JSON
        )
    if draw(st.booleans()):
        body["preferences"] = draw(
            st.dictionaries(
                st.sampled_from(["ata-jurt", "ishenim"]),
                st.dictionaries(st.sampled_from(["1", "2", "3", "01", "x"]), COUNT, max_size=2),
                max_size=2,
            )
            | JSON
        )
    if draw(st.integers(0, 4)) == 0:
        body["count"] = draw(st.sampled_from(["machine", "manual", "robot"]) | JSON)
    if draw(st.integers(0, 9)) == 0:
        body[draw(st.text(max_size=6))] = draw(JSON)
    return body


@settings(max_examples=400, deadline=None)
@given(near_protocols() | JSON)
def test_reading_gives_a_protocol_or_names_the_refusal(value: Any) -> None:
    try:
        data = read_protocol("p.json", value, Ballot())
    except InputError as err:
        assert err.reason and err.file == "p.json"
        return
    assert data.precinct in Ballot.precincts
    assert all(0 <= n <= 10_000_000 for n in data.numbers.values())
    assert set(data.votes) == set(Ballot.parties)
    again = read_protocol("p.json", json.loads(json.dumps(data.canonical())), Ballot())
    assert again == data and again.sha256 == data.sha256


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=64) | st.text(max_size=64).map(str.encode))
def test_any_bytes_parse_or_are_refused(raw: bytes) -> None:
    try:
        parse_json("p.json", raw)
    except InputError as err:
        assert err.reason
