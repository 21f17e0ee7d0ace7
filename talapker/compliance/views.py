"""The auditors' pages on findings (auditors and administrators only): an election's queue
of active findings, and one finding with its evidence, its review and the party's response.

The public is sent to the login page, a signed-in user without a staff role gets 403. The
pages are never cached. The writes are `services.finding_review` and
`services.finding_response`, both audit-logged.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, QuerySet, Value, When
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from talapker.accounts.decorators import staff_only
from talapker.compliance.engine import SEVERITY_ORDER, as_data
from talapker.compliance.evidence import evidence_items
from talapker.compliance.forms import ALL, QueueFilterForm, ResponseForm, ReviewForm
from talapker.compliance.models import Finding, Severity
from talapker.compliance.registry import LANGUAGES, RULES, article_text, load_rules
from talapker.compliance.services import finding_response, finding_review
from talapker.core.forms import form_saved
from talapker.elections.models import Election

FINDINGS_PER_PAGE = 100
SEVERITY_RANK = Case(
    *(When(severity=code, then=Value(rank)) for code, rank in SEVERITY_ORDER.items()),
    default=Value(len(SEVERITY_ORDER)),
    output_field=IntegerField(),
)


def page_language() -> str:
    language = (get_language() or "en").split("-")[0]
    return language if language in LANGUAGES else "en"


def rule_title(code: str) -> str:
    """The rule's title in the active language, or its code if the rule is unknown."""
    rule = RULES.get(code)
    return str(rule.title) if rule else code


def _queue(election: Election, chosen: dict[str, str]) -> QuerySet[Finding]:
    findings = Finding.objects.filter(election=election, active=True)
    if chosen["review"] != ALL:
        findings = findings.filter(review=chosen["review"])
    return findings


@never_cache
@staff_only  # before the method check: whoever is not staff is refused whatever the method
@require_safe
def queue(request: HttpRequest, election: str) -> HttpResponse:
    """The active findings of an election, worst first, with counts by severity and fund."""
    load_rules()
    found = get_object_or_404(Election, code=election)
    funds = list(found.funds.select_related("party"))
    filter_form = QueueFilterForm(request.GET, funds=[(f.code, str(f)) for f in funds])
    chosen = filter_form.chosen()
    reviewed = _queue(found, chosen)
    # The counts: of the chosen review state, one aggregate query each.
    by_severity = dict(
        reviewed.values_list("severity").annotate(n=Count("pk")).values_list("severity", "n")
    )
    by_fund = dict(
        reviewed.values_list("fund__code").annotate(n=Count("pk")).values_list("fund__code", "n")
    )
    rows = reviewed
    if chosen["severity"]:
        rows = rows.filter(severity=chosen["severity"])
    if chosen["fund"]:
        rows = rows.filter(fund__code=chosen["fund"])
    rows = rows.select_related("fund__party").order_by(
        SEVERITY_RANK, "fund__code", "rule", "line", "pk"
    )
    page = Paginator(rows, FINDINGS_PER_PAGE).get_page(request.GET.get("page"))
    query = {k: v for k, v in chosen.items() if v}
    context = {
        "election": found,
        "filter_form": filter_form,
        "chosen": chosen,
        "query": urlencode(query),
        "severity_counts": [
            {"code": code, "label": label, "count": by_severity.get(code, 0)}
            for code, label in Severity.choices
        ],
        "fund_counts": [
            {"fund": f, "count": by_fund[f.code]} for f in funds if by_fund.get(f.code)
        ],
        "total_count": sum(by_severity.values()),
        "page": page,
        "rows": [{"finding": f, "title": rule_title(f.rule)} for f in page.object_list],
    }
    return render(request, "findings/queue.html", context)


@never_cache
@staff_only
@require_http_methods(["GET", "HEAD", "POST"])
def finding_detail(request: HttpRequest, election: str, pk: int) -> HttpResponseBase:
    """One finding; on POST its review or the party's response, then back here."""
    load_rules()
    finding = get_object_or_404(
        Finding.objects.select_related("election", "fund__party"), pk=pk, election__code=election
    )
    review_form: Form = ReviewForm(initial={"review": finding.review})
    response_form: Form = ResponseForm(
        initial={
            "response": finding.party_response,
            "refunded_amount": finding.refunded_amount,
            "refunded_on": finding.refunded_on,
        }
    )
    if request.method == "POST":
        actor = request.user.get_username()
        if request.POST.get("action") == "response":
            response_form = ResponseForm(request.POST)
            if form_saved(response_form, lambda data: finding_response(
                finding,
                data["response"],
                refunded_amount=data["refunded_amount"],
                refunded_on=data["refunded_on"],
                actor=actor,
            )):  # fmt: skip
                messages.success(request, _("The party's response is recorded."))
                return redirect("findings:detail", election, finding.pk)
        else:
            review_form = ReviewForm(request.POST)
            if form_saved(review_form, lambda data: finding_review(
                finding, data["review"], data["reason"], actor=actor
            )):  # fmt: skip
                messages.success(request, _("The review is recorded."))
                return redirect("findings:detail", election, finding.pk)
    rule = RULES.get(finding.rule)
    explanation = ""
    if rule is not None:
        data = as_data(
            finding.rule,
            finding.severity,
            finding.fund.code,
            finding.source,
            finding.line,
            finding.amount,
            finding.evidence,
        )
        explanation = data["explanation"][page_language()]
    context = {
        "election": finding.election,
        "finding": finding,
        "title": rule_title(finding.rule),
        "explanation": explanation,
        "article": article_text(rule.article) if rule else "",
        "evidence": evidence_items(finding.evidence),
        "review_form": review_form,
        "response_form": response_form,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "findings/detail.html", context, status=status)
