"""The commission's pages on candidates (auditors and administrators only): every candidate of
an election with what screening found and the decision in force, and one candidate with the
findings, the decisions so far and the form for the next (`candidate_decisions.py`)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from talapker.accounts.decorators import staff_only
from talapker.candidates.models import Candidate, CandidateDecision
from talapker.compliance.candidate_decisions import (
    candidate_decide,
    candidate_findings,
    latest_decision,
)
from talapker.compliance.forms import CandidateDecisionForm
from talapker.compliance.models import Finding
from talapker.compliance.registry import RULES, article_text, load_rules
from talapker.compliance.views import rule_title
from talapker.core.forms import form_saved
from talapker.elections.models import Election

CANDIDATES_PER_PAGE = 100
SHOWN = {"found": gettext_lazy("with findings"), "undecided": gettext_lazy("not yet decided")}


@never_cache
@staff_only
@require_safe
def candidate_queue(request: HttpRequest, election: str) -> HttpResponse:
    """Every candidate of the election, list by list, with findings and the decision."""
    load_rules()
    found = get_object_or_404(Election, code=election)
    show = request.GET.get("show", "found")
    show = show if show in SHOWN or show == "all" else "found"
    rules: dict[tuple[int, str], list[str]] = defaultdict(list)
    findings = Finding.objects.filter(election=found, source="candidate", active=True)
    for party_id, line, rule in findings.values_list("fund__party_id", "line", "rule"):
        rules[party_id, line].append(rule)
    decided: dict[int, CandidateDecision] = {}
    for d in CandidateDecision.objects.filter(election=found).order_by("decided_at", "pk"):
        if d.candidate_id is not None:
            decided[d.candidate_id] = d  # the latest wins
    rows = []
    candidates = Candidate.objects.filter(party__election=found).select_related("party")
    for c in candidates.order_by("party__ballot_position", "party__code", "position"):
        decision = decided.get(c.pk)
        if decision is not None and decision.person_ref != c.person_ref:
            decision = None  # decided on the person the party replaced
        own = rules.get((c.party_id, str(c.position)), [])
        if show == "found" and not own:
            continue
        if show == "undecided" and decision is not None:
            continue
        titles = [rule_title(r) for r in sorted(own)]
        rows.append({"candidate": c, "titles": titles, "decision": decision})
    parties = {p.pk: p for p in found.parties.all()}
    list_rules = [
        {"party": parties[party_id], "title": rule_title(rule)}
        for (party_id, line), found_rules in sorted(rules.items())
        if not line
        for rule in sorted(found_rules)
    ]
    page = Paginator(rows, CANDIDATES_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "election": found,
        "show": show,
        "choices": [("all", _("all")), *SHOWN.items()],
        "page": page,
        "rows": page.object_list,
        "list_rules": list_rules,
        "query": f"show={show}",
    }
    return render(request, "findings/candidates.html", context)


@never_cache
@staff_only
@require_http_methods(["GET", "HEAD", "POST"])
def candidate_review(
    request: HttpRequest, election: str, party: str, position: int
) -> HttpResponseBase:
    """One candidate: the findings, the decisions so far, and the next decision."""
    load_rules()
    candidate = get_object_or_404(
        Candidate.objects.select_related("party__election"),
        party__election__code=election,
        party__code=party,
        position=position,
    )
    findings = list(candidate_findings(candidate))
    choices = [(f.rule, f"{rule_title(f.rule)} ({f.rule})") for f in findings]
    form = CandidateDecisionForm(rules=choices)
    if request.method == "POST":
        form = CandidateDecisionForm(request.POST, rules=choices)
        if form_saved(form, lambda data: candidate_decide(
            candidate, data["decision"], data["reason"], rule=data["rule"],
            actor=request.user.get_username(),
        )):  # fmt: skip
            messages.success(request, _("The decision is recorded."))
            return redirect("findings:candidate", election, party, position)
    context: dict[str, Any] = {
        "election": candidate.party.election,
        "candidate": candidate,
        "findings": [
            {
                "finding": f,
                "title": rule_title(f.rule),
                "article": article_text(RULES[f.rule].article) if f.rule in RULES else "",
            }
            for f in findings
        ],
        "decision": latest_decision(candidate),
        "history": CandidateDecision.objects.filter(
            party=candidate.party, position=candidate.position
        ).order_by("-decided_at", "-pk"),
        "form": form,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "findings/candidate.html", context, status=status)
