"""Protocols that crashed the reader with something other than an InputError (found while
writing the atheris harness, fuzz/protocols.py), each refused now with a reason."""

from __future__ import annotations

import json

import pytest
from django.utils import translation

from talapker.core.errors import InputError
from talapker.results.reading import parse_json, read_protocol


class Ballot:
    precincts = {"1001"}
    parties = ["ata-jurt"]
    places = {"ata-jurt": {1, 2, 3}}


PROTOCOL = {
    "precinct": "1001",
    "registered": 10,
    "ballots_received": 10,
    "ballots_issued": 5,
    "biometric_identified": 5,
    "ballots_in_box": 5,
    "invalid": 0,
    "against_all": 0,
    "votes": {"ata-jurt": 5},
}


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"[" * 100_000, "the JSON is nested too deeply"),  # RecursionError
        (b'{"a":' * 5_000, "the JSON is nested too deeply"),
        (b"1" * 5_000, "the protocol is not JSON: a number has too many digits"),  # ValueError
        (b'{"precinct": 1', "the protocol is not JSON: a comma (,) is expected"),
    ],
    ids=["deep arrays", "deep objects", "5000 digits", "syntax"],
)
def test_json_that_python_cannot_read_is_refused(data: bytes, reason: str) -> None:
    with translation.override("en"), pytest.raises(InputError) as refused:
        parse_json("1001.json", data)
    assert refused.value.file == "1001.json"
    assert refused.value.reason == reason


@pytest.mark.parametrize("place", ["²", "٣", "1" * 5_000, "", "-1", " 1"])
def test_a_preference_for_a_place_not_written_in_digits_is_refused(place: str) -> None:
    protocol = {**PROTOCOL, "preferences": {"ata-jurt": {place: 1}}}
    with pytest.raises(InputError) as refused:  # int("²") raised ValueError before
        read_protocol("1001.json", json.loads(json.dumps(protocol)), Ballot())
    assert refused.value.column == "preferences.ata-jurt"


def test_a_place_with_a_leading_zero_is_still_that_place() -> None:
    protocol = {**PROTOCOL, "preferences": {"ata-jurt": {"03": 2}}}
    assert read_protocol("1001.json", protocol, Ballot()).preferences == {"ata-jurt": {"3": 2}}
