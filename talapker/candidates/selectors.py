"""Candidates with the commission's decision in force: the latest decision on the person now
at the place (a decision on someone the party replaced does not carry over to their
successor). Annotated in the query, so a list of any length costs one statement."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import pgettext_lazy

from talapker.candidates.models import CandidateDecision, Decision

PENDING = "pending"
STATUS_LABELS: dict[str, Any] = {
    PENDING: pgettext_lazy("candidate", "under review"),
    **dict(Decision.choices),
}


def with_status(candidates: QuerySet[Any, Any]) -> QuerySet[Any, Any]:
    """The candidates annotated with `decision` (a `Decision` value, or None before any)
    and `decision_rule` (the rule a refusal names, else "")."""
    latest = CandidateDecision.objects.filter(
        candidate=OuterRef("pk"), person_ref=OuterRef("person_ref")
    ).order_by("-decided_at", "-pk")
    return candidates.annotate(
        decision=Subquery(latest.values("decision")[:1]),
        decision_rule=Subquery(latest.values("rule")[:1]),
    )


def status_of(decision: str | None) -> str:
    return decision or PENDING
