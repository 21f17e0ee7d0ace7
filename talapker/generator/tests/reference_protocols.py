"""A plain reading of the precinct protocols, independent of the generator.

It reads only what ``talapker generate`` wrote (election.json, the population register,
precincts.csv, abroad_registrations.csv, parties.csv and ``results/protocols``) and applies
the checks as the task states them: who is a voter and where (the register build's rule),
the five control relations of a protocol, a manual recount against the machine count, and
the outlier test (median and MAD per group, in exact fractions). As the platform does, the
protocol that counts at a precinct is the latest manual count if there is one, else the
latest machine count (files in name order are in order of arrival). The tests compare its
findings with the protocol findings of ``planted.json``.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from pathlib import Path
from statistics import median
from typing import Any

Doc = dict[str, Any]
Key = tuple[str, str]  # rule, precinct

RELATIONS = {
    "PROTOCOL_ISSUED_OVER_RECEIVED": lambda d: d["ballots_issued"] <= d["ballots_received"],
    "PROTOCOL_ISSUED_OVER_REGISTERED": lambda d: d["ballots_issued"] <= d["registered"],
    "PROTOCOL_BOX_OVER_ISSUED": lambda d: d["ballots_in_box"] <= d["ballots_issued"],
    "PROTOCOL_SUM_MISMATCH": lambda d: (
        d["invalid"] + d["against_all"] + sum(d["votes"].values()) == d["ballots_in_box"]
    ),
    "PROTOCOL_BIOMETRIC_MISMATCH": lambda d: d["biometric_identified"] == d["ballots_issued"],
}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _adult_on(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def voters_by_station(root: Path) -> Counter[str]:
    """The register build's count per station, from the files alone."""
    election = json.loads((root / "election/election.json").read_text(encoding="utf-8"))
    born_by = _adult_on(
        date.fromisoformat(election["election_day"]), election["rules"]["voter_min_age"]
    ).isoformat()
    stations = {r["code"] for r in _rows(root / "results/precincts.csv")}
    abroad = {r["pin"]: r["precinct"] for r in _rows(root / "results/abroad_registrations.csv")}
    out: Counter[str] = Counter()
    for p in _rows(root / "registers/population.csv"):
        if (
            "KGZ" in p["citizenship"].split(";")
            and not p["death_date"]
            and p["biometric"] == "1"
            and p["birth_date"] <= born_by
        ):
            where = abroad.get(p["pin"], p["precinct"])
            if where in stations:
                out[where] += 1
    return out


@dataclass
class Protocols:
    """Every station's protocol files: the machine count now standing (a re-sent one
    replaces the first), the first of a re-sent pair, the manual recounts; and the one that
    counts (``effective``)."""

    root: Path
    parties: list[str] = field(default_factory=list)
    groups: dict[str, str] = field(default_factory=dict)  # station -> group
    files: dict[str, list[str]] = field(default_factory=dict)  # station -> file names
    current: dict[str, Doc] = field(default_factory=dict)
    first: dict[str, Doc] = field(default_factory=dict)
    manual: dict[str, Doc] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.parties = [r["code"] for r in _rows(self.root / "election/parties.csv")]
        for r in _rows(self.root / "results/precincts.csv"):
            home = r["country"] == "KGZ"
            self.groups[r["code"]] = f"{r['region']}|{r['district']}" if home else "abroad"
        folder = self.root / "results/protocols"
        for path in sorted(folder.iterdir()):
            code = path.name.split(".")[0]
            self.files.setdefault(code, []).append(path.name)
        for code, names in self.files.items():
            docs = {n: json.loads((folder / n).read_text(encoding="utf-8")) for n in names}
            self.current[code] = docs[f"{code}.json"]
            if f"{code}.resent.json" in docs:
                self.first[code] = self.current[code]
                self.current[code] = docs[f"{code}.resent.json"]
            if f"{code}.manual.json" in docs:
                self.manual[code] = docs[f"{code}.manual.json"]

    @property
    def effective(self) -> dict[str, Doc]:
        return {code: self.manual.get(code, doc) for code, doc in self.current.items()}


def relation_findings(docs: dict[str, Doc]) -> set[Key]:
    return {(rule, code) for code, d in docs.items() for rule, ok in RELATIONS.items() if not ok(d)}


def recount_findings(p: Protocols) -> set[Key]:
    counted = ("votes", "invalid", "against_all", "ballots_in_box")
    return {
        ("PROTOCOL_MACHINE_MANUAL_DIFFER", code)
        for code, manual in p.manual.items()
        if any(manual[k] != p.current[code][k] for k in counted)
    }


def _figures(d: Doc, parties: list[str]) -> dict[str, Fraction]:
    out = {}
    if d["registered"]:
        out["turnout"] = Fraction(d["ballots_issued"], d["registered"])
    if d["ballots_in_box"]:
        for party in parties:
            out[party] = Fraction(d["votes"][party], d["ballots_in_box"])
    return out


def outliers(p: Protocols, reported: set[str] | None = None) -> set[str]:
    """The outlier test over the protocols that count (of the ``reported`` precincts only,
    if given), in exact fractions."""
    by_group: dict[str, dict[str, dict[str, Fraction]]] = {}
    for code, d in p.effective.items():
        if reported is None or code in reported:
            by_group.setdefault(p.groups[code], {})[code] = _figures(d, p.parties)
    found = set()
    for members in by_group.values():
        for metric in ["turnout", *p.parties]:
            xs = {c: f[metric] for c, f in members.items() if metric in f}
            if len(xs) < 8:
                continue
            mid = median(xs.values())
            mad = median(abs(x - mid) for x in xs.values())
            for code, x in xs.items():
                gap = abs(x - mid)
                far = mad == 0 or Fraction(6745, 10000) * gap / mad > Fraction(35, 10)
                if gap >= Fraction(1, 10) and far:
                    found.add(code)
    return found


def screen_protocols(root: Path) -> set[Key]:
    """Every protocol finding the files call for."""
    p = Protocols(root)
    found = relation_findings(p.effective) | recount_findings(p)
    return found | {("PROTOCOL_TURNOUT_OUTLIER", code) for code in outliers(p)}
