"""Running the preliminary analysis: every family of rules over a scope, then the findings
merged into what earlier runs found.

`screen(election, fund=None)` screens the standing report of every fund (or of one) and the
fund's reconciliation; `screen_draft(draft)` runs the same contribution rules over a draft
before it is filed and stores nothing. A finding is identified by its key (rule, fund,
source, line): a re-run updates it, keeps its review state, and marks inactive the findings
it no longer produces.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from talapker.audit.services import audit_record
from talapker.compliance.models import Finding, ScreeningRun
from talapker.compliance.registry import FAMILIES, RULES, Hit, Scope, load_rules
from talapker.compliance.rules.money import refunds_due
from talapker.core.planner import planner_settings, whole_set_settings
from talapker.elections.models import Election
from talapker.filings.models import ReportVersion
from talapker.funds.models import Fund

SEVERITY_ORDER = {"violation": 0, "warning": 1, "notice": 2}


def hits_for(scope: Scope) -> list[Hit]:
    """Every hit of every family in the scope, refunds last (they read the others)."""
    load_rules()
    hits: list[Hit] = []
    with planner_settings(whole_set_settings()):
        for finder in FAMILIES.values():
            hits.extend(finder(scope))
        hits.extend(refunds_due(scope, hits))
    return hits


def finding_key(hit: Hit, fund_code: str) -> str:
    return "|".join((hit.rule, fund_code, hit.source, hit.line, hit.key_extra))


def as_data(
    rule: str,
    severity: str,
    fund: str,
    source: str,
    line: str,
    amount: Decimal | None,
    evidence: dict[str, Any],
) -> dict[str, Any]:
    """A finding as rules.md gives it ("Findings as data")."""
    line_value: int | str | None = line or None
    if line and line.isdigit() and source != "bank":
        line_value = int(line)
    facts = dict(evidence)
    facts.setdefault("line", line or "—")
    if amount is not None:
        facts.setdefault("amount", str(amount))
    return {
        "rule": rule,
        "severity": severity,
        "fund": fund,
        "source": source,
        "line": line_value,
        "amount": None if amount is None else f"{amount:.2f}",
        "evidence": evidence,
        "explanation": RULES[rule].explain(facts),
    }


def _scope(election: Election, funds: Iterable[Fund], persist: bool = True) -> Scope:
    fund_ids = tuple(sorted(f.pk for f in funds))
    versions = ReportVersion.objects.standing().filter(report__fund_id__in=fund_ids)
    version_ids = tuple(sorted(versions.values_list("pk", flat=True)))
    return Scope(election, fund_ids, version_ids, timezone.localdate(), persist)


def screen(election: Election, fund: Fund | None = None, *, trigger: str = "") -> ScreeningRun:
    """Screen the election (or one fund) and store the findings (see the module docstring)."""
    funds = [fund] if fund is not None else list(election.funds.all())
    codes = {f.pk: f.code for f in funds}
    started, clock = timezone.now(), time.perf_counter()
    scope = _scope(election, funds)
    hits = {finding_key(h, codes[h.fund_id]): h for h in hits_for(scope)}
    with transaction.atomic():
        run = ScreeningRun.objects.create(
            election=election, fund=fund, trigger=trigger[:64], started_at=started
        )
        known = {
            f.key: f
            for f in Finding.objects.select_for_update().filter(
                election=election, fund_id__in=codes
            )
        }
        new, changed = [], []
        for key, hit in hits.items():
            finding = known.get(key)
            if finding is None:
                new.append(_finding(election, key, hit, run))
                continue
            finding.severity = RULES[hit.rule].severity
            finding.amount, finding.evidence = hit.amount, _jsonable(hit.evidence)
            finding.active, finding.last_run = True, run
            changed.append(finding)
        gone = [f for key, f in known.items() if key not in hits and f.active]
        for finding in gone:
            finding.active = False
        Finding.objects.bulk_create(new, batch_size=1000)
        Finding.objects.bulk_update(
            changed + gone,
            ["severity", "amount", "evidence", "active", "last_run"],
            batch_size=1000,
        )
        run.found, run.new, run.resolved = len(hits), len(new), len(gone)
        run.seconds = round(time.perf_counter() - clock, 3)
        run.save(update_fields=["found", "new", "resolved", "seconds"])
        audit_record(
            "screening.run",
            actor=trigger or "screening",
            object_type="compliance.screeningrun",
            object_id=str(run.pk),
            data={
                "election": election.code,
                "fund": fund.code if fund else None,
                "found": run.found,
                "new": run.new,
                "resolved": run.resolved,
            },
        )
    return run


def _jsonable(evidence: dict[str, Any]) -> dict[str, Any]:
    import json

    return dict(json.loads(json.dumps(evidence, default=str)))


def _finding(election: Election, key: str, hit: Hit, run: ScreeningRun) -> Finding:
    return Finding(
        election=election,
        fund_id=hit.fund_id,
        key=key,
        rule=hit.rule,
        severity=RULES[hit.rule].severity,
        source=hit.source,
        line=hit.line,
        amount=hit.amount,
        evidence=_jsonable(hit.evidence),
        active=True,
        first_run=run,
        last_run=run,
    )


def screen_draft(draft: ReportVersion) -> list[dict[str, Any]]:
    """The findings the commission's rules give for a draft's rows, stored nowhere."""
    fund = draft.report.fund
    scope = Scope(fund.election, (fund.pk,), (draft.pk,), timezone.localdate(), persist=False)
    found = [
        as_data(
            h.rule,
            RULES[h.rule].severity,
            fund.code,
            h.source,
            h.line,
            h.amount,
            _jsonable(h.evidence),
        )
        for h in hits_for(scope)
    ]
    return sorted(found, key=_order)


def _order(item: dict[str, Any]) -> tuple[Any, ...]:
    line = item["line"]
    return (
        SEVERITY_ORDER[item["severity"]],
        item["fund"],
        item["source"],
        (0, line, "") if isinstance(line, int) else (1, 0, str(line or "")),
        item["rule"],
    )


def findings_data(election: Election, fund: Fund | None = None) -> list[dict[str, Any]]:
    """The active findings as data, in a stable order (for `talapker screen --json`)."""
    load_rules()
    findings = Finding.objects.filter(election=election, active=True).select_related("fund")
    if fund is not None:
        findings = findings.filter(fund=fund)
    data = []
    for f in findings:
        item = as_data(f.rule, f.severity, f.fund.code, f.source, f.line, f.amount, f.evidence)
        item["review"] = f.review
        data.append(item)
    return sorted(data, key=_order)
