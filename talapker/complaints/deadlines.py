"""When a complaint must be decided, from the election's rule parameters.

A complaint of category `c` is due `complaint_days_<c>` days after it was filed. One filed on
election day, or on the day before or after (Bishkek's dates), is due within
`complaint_election_day_hours` hours instead, if that is sooner: around the vote a violation
must be stopped while it can still change something. The deadline is fixed when the
complaint is filed and does not move when it is forwarded or while the complainant is asked
for more (docs/complaints.md, "Deadlines").

A complaint still open after its deadline is overdue (`overdue.py` escalates it).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from talapker.elections.models import Election

AROUND_ELECTION_DAY = 1  # days on each side of election day that shorten a deadline


def days_key(category: str) -> str:
    return f"complaint_days_{category}"


def deadline_for(election: Election, category: str, filed_at: dt.datetime) -> dt.datetime:
    """The moment by which a complaint of `category` filed at `filed_at` must be decided."""
    due = filed_at + dt.timedelta(days=int(election.rule(days_key(category))))
    filed_on = timezone.localdate(filed_at)
    if abs((filed_on - election.election_day).days) <= AROUND_ELECTION_DAY:
        hours = int(election.rule("complaint_election_day_hours"))
        due = min(due, filed_at + dt.timedelta(hours=hours))
    return due


def last_day_to_file(election: Election) -> dt.date:
    """The last day (Bishkek's date) on which complaints about the election are accepted."""
    days = int(election.rule("complaint_days_after_election"))
    return election.election_day + dt.timedelta(days=days)


def elections_open_for_complaints(*, at: dt.datetime | None = None) -> list[Election]:
    """The elections a complaint may be filed about now: every election not yet held, and
    those held no longer ago than `complaint_days_after_election`; the nearest first."""
    today = timezone.localdate(at)
    elections = Election.objects.order_by("election_day", "code")  # a handful, ever
    return [e for e in elections if last_day_to_file(e) >= today]
