"""The election's rule parameters as the money sections need them, and the report periods.

Everything is read from :data:`.election.DEFAULT_RULES`, the values the generator writes to
``election.json``, so planted violations follow the file and no limit is typed twice.

Report periods (``formats.md`` section 4 leaves them to the election):

- **interim**: from ``campaign_start`` to the day before the interim report is due, i.e.
  ``election_day - interim_report_days_before - 1`` (18 November 2026 as written);
- **final**: from ``campaign_start`` to the day before the final report is due,
  ``election_day + final_report_days_after - 1`` (8 December 2026). It covers the whole
  campaign plus the settling of accounts after election day (last bills, refunds).

The dates are those of the run's :class:`~.common.Calendar`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from .common import Calendar
from .election import DEFAULT_RULES

REPORT_KINDS = ("interim", "final")


@dataclass(frozen=True)
class Limits:
    """Caps in som and the day counts of the rules (``rules.md``), and the calendar."""

    individual_cap: Decimal
    entity_cap: Decimal
    fund_cap: Decimal
    spending_cap: Decimal
    recent_entity_days: int
    donor_min_age: int
    name_match_min_score: int
    cluster_min_donors: int
    bank_match_days: int
    refund_days: int
    interim_report_days_before: int
    final_report_days_after: int
    calendar: Calendar = field(default_factory=Calendar)

    @classmethod
    def from_rules(cls, rules: Mapping[str, Any], calendar: Calendar | None = None) -> Limits:
        """Read the limits from an election's ``rules`` mapping (dates as written unless a
        ``calendar`` moves them)."""
        ci = Decimal(rules["calculated_index_kgs"])
        return cls(
            individual_cap=ci * rules["individual_cap_ci"],
            entity_cap=ci * rules["legal_entity_cap_ci"],
            fund_cap=ci * rules["fund_cap_ci"],
            spending_cap=ci * rules["spending_cap_ci"],
            recent_entity_days=rules["recent_entity_days"],
            donor_min_age=rules["donor_min_age"],
            name_match_min_score=rules["name_match_min_score"],
            cluster_min_donors=rules["cluster_min_donors"],
            bank_match_days=rules["bank_match_days"],
            refund_days=rules["refund_days"],
            interim_report_days_before=rules["interim_report_days_before"],
            final_report_days_after=rules["final_report_days_after"],
            calendar=calendar or Calendar(),
        )

    @property
    def campaign_start(self) -> date:
        return self.calendar.campaign_start

    @property
    def election_day(self) -> date:
        return self.calendar.election_day

    @property
    def interim_end(self) -> date:
        """Last day the interim report covers."""
        return self.election_day - timedelta(days=self.interim_report_days_before + 1)

    @property
    def late_window(self) -> tuple[date, date]:
        """The first week after the interim period: planted rows are dated here, so that
        only the final report declares them (and refunds fit before its end)."""
        start = self.interim_end + timedelta(days=1)
        return start, start + timedelta(days=7)

    @property
    def final_end(self) -> date:
        """Last day the final report (and each fund's statement) covers."""
        return self.election_day + timedelta(days=self.final_report_days_after - 1)

    def period(self, kind: str) -> tuple[date, date]:
        """``(period_from, period_to)`` of the report of ``kind`` (``interim`` or ``final``)."""
        if kind not in REPORT_KINDS:
            raise ValueError(f"unknown report kind {kind!r}")
        return self.campaign_start, self.interim_end if kind == "interim" else self.final_end


LIMITS = Limits.from_rules(DEFAULT_RULES)  # as written


def report_period(kind: str) -> tuple[date, date]:
    """The period of a generated report of ``kind`` (as written), for loaders that file it."""
    return LIMITS.period(kind)
