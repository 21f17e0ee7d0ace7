"""How compliance reacts to what filings, banking and the ad library announce (decision
0009): the fund is screened on the queue once the filing's or the import's transaction
commits, and a draft shows the findings of the commission's rules before it is filed."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language

from talapker.compliance.engine import screen_draft
from talapker.compliance.registry import RULES
from talapker.compliance.tasks import screen_on_commit
from talapker.elections.models import Election
from talapker.filings.models import ReportVersion
from talapker.funds.models import Fund


def screen_after_filing(sender: Any, *, fund: Fund, actor: str, **kwargs: Any) -> None:
    screen_on_commit(fund, f"report filed ({actor})")


def screen_after_import(sender: Any, *, fund: Fund, actor: str, **kwargs: Any) -> None:
    screen_on_commit(fund, f"statement imported ({actor})")


def screen_after_ads(sender: Any, *, election: Election, actor: str, **kwargs: Any) -> None:
    """An ad import touches the funds of the parties with ads (their spend, their payers)."""
    funds = Fund.objects.filter(election=election, party__ads__isnull=False).distinct()
    for fund in funds.order_by("pk"):
        screen_on_commit(fund, f"ads imported ({actor})")


def screen_after_load(
    sender: Any, *, election: Election, changes: dict[str, int], actor: str, **kwargs: Any
) -> None:
    """A load changes lists, parameters or accounts: every fund is screened again (the
    candidates and lists with the money, which the parameters also govern)."""
    for fund in Fund.objects.filter(election=election).order_by("pk"):
        screen_on_commit(fund, f"election loaded ({actor})")


def draft_findings(draft: ReportVersion) -> list[dict[str, Any]]:
    """What the commission's rules find in the draft's rows, in the page's language."""
    language = (get_language() or "en").split("-")[0]
    found = screen_draft(draft)
    for item in found:
        rule = RULES.get(item["rule"])
        item["title"] = str(rule.title) if rule else item["rule"]
        item["text"] = item["explanation"].get(language) or item["explanation"]["en"]
    return found
