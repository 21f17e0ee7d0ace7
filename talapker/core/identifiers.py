"""Personal identification numbers (PIN) and taxpayer numbers (INN) of the Kyrgyz Republic.

A PIN has 14 digits: one for sex (1 female, 2 male; 0 is also seen), the date of birth as
DDMMYYYY, and a 5-digit serial. The shape follows the pattern published by Tunduk
(`KgzPinPattern`); the number carries no check digit. The population register is the
authority: a PIN whose embedded date or sex disagrees with its own register row is kept and
marked, never corrected (formats.md, section 3).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

PIN_PATTERN = re.compile(r"^[012][0-3]\d[01]\d[12]\d{3}\d{5}$")
INN_PATTERN = re.compile(r"^\d{14}$")
SEX_BY_DIGIT = {"1": "F", "2": "M"}
LONG_NUMBER = re.compile(r"\d{12,}")
MASK = "•"


def mask_long_numbers(text: str) -> str:
    """Text as a public page may show it: every run of twelve or more digits (a PIN, an INN,
    an account number) masked, one dot a digit."""
    return LONG_NUMBER.sub(lambda found: MASK * len(found.group()), text or "")


def is_pin(value: str) -> bool:
    """True if the value has the shape of a PIN."""
    return bool(PIN_PATTERN.match(value))


def is_inn(value: str) -> bool:
    """True if the value has the shape of an INN (any 14 digits)."""
    return bool(INN_PATTERN.match(value))


@dataclass(frozen=True)
class PinParts:
    sex: str | None
    birth_date: dt.date | None


def pin_parts(pin: str) -> PinParts:
    """The sex and birth date that a well-formed PIN encodes (None where it encodes none)."""
    try:
        born: dt.date | None = dt.date(int(pin[5:9]), int(pin[3:5]), int(pin[1:3]))
    except ValueError:
        born = None
    return PinParts(sex=SEX_BY_DIGIT.get(pin[0]), birth_date=born)


def pin_consistent(pin: str, birth_date: dt.date | str, sex: str) -> bool:
    """True if the PIN's embedded sex and birth date agree with the given ones."""
    born = birth_date if isinstance(birth_date, str) else birth_date.isoformat()
    encoded = f"{pin[5:9]}-{pin[3:5]}-{pin[1:3]}"
    sex_ok = pin[0] == "0" or SEX_BY_DIGIT.get(pin[0]) == sex
    return sex_ok and encoded == born
