"""The ``Planted`` collector: every anomaly or violation the generator plants on purpose.

``planted.json`` is the truth that screening must reproduce. Register anomalies are
recorded as *notes* (``{"kind": ..., ...}``); the candidate lists and later modules
(reports, statements, ads) record *findings* shaped like the screening output of ``rules.md``
(``{"rule": ..., "severity": ..., "fund": ..., ...}``); a protocol's finding has no fund
(``null``) and names its precinct as its ``line`` (:mod:`.protocol_findings`). Entries keep
insertion order, so the file is deterministic as long as the generator is.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SEVERITIES = ("violation", "warning", "notice")


class Planted:
    """Collects planted notes and findings in the order they are made."""

    def __init__(self) -> None:
        self._entries: list[dict[str, Any]] = []

    def note(self, kind: str, **data: Any) -> dict[str, Any]:
        """Record a planted register anomaly (not itself a finding)."""
        entry: dict[str, Any] = {"kind": kind, **data}
        self._entries.append(entry)
        return entry

    def finding(
        self,
        rule: str,
        severity: str,
        fund: str,
        source: str,
        *,
        line: int | str | None = None,
        amount: str | None = None,
        evidence: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Record a planted violation as the finding screening must produce."""
        if severity not in SEVERITIES:
            raise ValueError(f"unknown severity {severity!r}")
        entry: dict[str, Any] = {"rule": rule, "severity": severity, "fund": fund, "source": source}
        if line is not None:
            entry["line"] = line
        if amount is not None:
            entry["amount"] = amount
        entry["evidence"] = evidence or {}
        self._entries.append(entry)
        return entry

    def extend(self, entries: list[dict[str, Any]]) -> None:
        """Append entries made elsewhere (e.g. in a worker process), keeping their order."""
        self._entries.extend(entries)

    @property
    def entries(self) -> list[dict[str, Any]]:
        """A copy of all entries, in order."""
        return list(self._entries)

    def notes(self, kind: str) -> list[dict[str, Any]]:
        """The notes of one kind."""
        return [e for e in self._entries if e.get("kind") == kind]

    def findings(self, rule: str | None = None) -> list[dict[str, Any]]:
        """The planted findings (of one rule, if given)."""
        return [e for e in self._entries if "rule" in e and (rule is None or e["rule"] == rule)]

    def __len__(self) -> int:
        return len(self._entries)

    def write(self, path: Path) -> int:
        """Write ``planted.json`` (UTF-8, indented, ``\\n`` endings); return the entry count."""
        text = json.dumps(self._entries, ensure_ascii=False, indent=1)
        path.write_text(text + "\n", encoding="utf-8", newline="\n")
        return len(self._entries)
