"""The protocol plants as ``planted.json`` records them (:mod:`.protocol_plants` makes them).

Each finding is shaped as screening reports a protocol flag
(``compliance.engine.protocol_findings``): ``fund`` null, ``source`` ``protocol``, ``line``
the precinct code, ``amount`` null, with the figures that show it as ``evidence``. Findings
come first (the control relations in the order planted, then the outliers, then the recounts
that differ); then the notes: ``protocol_natural_outlier`` (a station of one voter),
``protocol_resent`` (the two files, the first breaking the sum) and ``protocol_recount``
(the machine and the manual file, and whether they differ).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .outliers import TEST, TURNOUT, values
from .tally import Protocol

if TYPE_CHECKING:
    from .planted import Planted
    from .protocol_plants import Planter

OUTLIER = "PROTOCOL_TURNOUT_OUTLIER"
DIFFER = "PROTOCOL_MACHINE_MANUAL_DIFFER"
OVER_REGISTERED = "PROTOCOL_ISSUED_OVER_REGISTERED"
SEVERITY = {
    "PROTOCOL_ISSUED_OVER_RECEIVED": "violation",
    OVER_REGISTERED: "violation",
    "PROTOCOL_BOX_OVER_ISSUED": "violation",
    "PROTOCOL_SUM_MISMATCH": "violation",
    "PROTOCOL_BIOMETRIC_MISMATCH": "warning",
    DIFFER: "warning",
    OUTLIER: "notice",
}
#: the figures a finding of each control relation shows
EVIDENCE = {
    "PROTOCOL_ISSUED_OVER_RECEIVED": ("ballots_issued", "ballots_received"),
    OVER_REGISTERED: ("ballots_issued", "registered"),
    "PROTOCOL_BOX_OVER_ISSUED": ("ballots_in_box", "ballots_issued"),
    "PROTOCOL_SUM_MISMATCH": ("ballots_in_box", "counted"),
    "PROTOCOL_BIOMETRIC_MISMATCH": ("ballots_issued", "biometric_identified"),
}
FILES = "results/protocols"


def _figures(p: Protocol, names: tuple[str, ...]) -> dict[str, int]:
    figures = {
        "registered": p.registered,
        "ballots_received": p.received,
        "ballots_issued": p.issued,
        "biometric_identified": p.biometric,
        "ballots_in_box": p.in_box,
        "counted": p.counted,
    }
    return {name: figures[name] for name in names}


def _percent(x: float) -> str:
    return f"{x * 100:.2f}"


def _outlier_evidence(t: Planter, p: Protocol) -> dict[str, Any]:
    """The group, the figures the test finds far out, and the precinct's turnout and first
    party against the group's medians."""
    spread, now = t.spread(p), values(p, t.parties)
    far = [m for m, x in now.items() if m in spread and spread[m].outlying(x, TEST)]
    out: dict[str, Any] = {"group": t.group[p.precinct], "far": far}
    if TURNOUT in now and TURNOUT in spread:
        out["turnout"] = _percent(now[TURNOUT])
        out["median_turnout"] = _percent(spread[TURNOUT].median)
    shares = [q for q in t.parties if q in now and q in spread]
    if shares:
        top = max(shares, key=lambda q: now[q])
        out["party"] = top
        out["share"] = _percent(now[top])
        out["median_share"] = _percent(spread[top].median)
    return out


def record(planted: Planted, t: Planter, resent: list[Protocol], recounts: list[Protocol]) -> None:
    """Write the plants into ``planted``: findings, then notes."""

    def finding(rule: str, code: str, evidence: dict[str, Any]) -> None:
        entry = {"rule": rule, "severity": SEVERITY[rule], "fund": None, "source": "protocol"}
        planted.extend([{**entry, "line": code, "amount": None, "evidence": evidence}])

    moved = {p.precinct: _moved(t, p) for p in recounts}
    for code, rule in t.rules.items():
        finding(rule, code, _figures(t.protocols[code], EVIDENCE[rule]))
    for code in sorted(t.outliers):
        finding(OUTLIER, code, _outlier_evidence(t, t.protocols[code]))
    for code, votes in moved.items():
        if votes:
            finding(DIFFER, code, {"votes": votes})
    for code in sorted(t.natural):
        planted.note(
            "protocol_natural_outlier", precinct=code, registered=t.protocols[code].registered
        )
    for p in resent:
        planted.note(
            "protocol_resent",
            precinct=p.precinct,
            files=[f"{FILES}/{p.precinct}.json", f"{FILES}/{p.precinct}.resent.json"],
            first_breaks="PROTOCOL_SUM_MISMATCH",
        )
    for code, votes in moved.items():
        planted.note(
            "protocol_recount",
            precinct=code,
            files=[f"{FILES}/{code}.json", f"{FILES}/{code}.manual.json"],
            differs=bool(votes),
        )


def _moved(t: Planter, p: Protocol) -> dict[str, dict[str, int]]:
    """The parties whose votes a recount changed: machine and manual figures."""
    machine, manual = (v for _, v in t.versions[p.precinct])
    return {
        q: {"machine": a, "manual": b}
        for q, a, b in zip(t.parties, machine.votes, manual.votes, strict=True)
        if a != b
    }
