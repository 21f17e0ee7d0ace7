"""The public statistics of an election's complaints: how many of what kind, where, in
which state, how fast they were decided and how many within their deadline, week by week
over the campaign; and the answers the commission made public.

Counts only: no complaint's text, place below the region, complainant or handler is
published; an answer is, where the commission marked it public. Each figure is one
grouped query; the median is taken over the decided complaints' durations.

Joined complaints (duplicates) count where they were filed (category, region, week) and in
their state, but not as decisions: their main complaint's decision counts once.
"""

from __future__ import annotations

import datetime as dt
import statistics as stats
from dataclasses import dataclass

from django.db.models import Count, F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from talapker.complaints.charts import Bar, BarChart, bar_chart
from talapker.complaints.deadlines import last_day_to_file
from talapker.complaints.models import Category, Complaint, State
from talapker.complaints.overdue import overdue_q
from talapker.complaints.places import region_codes, region_label
from talapker.elections.models import Election

PUBLIC_ANSWERS = 50  # the newest public answers shown


@dataclass(frozen=True)
class Week:
    start: dt.date
    filed: int
    decided: int


@dataclass(frozen=True)
class Statistics:
    total: int
    decided: int
    within_deadline: int
    overdue: int
    median_hours: float | None
    by_category: BarChart
    by_region: BarChart
    by_state: BarChart
    weeks: list[Week]
    by_week: BarChart
    answers: list[Complaint]

    @property
    def within_percent(self) -> int | None:
        return round(100 * self.within_deadline / self.decided) if self.decided else None

    @property
    def median_days(self) -> float | None:
        return None if self.median_hours is None else round(self.median_hours / 24, 1)


def _counts(complaints: QuerySet[Complaint], field: str) -> dict[str, int]:
    rows = complaints.values(field).annotate(n=Count("pk")).order_by()
    return {row[field]: row["n"] for row in rows}


def _share(count: int, total: int) -> str:
    return f"{round(100 * count / total)}%" if total else ""


def _weeks(election: Election, complaints: QuerySet[Complaint], at: dt.datetime) -> list[Week]:
    """Complaints filed and decided in each week from the campaign's start (a complaint
    filed before it counts in the first week) to this week or the last week complaints
    are accepted, whichever is sooner, or to the week the last one was filed."""
    filed = [timezone.localdate(t) for t in complaints.values_list("filed_at", flat=True)]
    decided = [
        timezone.localdate(t)
        for t in complaints.filter(state=State.DECIDED).values_list("decided_at", flat=True)
        if t is not None
    ]
    start = election.campaign_start
    last = max([min(timezone.localdate(at), last_day_to_file(election)), *filed])
    count = max((last - start).days // 7 + 1, 1)

    def index(day: dt.date) -> int:
        return min(max((day - start).days // 7, 0), count - 1)

    filed_in, decided_in = [0] * count, [0] * count
    for day in filed:
        filed_in[index(day)] += 1
    for day in decided:
        decided_in[index(day)] += 1
    return [
        Week(start + dt.timedelta(days=7 * n), filed_in[n], decided_in[n]) for n in range(count)
    ]


def complaint_statistics(election: Election, *, at: dt.datetime | None = None) -> Statistics:
    """Every figure of the statistics page for one election."""
    now = at or timezone.now()
    complaints = Complaint.objects.filter(election=election)
    total = complaints.count()
    decided = complaints.filter(state=State.DECIDED)
    durations = [
        (decided_at - filed_at).total_seconds() / 3600
        for filed_at, decided_at in decided.values_list("filed_at", "decided_at")
        if decided_at is not None
    ]
    categories = _counts(complaints, "category")
    regions = _counts(complaints, "region")
    states = _counts(complaints, "state")
    weeks = _weeks(election, complaints, now)
    return Statistics(
        total=total,
        decided=len(durations),
        within_deadline=decided.filter(decided_at__lte=F("deadline")).count(),
        overdue=complaints.filter(overdue_q(now)).count(),
        median_hours=round(stats.median(durations), 1) if durations else None,
        by_category=bar_chart(
            _("Complaints by kind of violation"),
            [
                Bar(str(label), categories.get(code, 0), _share(categories.get(code, 0), total))
                for code, label in Category.choices
            ],
        ),
        by_region=bar_chart(
            _("Complaints by region"),
            [
                Bar(region_label(code), regions[code], _share(regions[code], total))
                for code in region_codes()
                if regions.get(code)
            ],
        ),
        by_state=bar_chart(
            _("Complaints by state"),
            [
                Bar(str(label), states.get(code, 0), _share(states.get(code, 0), total))
                for code, label in State.choices
            ],
        ),
        weeks=weeks,
        by_week=bar_chart(
            _("Complaints filed week by week"),
            [Bar(week.start.isoformat(), week.filed) for week in weeks],
        ),
        answers=list(
            decided.filter(answer_public=True).order_by("-decided_at", "-pk")[:PUBLIC_ANSWERS]
        ),
    )
