"""The registry of compliance rules (rules.md): each rule's code, severity, titles and
explanation in three languages, and the article of law it applies.

Rules are found in families (`talapker/compliance/rules/`): one module per family runs one
SQL pass over the whole scope and returns `Hit`s for each of its rules. A family registers its
rules with `rule(...)` and its finder with `family(...)`; `docs/rules.md` has one section per
registered code (a test holds the two together).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any

from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from talapker.compliance.models import Severity
from talapker.core.countries import country_name
from talapker.core.money import money_text

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
        its label in that language, a sum of money grouped as that language groups it."""
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
    from talapker.ads.models import PayerKind
    from talapker.compliance.rules.ads import FOREIGN_REASONS, UNMATCHED_REASONS
    from talapker.filings.formats.model import DONOR_KINDS
    from talapker.filings.forms import CODE_LABELS
    from talapker.filings.models import ReportKind
    from talapker.registers.models import Creditor, DiplomaLevel, LegalForm

    EDUCATION_LABELS = {"none": _("no diploma"), **dict(DiplomaLevel.choices)}

    return {
        "legal_form": dict(LegalForm.choices),
        "creditor": dict(Creditor.choices),
        "payer_kind": dict(PayerKind.choices),
        "foreign_reason": FOREIGN_REASONS,
        "why_unmatched": UNMATCHED_REASONS,
        "kind": dict(ReportKind.choices),
        "reason": {code: r.title for code, r in load_rules().items()},
        "donor_kind": {code: CODE_LABELS[code] for code in DONOR_KINDS},
        "required_education": EDUCATION_LABELS,
        "highest_education": EDUCATION_LABELS,
    }


# The facts that are sums of money: written as the tables write them (`core.money`).
MONEY_FACTS = frozenset(
    {"amount", "total", "cap", "excess", "owed", "returned", "bank_amount", "declared_amount",
     "debt_kgs", "ad_spend_lower", "ad_spend_upper", "declared_online", "ads_lower", "declared",
     "in_kind_declared", "spend_lower_kgs", "spend_upper_kgs"}
)  # fmt: skip


def _labelled(facts: dict[str, Any]) -> dict[str, Any]:
    labels = _code_labels()
    shown = dict(facts)
    for name, known in labels.items():
        value = facts.get(name)
        if isinstance(value, str) and value in known:
            shown[name] = str(known[value])
    for name in MONEY_FACTS & facts.keys():
        if facts[name] is not None:
            shown[name] = money_text(facts[name])
    if isinstance(facts.get("country"), str):  # an ISO code, by its name in the language
        shown["country"] = country_name(facts["country"])
    return shown


# The citation form rules are registered with ("CL Art. 41(3)"), cited on pages as each
# language cites the Constitutional Law (docs/glossary.md).
CITATION = re.compile(r"^CL Art\. (?P<article>\d+)(?:\((?P<part>\d+)\))?$")


def article_text(article: str) -> str:
    """The article of law a rule applies, as the active language cites it ("КМ 41-берене,
    3-бөлүк", "КЗ ст. 41 ч. 3", "CL Art. 41(3)"); anything else as it is ("—")."""
    cited = CITATION.match(article)
    if cited is None:
        return article
    if cited["part"]:
        return gettext("CL Art. %(article)s(%(part)s)") % cited.groupdict()
    return gettext("CL Art. %(article)s") % {"article": cited["article"]}


def fact_text(name: str, value: Any) -> Any:
    """One fact as an explanation shows it in the active language: a code by its label, a
    sum of money grouped; any other value as it is."""
    return _labelled({name: value})[name]


class _SafeFacts(dict[str, Any]):
    """Facts for an explanation: a missing one shows as a dash, never as an error."""

    def __missing__(self, key: str) -> str:
        return "—"


@dataclass(slots=True)  # not frozen: a statement of 150,000 lines makes as many, and a
class Hit:  # frozen dataclass takes three times as long to build; nothing changes one
    """One finding as a family finds it, before it is stored."""

    rule: str
    fund_id: int
    source: str
    line: str = ""
    amount: Decimal | None = None
    evidence: dict[str, Any] = field(default_factory=dict)
    key_extra: str = ""  # what else tells two findings of one rule and line apart
    # A family that finds many hits of one shape (a line of a big bank statement) may give
    # the raw facts instead of the amount and evidence, and `make` to turn them into those.
    # A re-run compares the facts, and builds the evidence only for what is new or changed.
    facts: tuple[Any, ...] | None = None
    make: Callable[[tuple[Any, ...]], tuple[Decimal | None, dict[str, Any]]] | None = None

    def full(self) -> Hit:
        """The hit with its amount and evidence built from its facts, if it has them."""
        if self.facts is None or self.make is None:
            return self
        amount, evidence = self.make(self.facts)
        return replace(self, amount=amount, evidence=evidence, facts=None, make=None)


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
