"""What a change of the change feed (`changes.py`) says, in each of the three languages, and
the public page it leads to.

The API gives every change's summary in ky, ru and en, and an export may hold a million of
them, so nothing here switches the active language or reverses a URL per change: the
phrases of each language are read from the catalogue once (`_phrases`), a statement's
plural once per language and number of lines, a rule's titles once per rule, and the pages'
addresses are made once per language and election from placeholders (`_addresses`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any
from urllib.parse import urlencode

from django.urls import get_script_prefix, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from talapker.compliance.models import Severity
from talapker.compliance.registry import load_rules
from talapker.filings.models import ReportKind

LANGUAGES = ("ky", "ru", "en")


@dataclass(frozen=True)
class _Phrases:
    """One language's phrases: format strings by their use, severities, a candidate's fund."""

    texts: dict[str, str]
    severities: dict[str, str]
    candidate_fund: str


@cache
def _phrases(language: str) -> _Phrases:
    with translation.override(language):
        texts = {
            "title-final": _("%(party)s: final report, version %(number)s"),
            "title-interim": _("%(party)s: interim report, version %(number)s"),
            "title-statement": _("%(party)s: bank statement received"),
            "title-finding": _("%(party)s: finding confirmed, %(rule)s"),
            "filed-final": _(
                "%(party)s: final report filed, version %(number)s (receipt %(receipt)s)."
            ),
            "filed-interim": _(
                "%(party)s: interim report filed, version %(number)s (receipt %(receipt)s)."
            ),
            "corrected-final": _(
                "%(party)s: final report corrected: version %(number)s replaces version "
                "%(corrects)s (receipt %(receipt)s)."
            ),
            "corrected-interim": _(
                "%(party)s: interim report corrected: version %(number)s replaces version "
                "%(corrects)s (receipt %(receipt)s)."
            ),
            "finding": _(
                "%(party)s: the commission confirmed a finding: %(title)s (%(severity)s)."
            ),
        }
        severities = {code: str(label) for code, label in Severity.choices}
        return _Phrases(texts, severities, _("A candidate's own fund"))


@lru_cache(maxsize=512)
def _statement_text(language: str, count: int) -> str:
    with translation.override(language):
        return ngettext(
            "%(party)s: the bank sent a statement of the fund's account with %(count)s line.",
            "%(party)s: the bank sent a statement of the fund's account with %(count)s lines.",
            count,
        )


@lru_cache(maxsize=256)
def _rule_titles(code: str) -> dict[str, str]:
    rule = load_rules().get(code)
    return rule.titles() if rule else dict.fromkeys(LANGUAGES, code)


def _language() -> str:
    language = (translation.get_language() or "ky")[:2]
    return language if language in LANGUAGES else "ky"


def _party_name(row: dict[str, Any], language: str) -> str:
    """The party's name in `language` (falling back ky → ru → en), or what a candidate's
    fund is called."""
    for code in (language, *LANGUAGES):
        if row.get(f"party_{code}"):
            return str(row[f"party_{code}"])
    return _phrases(language).candidate_fund


def title(row: dict[str, Any], language: str | None = None) -> str:
    """A change in a few words (a feed entry's title), in the active language."""
    language = language or _language()
    texts = _phrases(language).texts
    figures = {"party": _party_name(row, language), "number": row["version_no"]}
    if row["kind"] == "filing":
        key = "title-final" if row["report_kind"] == ReportKind.FINAL else "title-interim"
        return texts[key] % figures
    if row["kind"] == "statement":
        return texts["title-statement"] % figures
    return texts["title-finding"] % {**figures, "rule": row["rule_code"]}


def summary(row: dict[str, Any], language: str | None = None) -> str:
    """What happened, in a sentence, in the active language (or `language`)."""
    language = language or _language()
    phrases = _phrases(language)
    figures = {
        "party": _party_name(row, language),
        "number": row["version_no"],
        "receipt": row["receipt_no"],
        "corrects": row["corrects"],
    }
    if row["kind"] == "filing":
        report = "final" if row["report_kind"] == ReportKind.FINAL else "interim"
        event = "filed" if row["corrects"] is None else "corrected"
        return phrases.texts[f"{event}-{report}"] % figures
    if row["kind"] == "statement":
        count = row["line_count"] or 0
        return _statement_text(language, count) % {**figures, "count": count}
    code = row["severity_code"] or ""
    words = {
        **figures,
        "title": _rule_titles(row["rule_code"])[language],
        "severity": phrases.severities.get(code, code),
    }
    return phrases.texts["finding"] % words


def summaries(row: dict[str, Any]) -> dict[str, str]:
    """The summary in each of the three languages."""
    return {language: summary(row, language) for language in LANGUAGES}


# Placeholders that no party code, report kind or version number is.
PARTY, KIND, NUMBER = "party0placeholder0", "kind0placeholder0", 987654321


@lru_cache(maxsize=64)
def _addresses(language: str, prefix: str, election: str) -> dict[str, str]:
    """The pages' paths in `language`, with placeholders (`prefix`: the script's, which
    reverse() puts first)."""
    with translation.override(language):
        fund = {"election": election, "party": PARTY}
        return {
            "version": reverse(
                "disclosure:version", kwargs={**fund, "kind": KIND, "number": NUMBER}
            ),
            "fund": reverse("disclosure:fund-finance", kwargs=fund),
            "findings": reverse("disclosure:findings", kwargs={"election": election}),
            "finance": reverse("disclosure:finance", kwargs={"election": election}),
        }


def page(row: dict[str, Any], election: str) -> str:
    """The public page of a change (a path, in the active language): a version's page, the
    fund's bank section, the finding in the register. A candidate's fund has no finance
    page: its changes lead to the election's."""
    addresses = _addresses(_language(), get_script_prefix(), election)
    party = row["party_code"]
    if row["kind"] == "finding":
        query = {"party": party, "rule": row["rule_code"]} if party else {"rule": row["rule_code"]}
        return f"{addresses['findings']}?{urlencode(query)}#finding-{row['item']}"
    if not party:
        return addresses["finance"]
    if row["kind"] == "filing":
        return (
            addresses["version"]
            .replace(PARTY, party)
            .replace(KIND, row["report_kind"])
            .replace(str(NUMBER), str(row["version_no"]))
        )
    return addresses["fund"].replace(PARTY, party) + "#bank-heading"
