"""The commission's decisions on candidates (registered, refused, replaced by the party), each
with its reason and audit-logged in the same transaction, and what the screening found that a
decision rests on.

A refusal names one of the violations screening found for the candidate or their list (not a
death: the party replaces a candidate who died), and confirms that finding; a registration
dismisses the candidate's own open findings with the decision's reason (the commission weighed
them). A list finding stays open until it is reviewed: it
concerns the whole list, not the one candidate registered.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from talapker.audit.services import audit_record
from talapker.candidates.models import Candidate, CandidateDecision, Decision
from talapker.compliance.models import Finding, Review, Severity
from talapker.compliance.registry import RULES, load_rules
from talapker.compliance.services import finding_review


def candidate_findings(candidate: Candidate) -> QuerySet[Finding]:
    """The active findings on the candidate (the person now at their list position: a
    finding's key ends with the person's pseudonym) and on their list."""
    own = Q(line=str(candidate.position), key__endswith=f"|{candidate.person_ref}")
    return Finding.objects.filter(
        own | Q(line=""),
        fund__party_id=candidate.party_id,
        source="candidate",
        active=True,
    ).order_by("line", "rule")


def latest_decision(candidate: Candidate) -> CandidateDecision | None:
    """The decision in force on the person now at this place (None: not yet decided)."""
    return (
        CandidateDecision.objects.filter(candidate=candidate, person_ref=candidate.person_ref)
        .order_by("-decided_at", "-pk")
        .first()
    )


def candidate_decide(
    candidate: Candidate,
    decision: str,
    reason: str,
    *,
    rule: str = "",
    actor: str,
    at: dt.datetime | None = None,
) -> CandidateDecision:
    """Record the commission's decision on the candidate. `at` dates it otherwise than now:
    for the synthetic demonstration only, whose story is set in the campaign's weeks."""
    load_rules()
    if decision not in Decision.values:
        raise ValidationError(_("unknown decision %(decision)s"), params={"decision": decision})
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("give the reason for the decision"))
    if decision == Decision.REFUSED and rule == "CANDIDATE_DECEASED":
        raise ValidationError(
            _("a candidate the register records as dead is not refused: the party replaces them")
        )
    if decision != Decision.REFUSED:
        rule = ""
    with transaction.atomic():
        found = list(candidate_findings(candidate).select_for_update())
        grounds = None
        if decision == Decision.REFUSED:
            grounds = next(
                (f for f in found if f.rule == rule and f.severity == Severity.VIOLATION), None
            )
            if grounds is None:
                raise ValidationError(
                    _("a refusal names the rule it rests on, one of those screening found")
                )
        made = CandidateDecision.objects.create(
            election_id=candidate.party.election_id,
            party_id=candidate.party_id,
            candidate=candidate,
            position=candidate.position,
            pin=candidate.pin,
            person_ref=candidate.person_ref,
            full_name=candidate.full_name,
            decision=decision,
            rule=rule,
            article=RULES[rule].article if rule else "",
            reason=reason,
            decided_by=actor,
            decided_at=at or timezone.now(),
        )
        audit_record(
            "candidate.decided",
            actor=actor,
            object_type="candidates.candidate",
            object_id=f"{candidate.party.code}/{candidate.position}",
            data={"decision": decision, "rule": rule, "reason": reason},
        )
        if grounds is not None and grounds.review != Review.CONFIRMED:
            finding_review(grounds, Review.CONFIRMED, reason, actor=actor)
        if decision == Decision.REGISTERED:
            for f in found:
                if f.line and f.review == Review.OPEN:
                    finding_review(f, Review.DISMISSED, reason, actor=actor)
    return made
