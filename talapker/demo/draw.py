"""The demonstration's ballot-order draw: committed, then held with two witnesses' inputs, as
the commission holds it in public (docs/draw.md). Idempotent: an election drawn already is
left as it is (a second draw is refused by design)."""

from __future__ import annotations

from collections.abc import Callable

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
    if held is None:
        commit(election, ACTOR)
    drawn = draw(election, WITNESSES, ACTOR)
    say(f"drew the ballot order: {', '.join(drawn.order)}")
    return True
