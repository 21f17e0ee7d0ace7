"""The protocol rules of rules.md that a protocol's own numbers decide: its control
relations (formats.md section 7), and a manual count that differs from the machine's. Pure
functions; `intake.py` stores what they find, the pages recompute them for earlier versions.
The rule `PROTOCOL_TURNOUT_OUTLIER` compares precincts with each other: `forensics.py`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from talapker.results.reading import ProtocolData

VIOLATION, WARNING, NOTICE = "violation", "warning", "notice"
TURNOUT_OUTLIER = "PROTOCOL_TURNOUT_OUTLIER"
MACHINE_MANUAL_DIFFER = "PROTOCOL_MACHINE_MANUAL_DIFFER"


@dataclass(frozen=True)
class Flag:
    rule: str
    severity: str
    evidence: dict[str, Any]


def control_flags(p: ProtocolData) -> list[Flag]:
    """The control relations a protocol breaks, each with the numbers that break it."""
    n = p.numbers
    valid = sum(p.votes.values())
    flags = []
    if n["ballots_issued"] > n["ballots_received"]:
        flags.append(
            Flag(
                "PROTOCOL_ISSUED_OVER_RECEIVED",
                VIOLATION,
                _pick(n, "ballots_issued", "ballots_received"),
            )
        )
    if n["ballots_issued"] > n["registered"]:
        flags.append(
            Flag(
                "PROTOCOL_ISSUED_OVER_REGISTERED",
                VIOLATION,
                _pick(n, "ballots_issued", "registered"),
            )
        )
    if n["ballots_in_box"] > n["ballots_issued"]:
        flags.append(
            Flag(
                "PROTOCOL_BOX_OVER_ISSUED", VIOLATION, _pick(n, "ballots_in_box", "ballots_issued")
            )
        )
    if n["invalid"] + n["against_all"] + valid != n["ballots_in_box"]:
        flags.append(
            Flag(
                "PROTOCOL_SUM_MISMATCH",
                VIOLATION,
                {
                    **_pick(n, "invalid", "against_all", "ballots_in_box"),
                    "votes": valid,
                    "difference": n["invalid"] + n["against_all"] + valid - n["ballots_in_box"],
                },
            )
        )
    if n["biometric_identified"] != n["ballots_issued"]:
        flags.append(
            Flag(
                "PROTOCOL_BIOMETRIC_MISMATCH",
                WARNING,
                _pick(n, "biometric_identified", "ballots_issued"),
            )
        )
    return flags


def differ_flag(machine: ProtocolData | None, manual: ProtocolData | None) -> Flag | None:
    """The machine and the manual count of a precinct, where both exist and differ: every
    line and every party's votes that differ, with both figures."""
    if machine is None or manual is None:
        return None
    lines = {
        key: {"machine": machine.numbers[key], "manual": manual.numbers[key]}
        for key in machine.numbers
        if machine.numbers[key] != manual.numbers[key]
    }
    votes = {
        party: {"machine": machine.votes.get(party, 0), "manual": manual.votes.get(party, 0)}
        for party in sorted(set(machine.votes) | set(manual.votes))
        if machine.votes.get(party, 0) != manual.votes.get(party, 0)
    }
    if not lines and not votes:
        return None
    return Flag(MACHINE_MANUAL_DIFFER, WARNING, {"lines": lines, "votes": votes})


def _pick(numbers: dict[str, int], *keys: str) -> dict[str, int]:
    return {key: numbers[key] for key in keys}


TITLES = {
    "PROTOCOL_ISSUED_OVER_RECEIVED": _("More ballots issued than the precinct received"),
    "PROTOCOL_ISSUED_OVER_REGISTERED": _("More ballots issued than voters on the list"),
    "PROTOCOL_BOX_OVER_ISSUED": _("More ballots in the boxes than were issued"),
    "PROTOCOL_SUM_MISMATCH": _(
        "Invalid, against all and the votes do not add up to the ballots in the boxes"
    ),
    "PROTOCOL_BIOMETRIC_MISMATCH": _("Voters identified biometrically differ from ballots issued"),
    MACHINE_MANUAL_DIFFER: _("The manual count differs from the machine count"),
    TURNOUT_OUTLIER: _("Turnout or a party's share far outside the precinct's group"),
}
SEVERITY = {
    "PROTOCOL_ISSUED_OVER_RECEIVED": VIOLATION,
    "PROTOCOL_ISSUED_OVER_REGISTERED": VIOLATION,
    "PROTOCOL_BOX_OVER_ISSUED": VIOLATION,
    "PROTOCOL_SUM_MISMATCH": VIOLATION,
    "PROTOCOL_BIOMETRIC_MISMATCH": WARNING,
    MACHINE_MANUAL_DIFFER: WARNING,
    TURNOUT_OUTLIER: NOTICE,
}


def title(rule: str) -> str:
    return str(TITLES.get(rule, rule))


def explanation(rule: str, evidence: dict[str, Any]) -> dict[str, str]:
    """A flag in a sentence in each language, as rules.md's findings carry it: the rule's
    title and the protocol's numbers that break it."""
    said = {}
    for language in ("ky", "ru", "en"):
        with translation.override(language):
            numbers = []
            for key, value in evidence.items():
                if isinstance(value, int):
                    numbers.append(f"{LABELS.get(key, key)}: {value}")
            said[language] = title(rule) + (" (" + "; ".join(numbers) + ")" if numbers else "")
    return said


LABELS = {
    "registered": _("voters on the list"),
    "ballots_received": _("ballots received"),
    "ballots_issued": _("ballots issued"),
    "biometric_identified": _("identified biometrically"),
    "ballots_in_box": _("ballots in the boxes"),
    "invalid": _("invalid ballots"),
    "against_all": _("against all"),
    "votes": _("votes for the parties"),
    "difference": _("difference"),
}
