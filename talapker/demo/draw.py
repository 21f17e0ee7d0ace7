"""The demonstration's ballot-order draw: committed, then held with two witnesses' inputs, as
the commission holds it in public (docs/draw.md). Idempotent: an election drawn already is
left as it is (a second draw is refused by design)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils import timezone

from talapker.elections.models import Election
from talapker.lotdraw.models import BallotDraw
from talapker.lotdraw.services import commit, draw

ACTOR = "demo"
WITNESSES = ("Ата-Журттун өкүлү: 4417", "байкоочу: бүркүт")  # what was called out in the hall


def demo_draw(election: Election, say: Callable[[str], None]) -> bool:
    """Commit and draw the ballot order unless it is drawn; return whether it was drawn now."""
    held = BallotDraw.objects.filter(election=election).first()
    if held is not None and held.drawn:
        return False
    # As in 2020, the draw falls before the campaign: committed one day, held the next.
    day = election.campaign_start - dt.timedelta(days=15)
    if held is None:
        commit(election, ACTOR, at=_at(day, 10))
    drawn = draw(election, WITNESSES, ACTOR, at=_at(day + dt.timedelta(days=1), 11))
    say(f"drew the ballot order: {', '.join(drawn.order)}")
    return True


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))
