"""The registry of compliance rules (rules.md): each rule's code, severity, titles and
explanation in three languages, and the article of law it applies.

Rules are found in families (`talapker/compliance/rules/`): one module per family runs one
SQL pass over the whole scope and returns `Hit`s for each of its rules. A family registers its
rules with `rule(...)` and its finder with `family(...)`; `docs/rules.md` has one section per
registered code (a test holds the two together).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any

from django.utils import translation

from talapker.compliance.models import Severity

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

    from talapker.elections.models import Election

LANGUAGES = ("ky", "ru", "en")


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str
    title: _StrPromise
    explanation: _StrPromise  # %(name)s placeholders filled from the hit's facts
    article: str

    def explain(self, facts: dict[str, Any]) -> dict[str, str]:
        """The explanation in every language, with the facts filled in; a fact that is a
        code (a legal form, a report's kind, the rule a refund was owed under) is shown by
        its label in that language."""
        text = {}
        for language in LANGUAGES:
            with translation.override(language):
                text[language] = str(self.explanation) % _SafeFacts(_labelled(facts))
        return text

    def titles(self) -> dict[str, str]:
        titles = {}
        for language in LANGUAGES:
            with translation.override(language):
                titles[language] = str(self.title)
        return titles


@cache
def _code_labels() -> dict[str, dict[str, Any]]:
    """The facts that are codes, with their (lazy, so per-language) labels."""
    from talapker.filings.models import ReportKind
    from talapker.registers.models import LegalForm

    return {
        "legal_form": dict(LegalForm.choices),
        "kind": dict(ReportKind.choices),
        "reason": {code: r.title for code, r in load_rules().items()},
    }


def _labelled(facts: dict[str, Any]) -> dict[str, Any]:
    labels = _code_labels()
    shown = dict(facts)
    for name, known in labels.items():
        value = facts.get(name)
        if isinstance(value, str) and value in known:
            shown[name] = str(known[value])
    return shown


class _SafeFacts(dict[str, Any]):
    """Facts for an explanation: a missing one shows as a dash, never as an error."""

    def __missing__(self, key: str) -> str:
        return "—"


@dataclass(frozen=True)
class Hit:
    """One finding as a family finds it, before it is stored."""

    rule: str
    fund_id: int
    source: str
    line: str = ""
    amount: Decimal | None = None
    evidence: dict[str, Any] = field(default_factory=dict)
    key_extra: str = ""  # what else tells two findings of one rule and line apart


@dataclass(frozen=True)
class Scope:
    """What a run screens: an election's funds, and the report versions whose rows count."""

    election: Election
    fund_ids: tuple[int, ...]
    version_ids: tuple[int, ...]
    today: dt.date
    persist: bool = True  # False for a draft checked before filing

    def param(self, key: str) -> Any:
        return self.election.rules[key]

    @cached_property
    def filed_version_ids(self) -> tuple[int, ...]:
        """The versions in scope that are filed (a draft is not): read once per run."""
        from talapker.filings.models import ReportVersion

        filed = ReportVersion.objects.filter(
            pk__in=self.version_ids, state=ReportVersion.State.FILED
        ).values_list("pk", flat=True)
        return tuple(sorted(filed))

    def cap_cents(self, key: str) -> int:
        """A cap written in calculated indices, in tyiyn (hundredths of a som)."""
        return int(self.election.cap_kgs(key) * 100)


Finder = Callable[[Scope], Iterable[Hit]]
RULES: dict[str, Rule] = {}
FAMILIES: dict[str, Finder] = {}


def rule(
    code: str, severity: str, title: _StrPromise, explanation: _StrPromise, article: str
) -> Rule:
    if code in RULES:
        raise ValueError(f"rule {code} is registered twice")
    if severity not in Severity.values:
        raise ValueError(f"rule {code}: unknown severity {severity}")
    RULES[code] = Rule(code, severity, title, explanation, article)
    return RULES[code]


def family(name: str) -> Callable[[Finder], Finder]:
    def register(finder: Finder) -> Finder:
        FAMILIES[name] = finder
        return finder

    return register


def load_rules() -> dict[str, Rule]:
    """Import every family module (they register themselves) and return the rules."""
    from talapker.compliance import rules  # noqa: F401

    return RULES
