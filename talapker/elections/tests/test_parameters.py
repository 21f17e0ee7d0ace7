"""Rule parameters: defaults from rules.md, strict types, unknown keys refused."""

from __future__ import annotations

from decimal import Decimal

import pytest

from talapker.elections.parameters import PARAMETERS, RulesError, defaults, validate_rules


def test_defaults_are_the_2021_jogorku_kenesh_values() -> None:
    rules = defaults()
    assert rules["calculated_index_kgs"] == "100.00"
    assert (rules["individual_cap_ci"], rules["legal_entity_cap_ci"]) == (2000, 30000)
    assert rules["cash_cap_kgs"] is None
    assert rules["foreign_share_max_percent"] == "0"
    assert rules["allocation_method"] == "hare"
    assert (rules["list_max_candidates"], rules["list_max_sex_percent"]) == (54, "70")
    assert (rules["list_min_young_percent"], rules["list_young_age"]) == ("15", 35)
    assert rules["abroad_request_days_before"] == 5
    assert len(rules) == len(PARAMETERS) == 46


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ({"seats": -1}, "rules.seats: -1 is not a whole number"),
        ({"seats": True}, "rules.seats: True is not a whole number"),
        ({"calculated_index_kgs": Decimal("100.005")}, "at most two decimals"),
        ({"calculated_index_kgs": "100.005"}, "at most two decimals"),
        ({"threshold_percent": "101"}, "out of range"),
        ({"max_seat_share": "1.5"}, "out of range"),
        ({"allocation_method": "imperiali"}, "is not one of hare, dhondt"),
        ({"candidate_language_certificate": "yes"}, "is not true or false"),
        ({"cash_cap_kgs": "abc"}, "is not a number"),
        ({"individual_cap": 1}, "rules.individual_cap: unknown parameter"),
        ({"seats": None}, "a value is required"),
    ],
)
def test_bad_values_are_refused_naming_the_key(rules: dict[str, object], message: str) -> None:
    with pytest.raises(RulesError, match=message):
        validate_rules(rules)


def test_optional_limits_accept_none_and_numbers() -> None:
    rules = validate_rules({"cash_cap_kgs": "50000", "candidate_max_age": 70})
    assert (rules["cash_cap_kgs"], rules["candidate_max_age"]) == ("50000.00", 70)
