"""The election's rule parameters (rules.md, "Rule parameters"), declared once as data.

Every limit and date of the law is one of these, read from the election; nothing in code
hard-wires a number. `validate_rules` fills defaults and refuses unknown keys and values
of the wrong type, naming the key.

Numbers may be written as numbers or as strings. JSON numbers arrive as exact decimals
(`core.exactjson`), so `0.5` is accepted wherever 0.5 is a value of the kind; what is refused
is a number out of range or not exact for its kind: `0.5` for a count, a third decimal for
money, more digits than decimal arithmetic keeps exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation, getcontext
from typing import Any

from django.utils.translation import gettext_lazy as _

EDUCATION_LEVELS = ("none", "secondary", "vocational", "higher")
ALLOCATION_METHODS = ("hare", "dhondt", "sainte_lague", "top_n")


@dataclass(frozen=True)
class Parameter:
    key: str
    kind: str  # "money" | "int" | "percent" | "share" | "number" | "bool" | "choice"
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
    Parameter(
        "booking_margin_days",
        "int",
        30,
        _(
            "A bank line may be booked this many days before its account was opened (or, for "
            "an account with no opening date, before the campaign started)"
        ),
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
    Parameter("list_max_candidates", "int", 54, _("Longest party list, in candidates")),
    Parameter(
        "list_max_sex_percent", "percent", "70", _("Largest share of one sex on a party list")
    ),
    Parameter(
        "list_min_young_percent",
        "percent",
        "15",
        _("Least share of young candidates on a party list"),
    ),
    Parameter("list_young_age", "int", 35, _("Age under which a candidate counts as young")),
    Parameter(
        "abroad_request_days_before",
        "int",
        5,
        _("A voter may ask to vote abroad until this many days before election day"),
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
    # PROTOCOL_TURNOUT_OUTLIER (results/forensics.py, docs/results.md): a precinct far outside
    # its group by a robust z-score and by enough percentage points to matter.
    Parameter(
        "outlier_z",
        "number",
        "3.5",
        _("Robust z-score beyond which a precinct's turnout or share is an outlier"),
    ),
    Parameter(
        "outlier_min_points",
        "percent",
        "10",
        _("Least distance from the group's median, in percentage points, for an outlier"),
    ),
    Parameter(
        "outlier_min_precincts",
        "int",
        8,
        _("Least precincts reporting in a group before outliers are looked for"),
    ),
    # Complaints to the rapid-response groups (complaints/deadlines.py, docs/complaints.md):
    # days to decide a complaint of each category, counted from its filing; shortened to
    # `complaint_election_day_hours` around election day.
    Parameter(
        "complaint_days_vote_buying",
        "int",
        3,
        _("Days to decide a complaint of vote buying"),
    ),
    Parameter(
        "complaint_days_pressure",
        "int",
        3,
        _("Days to decide a complaint of pressure on voters"),
    ),
    Parameter(
        "complaint_days_campaigning",
        "int",
        5,
        _("Days to decide a complaint of a campaigning violation"),
    ),
    Parameter(
        "complaint_days_unpaid_ads",
        "int",
        5,
        _("Days to decide a complaint of an ad without a stated payer"),
    ),
    Parameter(
        "complaint_days_foreign",
        "int",
        5,
        _("Days to decide a complaint of foreign participation"),
    ),
    Parameter(
        "complaint_days_precinct",
        "int",
        3,
        _("Days to decide a complaint of the procedure at a polling station"),
    ),
    Parameter("complaint_days_other", "int", 5, _("Days to decide any other complaint")),
    Parameter(
        "complaint_election_day_hours",
        "int",
        24,
        _(
            "Hours to decide a complaint filed on election day or the day before or after, "
            "if sooner than its days"
        ),
    ),
    Parameter(
        "complaint_days_after_election",
        "int",
        30,
        _("Complaints are accepted until this many days after election day"),
    ),
)
BY_KEY = {p.key: p for p in PARAMETERS}


class RulesError(ValueError):
    def __init__(self, key: str, reason: str) -> None:
        self.key = key
        super().__init__(f"rules.{key}: {reason}")


# The largest amount the money columns hold (15 digits, two of them decimals), and the largest
# count: a billion days or indices is no rule of any election, and date arithmetic overflows
# long before a number of thousands of digits.
MAX_MONEY = Decimal("9999999999999.99")
MAX_COUNT = 999_999_999
CENT = Decimal("0.01")
SHOWN = 40  # characters of a refused value quoted in the message


def _shown(value: Any) -> str:
    """A refused value as the message quotes it: numbers as written, text quoted (repr
    escapes what cannot be printed, a lone surrogate too), cut short."""
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"


def _number(parameter: Parameter, value: Any) -> Decimal:
    """The exact decimal a value writes: a number (a float by the text it prints as, which is
    the number its writer typed) or a string of digits."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        raise RulesError(parameter.key, f"{_shown(value)} is not a number")
    try:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, ValueError):
        raise RulesError(parameter.key, f"{_shown(value)} is not a number") from None
    if not number.is_finite():
        raise RulesError(parameter.key, f"{_shown(value)} is not a finite number")
    return number


def _decimal(parameter: Parameter, value: Any, low: Decimal, high: Decimal) -> str:
    number = _number(parameter, value)
    if number < low or number > high:
        raise RulesError(parameter.key, f"{_shown(value)} is out of range ({low} to {high})")
    if parameter.kind == "money":
        if number != number.quantize(CENT):
            raise RulesError(parameter.key, f"{_shown(value)}: an amount has at most two decimals")
        return str(number.quantize(CENT))
    digits = "".join(map(str, number.as_tuple().digits)).strip("0")  # normalize() would round
    if len(digits) > getcontext().prec:
        raise RulesError(
            parameter.key,
            f"{_shown(value)} has more digits than decimal arithmetic keeps exactly "
            f"({getcontext().prec})",
        )
    return str(number)


def _count(parameter: Parameter, value: Any) -> int:
    """A whole number of zero or more: an integer, or a number that is exactly one (`5.0`)."""
    if isinstance(value, str | bool):
        raise RulesError(parameter.key, f"{_shown(value)} is not a whole number of zero or more")
    number = _number(parameter, value)
    if number != number.to_integral_value() or number < 0:
        raise RulesError(parameter.key, f"{_shown(value)} is not a whole number of zero or more")
    if number > MAX_COUNT:
        raise RulesError(parameter.key, f"{_shown(value)} is out of range (0 to {MAX_COUNT:,})")
    return int(number)


def _clean(parameter: Parameter, value: Any) -> Any:
    if value is None:
        if parameter.optional:
            return None
        raise RulesError(parameter.key, "a value is required")
    if parameter.kind == "int":
        return _count(parameter, value)
    if parameter.kind == "bool":
        if not isinstance(value, bool):
            raise RulesError(parameter.key, f"{_shown(value)} is not true or false")
        return value
    if parameter.kind == "choice":
        if value not in parameter.choices:
            choices = ", ".join(parameter.choices)
            raise RulesError(parameter.key, f"{_shown(value)} is not one of {choices}")
        return value
    if parameter.kind == "money":
        return _decimal(parameter, value, Decimal(0), MAX_MONEY)
    if parameter.kind == "percent":
        return _decimal(parameter, value, Decimal(0), Decimal(100))
    if parameter.kind == "number":
        return _decimal(parameter, value, Decimal(0), Decimal(1000))
    return _decimal(parameter, value, Decimal(0), Decimal(1))  # share


def validate_rules(rules: dict[str, Any]) -> dict[str, Any]:
    """Every parameter with its value or default; unknown keys and bad values are errors."""
    if not isinstance(rules, dict):
        raise RulesError("*", "rules must be an object")
    # YAML keys may be numbers, dates or null, which neither sort among texts nor name a rule
    unknown = sorted(str(key) for key in set(rules) - set(BY_KEY))
    if unknown:
        raise RulesError(unknown[0], "unknown parameter")
    return {p.key: _clean(p, rules.get(p.key, p.default)) for p in PARAMETERS}


def defaults() -> dict[str, Any]:
    return validate_rules({})
