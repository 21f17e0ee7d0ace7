"""The demonstration commission's decisions on every candidate, two weeks into the campaign:
a candidate screening found in breach of a requirement is refused, naming the first such
rule; one the register records as dead is replaced by the party; a person on two lists stays
on the list of the party that comes first by code and is refused on the other; everyone else
is registered (a name that differs from the register was checked against the passport).
Idempotent: a candidate with a decision in force is left alone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils import timezone

from talapker.candidates.models import Candidate, Decision
from talapker.candidates.selectors import with_status
from talapker.compliance.candidate_decisions import candidate_decide
from talapker.compliance.models import Finding, Severity
from talapker.elections.models import Election

ACTOR = "commission"
REGISTERED = "The documents and the registers were checked (demonstration)."
NAME_CHECKED = "The name was checked against the passport (demonstration)."
REFUSED = "Registration refused under the rule named (demonstration)."
REPLACED = "The party withdrew the candidate and named another (demonstration)."
FIRST_OF_TWO = "Stands on this list; withdrew from the other (demonstration)."


def demo_candidate_decisions(election: Election, say: Callable[[str], None]) -> int:
    """Decide on every undecided candidate; return how many were decided."""
    found: dict[tuple[str, str], list[Finding]] = {}
    findings = Finding.objects.filter(election=election, source="candidate", active=True)
    for f in findings.select_related("fund").order_by("rule"):
        found.setdefault((f.fund.code, f.line), []).append(f)
    at = timezone.make_aware(
        dt.datetime.combine(election.campaign_start + dt.timedelta(days=14), dt.time(15))
    )
    candidates = with_status(Candidate.objects.filter(party__election=election))
    decided = 0
    for c in candidates.filter(decision=None).select_related("party").order_by("pk"):
        own = found.get((c.party.code, str(c.position)), [])
        rules = {f.rule for f in own}
        violations = sorted(f.rule for f in own if f.severity == Severity.VIOLATION)
        if "CANDIDATE_DECEASED" in rules:
            candidate_decide(c, Decision.REPLACED, REPLACED, actor=ACTOR, at=at)
        elif violations == ["CANDIDATE_ON_TWO_LISTS"] and _first_list(c, own):
            candidate_decide(c, Decision.REGISTERED, FIRST_OF_TWO, actor=ACTOR, at=at)
        elif violations:
            candidate_decide(c, Decision.REFUSED, REFUSED, rule=violations[0], actor=ACTOR, at=at)
        else:
            reason = NAME_CHECKED if rules else REGISTERED
            candidate_decide(c, Decision.REGISTERED, reason, actor=ACTOR, at=at)
        decided += 1
    if decided:
        say(f"the demo commission decided on {decided} candidates")
    return decided


def _first_list(candidate: Candidate, own: list[Finding]) -> bool:
    """Whether the candidate's party comes first, by code, of the lists that name them."""
    two = next(f for f in own if f.rule == "CANDIDATE_ON_TWO_LISTS")
    return candidate.party.code < min(two.evidence["parties"])
