"""The election's rule parameters (rules.md, "Rule parameters"), declared once as data.

Every limit and date of the law is one of these, read from the election; nothing in code
hard-wires a number. `validate_rules` fills defaults and refuses unknown keys and values
of the wrong type, naming the key.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext_lazy as _

EDUCATION_LEVELS = ("none", "secondary", "vocational", "higher")
ALLOCATION_METHODS = ("hare", "dhondt", "sainte_lague", "top_n")


@dataclass(frozen=True)
class Parameter:
    key: str
    kind: str  # "money" | "int" | "percent" | "share" | "bool" | "choice"
    default: Any
    help: Any
    choices: tuple[str, ...] = ()
    optional: bool = False  # None ("none") is allowed


PARAMETERS: tuple[Parameter, ...] = (
    Parameter("calculated_index_kgs", "money", "100.00", _("Value of one calculated index in som")),
    Parameter(
        "individual_cap_ci",
        "int",
        2000,
        _("Most one citizen may give one fund, in calculated indices"),
    ),
    Parameter(
        "legal_entity_cap_ci",
        "int",
        30000,
        _("Most one legal entity may give one fund, in calculated indices"),
    ),
    Parameter(
        "fund_cap_ci", "int", 3000000, _("Most a fund may receive in all, in calculated indices")
    ),
    Parameter("spending_cap_ci", "int", 3000000, _("Most a fund may spend, in calculated indices")),
    Parameter(
        "cash_cap_kgs",
        "money",
        None,
        _("Largest cash contribution accepted, in som"),
        optional=True,
    ),
    Parameter(
        "foreign_share_max_percent",
        "percent",
        "0",
        _("Largest foreign participation a donor entity may have, in percent"),
    ),
    Parameter(
        "recent_entity_days",
        "int",
        90,
        _("An entity registered this many days before its contribution is worth a look"),
    ),
    Parameter("donor_min_age", "int", 18, _("A younger donor is worth a look")),
    Parameter(
        "name_match_min_score",
        "int",
        85,
        _("Lowest similarity (0-100) between a filed name and the register"),
    ),
    Parameter(
        "cluster_min_donors",
        "int",
        5,
        _("Donors giving one fund the same amount on one day that form a cluster"),
    ),
    Parameter(
        "bank_match_days",
        "int",
        3,
        _("How far a bank line's date may lie from the declared date, in days"),
    ),
    Parameter("refund_days", "int", 10, _("Days within which inadmissible money must be returned")),
    Parameter(
        "interim_report_days_before",
        "int",
        10,
        _("The interim report is due this many days before election day"),
    ),
    Parameter(
        "final_report_days_after",
        "int",
        10,
        _("The final report is due this many days after election day"),
    ),
    Parameter("voter_min_age", "int", 18, _("Least age of a voter on election day")),
    Parameter("candidate_min_age", "int", 25, _("Least age of a candidate on election day")),
    Parameter(
        "candidate_max_age",
        "int",
        None,
        _("Greatest age of a candidate on election day"),
        optional=True,
    ),
    Parameter(
        "candidate_residence_years",
        "int",
        None,
        _("Years of permanent residence a candidate needs"),
        optional=True,
    ),
    Parameter(
        "candidate_education",
        "choice",
        "higher",
        _("Least education level of a candidate"),
        choices=EDUCATION_LEVELS,
    ),
    Parameter(
        "candidate_language_certificate",
        "bool",
        False,
        _("A state-language certificate is required"),
    ),
    Parameter(
        "expunged_convictions_disqualify",
        "bool",
        False,
        _("Even an expunged conviction disqualifies"),
    ),
    Parameter("seats", "int", 54, _("Seats allocated by party list")),
    Parameter("threshold_percent", "percent", "5", _("National threshold, in percent")),
    Parameter(
        "regional_threshold_percent", "percent", "0.5", _("Threshold in every region, in percent")
    ),
    Parameter("max_seat_share", "share", "0.5", _("Largest share of the seats one party may hold")),
    Parameter(
        "women_seat_share",
        "share",
        "0.3",
        _("Least share of a party's seats that go first to women"),
    ),
    Parameter(
        "allocation_method",
        "choice",
        "hare",
        _("Seat allocation method"),
        choices=ALLOCATION_METHODS,
    ),
)
BY_KEY = {p.key: p for p in PARAMETERS}


class RulesError(ValueError):
    def __init__(self, key: str, reason: str) -> None:
        self.key = key
        super().__init__(f"rules.{key}: {reason}")


def _decimal(parameter: Parameter, value: Any, low: Decimal, high: Decimal | None) -> str:
    if isinstance(value, bool | float):
        raise RulesError(parameter.key, "write the number as a string or an integer, not a float")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise RulesError(parameter.key, f"{value!r} is not a number") from None
    if not number.is_finite() or number < low or (high is not None and number > high):
        raise RulesError(parameter.key, f"{value!r} is out of range")
    if parameter.kind == "money" and number != number.quantize(Decimal("0.01")):
        raise RulesError(parameter.key, "an amount has at most two decimals")
    return str(number.quantize(Decimal("0.01"))) if parameter.kind == "money" else str(number)


def _clean(parameter: Parameter, value: Any) -> Any:
    if value is None:
        if parameter.optional:
            return None
        raise RulesError(parameter.key, "a value is required")
    if parameter.kind == "int":
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise RulesError(parameter.key, f"{value!r} is not a whole number of zero or more")
        return value
    if parameter.kind == "bool":
        if not isinstance(value, bool):
            raise RulesError(parameter.key, f"{value!r} is not true or false")
        return value
    if parameter.kind == "choice":
        if value not in parameter.choices:
            choices = ", ".join(parameter.choices)
            raise RulesError(parameter.key, f"{value!r} is not one of {choices}")
        return value
    if parameter.kind == "money":
        return _decimal(parameter, value, Decimal(0), None)
    if parameter.kind == "percent":
        return _decimal(parameter, value, Decimal(0), Decimal(100))
    return _decimal(parameter, value, Decimal(0), Decimal(1))  # share


def validate_rules(rules: dict[str, Any]) -> dict[str, Any]:
    """Every parameter with its value or default; unknown keys and bad values are errors."""
    if not isinstance(rules, dict):
        raise RulesError("*", "rules must be an object")
    unknown = sorted(set(rules) - set(BY_KEY))
    if unknown:
        raise RulesError(unknown[0], "unknown parameter")
    return {p.key: _clean(p, rules.get(p.key, p.default)) for p in PARAMETERS}


def defaults() -> dict[str, Any]:
    return validate_rules({})
