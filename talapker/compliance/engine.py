"""Running the preliminary analysis: every family of rules over a scope, then the findings
merged into what earlier runs found.

`screen(election, fund=None)` screens the standing report of every fund (or of one) and the
fund's reconciliation; `screen_draft(draft)` runs the same contribution rules over a draft
before it is filed and stores nothing. A finding is identified by its key (rule, fund,
source, line): a re-run writes only the findings whose facts changed, keeps every review
state, and marks inactive the findings it no longer produces (`merge.py`). Runs of one fund
take turns (`lease.py`). The rules read outside any transaction, so a screen holds a write
lock only for the short transactions of its merge.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from talapker.audit.services import audit_record
from talapker.compliance.lease import screening_lease
from talapker.compliance.merge import found_of, merge
from talapker.compliance.models import Finding, ScreeningRun
from talapker.compliance.registry import FAMILIES, RULES, Hit, Scope, load_rules
from talapker.compliance.rules.money import refunds_due
from talapker.core.planner import planner_settings, whole_set_settings
from talapker.elections.models import Election
from talapker.filings.models import ReportVersion
from talapker.funds.models import Fund
from talapker.results.checks import explanation
from talapker.results.models import PrecinctFlag

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
    if line and line.isdigit() and source not in ("bank", "ad"):  # a reference, an ad_id
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
    """Screen the election (or one fund) and merge the findings into the stored ones, writing
    only what changed, in short transactions (`merge.py`), under a lease on each fund."""
    funds = [fund] if fund is not None else list(election.funds.all())
    codes = {f.pk: f.code for f in funds}
    with screening_lease(list(codes)) as lease:
        started, clock = timezone.now(), time.perf_counter()
        scope = _scope(election, funds)
        found = found_of(hits_for(scope), codes)
        run = ScreeningRun.objects.create(
            election=election, fund=fund, trigger=trigger[:64], started_at=started
        )
        merged = merge(election, list(codes), found, run, renew=lease.renew)
        run.found, run.new, run.resolved = len(found), merged.new, merged.resolved
        run.changed, run.write_seconds = merged.changed, round(merged.write_seconds, 3)
        with transaction.atomic():
            run.seconds = round(time.perf_counter() - clock, 3)
            run.save(
                update_fields=["found", "new", "resolved", "changed", "write_seconds", "seconds"]
            )
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
                    "changed": run.changed,
                    "resolved": run.resolved,
                },
            )
    return run


def _jsonable(evidence: dict[str, Any]) -> dict[str, Any]:
    return dict(json.loads(json.dumps(evidence, default=str)))


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
        for h in map(Hit.full, hits_for(scope))
    ]
    return sorted(found, key=_order)


def _order(item: dict[str, Any]) -> tuple[Any, ...]:
    line = item["line"]
    return (
        SEVERITY_ORDER[item["severity"]],
        item["fund"] or "",
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
    if fund is None:
        data += protocol_findings(election)
    return sorted(data, key=_order)


def protocol_findings(election: Election) -> list[dict[str, Any]]:
    """The protocol rules' flags as findings (rules.md: no fund, `source` `protocol`, `line`
    the precinct's code). They are kept by the results app as protocols arrive
    (results/models.py `PrecinctFlag`), not by a screening run."""
    return [
        {
            "rule": f.rule,
            "severity": f.severity,
            "fund": None,
            "source": "protocol",
            "line": f.precinct,
            "amount": None,
            "evidence": f.evidence,
            "explanation": explanation(f.rule, f.evidence),
        }
        for f in PrecinctFlag.objects.filter(election=election)
    ]
