"""The charts of the money pages, drawn from the totals kept at filing time (`money`)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils.translation import gettext as _

from talapker.core.i18n import localized
from talapker.core.money import money_text
from talapker.disclosure.charts import Chart, bars, cumulative, gauge
from talapker.disclosure.money import FundMoney
from talapker.elections.models import Election
from talapker.filings.forms import CODE_LABELS


def fund_charts(money: FundMoney) -> dict[str, Chart]:
    """A fund's gauges against its caps, its money over the campaign, where it went, and its
    donors by size."""
    election = money.fund.election
    bands = []
    for band in money.bands:
        if band.upper is not None:
            label = _("up to %(upper)s som") % {"upper": money_text(band.upper)}
        else:
            lower = money.bands[-2].upper if len(money.bands) > 1 else None
            label = _("over %(lower)s som") % {"lower": money_text(lower or 0)}
        bands.append((label, band.amount))
    return {
        "raised": gauge(money.raised.value, money.raised.cap, label=_("Raised"), key="raised"),
        "spent": gauge(money.spent.value, money.spent.cap, label=_("Spent"), key="spent"),
        "timeline": cumulative(
            [(day, money_in) for day, money_in, _out in money.days],
            [(day, money_out) for day, _in, money_out in money.days],
            start=election.campaign_start,
            end=election.election_day,
            key="timeline",
        ),
        "categories": bars(
            [(str(CODE_LABELS.get(code, code)), amount) for code, amount in _by_size(money)],
            caption=_("Spending by category"),
            name_header=_("Category"),
            key="categories",
        ),
        "bands": bars(
            bands,
            caption=_("Money by what each donor gave in all"),
            name_header=_("Gave in all"),
            key="bands",
        ),
    }


def _by_size(money: FundMoney) -> list[tuple[str, Decimal]]:
    return sorted(money.categories.items(), key=lambda item: (-item[1], item[0]))


def election_charts(election: Election, funds: Sequence[FundMoney]) -> dict[str, Chart]:
    """Every filed fund's money in and out, side by side, largest first."""
    filed = sorted((m for m in funds if m.filed), key=lambda m: -m.raised.value)

    def name(m: FundMoney) -> str:
        return localized(m.fund.party, "name") if m.fund.party else _("A candidate's own fund")

    return {
        "raised": bars(
            [(name(m), m.raised.value) for m in filed],
            caption=_("Raised by each fund"),
            name_header=_("Party"),
            key="funds-raised",
        ),
        "spent": bars(
            [(name(m), m.spent.value) for m in filed],
            caption=_("Spent by each fund"),
            name_header=_("Party"),
            key="funds-spent",
        ),
    }
