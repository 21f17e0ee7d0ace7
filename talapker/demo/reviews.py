"""The demo auditor's decisions: one finding of each violation rule confirmed, so that the
public register of findings has entries a visitor can follow to their transactions, and the
rest left open (they show only as counts). One confirmed finding carries the party's answer
and a refund. Idempotent: a rule that already has a confirmed finding is left alone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from talapker.compliance.models import Finding, Review, Severity, Source
from talapker.compliance.services import finding_response, finding_review
from talapker.elections.models import Election

AUDITOR = "auditor"
REASON = "Checked against the bank statement and the registers (demonstration)."
RESPONSE = "Акчанын лимиттен ашкан бөлүгү салым кошуучуга кайтарылды."  # the party's own words


def demo_reviews(election: Election, say: Callable[[str], None]) -> int:
    """Confirm the first open finding (by key) of each violation rule; returns how many."""
    # Candidates' findings are reviewed by the commission's decisions on them (candidates.py).
    found = Finding.objects.filter(
        election=election, active=True, severity=Severity.VIOLATION
    ).exclude(source=Source.CANDIDATE)
    done = set(found.filter(review=Review.CONFIRMED).values_list("rule", flat=True))
    confirmed = 0
    for rule in sorted(set(found.values_list("rule", flat=True)) - done):
        first = found.filter(rule=rule, review=Review.OPEN).order_by("key").first()
        if first is None:
            continue
        finding_review(first, Review.CONFIRMED, REASON, actor=AUDITOR)
        if rule == "DONOR_CAP_EXCEEDED" and first.amount:
            finding_response(
                first,
                RESPONSE,
                refunded_amount=Decimal(first.evidence["excess"]),  # what went over the cap
                refunded_on=election.election_day - dt.timedelta(days=2),
                actor=AUDITOR,
            )
        confirmed += 1
    if confirmed:
        say(f"the demo auditor confirmed {confirmed} findings, one of each violation rule")
    return confirmed
