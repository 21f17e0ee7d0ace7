"""election.json as a commission officer writes it: numbers as numbers, read as exact decimals
and refused only when out of range or not exact for their kind; and no string that is not
text (a lone surrogate) gets past the reader."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from talapker.core.errors import InputError
from talapker.elections.folder import read_election
from talapker.elections.models import Election
from talapker.elections.parameters import RulesError, validate_rules

BASE = {
    "code": "jk-2026",
    "kind": "parliamentary",
    "name": {"ky": "Шайлоо", "ru": "Выборы", "en": "Election"},
    "campaign_start": "2026-10-01",
    "election_day": "2026-11-29",
}


def definition(tmp_path: Path, rules_text: str, suffix: str = ".json") -> Path:
    """An election definition whose `rules` object is written exactly as given."""
    if suffix == ".json":
        head = json.dumps(BASE, ensure_ascii=False, indent=1)[:-2]
        text = f'{head},\n "rules": {rules_text}\n}}\n'
    else:
        import yaml

        text = yaml.safe_dump(BASE, allow_unicode=True) + f"rules: {rules_text}\n"
    path = tmp_path / f"election{suffix}"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("rules", "key", "expected"),
    [
        ('{"regional_threshold_percent": 0.5}', "regional_threshold_percent", "0.5"),
        ('{"regional_threshold_percent": "0.5"}', "regional_threshold_percent", "0.5"),
        ('{"threshold_percent": 5}', "threshold_percent", "5"),
        ('{"max_seat_share": 5e-1}', "max_seat_share", "0.5"),
        ('{"calculated_index_kgs": 100.5}', "calculated_index_kgs", "100.50"),
        ('{"seats": 54}', "seats", 54),
        ('{"seats": 54.0}', "seats", 54),
    ],
)
def test_numbers_written_as_numbers_are_read_exactly(
    tmp_path: Path, rules: str, key: str, expected: object
) -> None:
    value = read_election(definition(tmp_path, rules))["rules"][key]
    assert value == expected
    if isinstance(expected, str):
        assert Decimal(value) == Decimal(expected)


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ('{"regional_threshold_percent": 1e400}', r"1E\+400 is out of range \(0 to 100\)"),
        ('{"seats": 1e400}', r"1E\+400 is out of range"),
        ('{"calculated_index_kgs": 1e400}', r"1E\+400 is out of range"),
        ('{"seats": 0.5}', r"column rules\.seats: 0\.5 is not a whole number"),
        ('{"calculated_index_kgs": 100.001}', r"100\.001: an amount has at most two decimals"),
        ('{"threshold_percent": NaN}', r"not valid JSON: NaN is not a number JSON allows"),
        ('{"threshold_percent": -Infinity}', r"not valid JSON: -Infinity is not a number"),
        ('{"threshold_percent": "NaN"}', r"'NaN' is not a finite number"),
        (
            '{"threshold_percent": 0.1000000000000000000000000000001}',
            r"has more digits than decimal arithmetic keeps exactly",
        ),
    ],
)
def test_numbers_out_of_range_or_not_exact_are_refused(
    tmp_path: Path, rules: str, message: str
) -> None:
    with pytest.raises(InputError, match=message) as refused:
        read_election(definition(tmp_path, rules))
    assert refused.value.file == "election.json"


def test_yaml_numbers_are_read_exactly_too(tmp_path: Path) -> None:
    path = definition(tmp_path, "{regional_threshold_percent: 0.5, seats: 54}", ".yaml")
    rules = read_election(path)["rules"]
    assert (rules["regional_threshold_percent"], rules["seats"]) == ("0.5", 54)
    with pytest.raises(InputError, match="is not a finite number"):
        read_election(definition(tmp_path, "{threshold_percent: .nan}", ".yaml"))


def test_validate_rules_takes_decimals_and_the_floats_code_may_pass() -> None:
    rules = validate_rules({"regional_threshold_percent": Decimal("0.5"), "max_seat_share": 0.5})
    assert (rules["regional_threshold_percent"], rules["max_seat_share"]) == ("0.5", "0.5")
    with pytest.raises(RulesError, match="not a finite number"):
        validate_rules({"threshold_percent": float("nan")})


@pytest.mark.django_db
def test_the_sample_election_loads_with_a_number_where_a_string_was(election_folder: Path) -> None:
    path = election_folder / "election.json"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"threshold_percent": "5"', '"threshold_percent": 5.0'), "utf-8")
    call_command("load_election", str(election_folder))
    assert Election.objects.get().rule("threshold_percent") == "5.0"


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_a_lone_surrogate_is_refused_naming_its_place(tmp_path: Path, suffix: str) -> None:
    path = definition(tmp_path, "{}", suffix)
    text = path.read_text(encoding="utf-8")
    written = '"\\ud800"' if suffix == ".yaml" else "\\ud800"  # YAML escapes only in quotes
    path.write_text(text.replace("Выборы", written), encoding="utf-8")
    with pytest.raises(InputError) as refused:
        read_election(path)
    error = refused.value
    lines = path.read_text(encoding="utf-8").splitlines()
    assert error.column == "name.ru"
    assert "ru" in lines[error.line - 1] and "\\ud800" in lines[error.line - 1]
    assert "U+D800" in error.reason
    str(error).encode("utf-8")


@pytest.mark.django_db
def test_the_command_refuses_a_surrogate_and_stores_nothing(election_folder: Path) -> None:
    path = election_folder / "election.json"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Выборы в Жогорку Кенеш", "\\udfff"), encoding="utf-8")
    with pytest.raises(CommandError, match=r"election\.json, line \d+, column name\.ru"):
        call_command("load_election", str(election_folder))
    assert not Election.objects.exists()
