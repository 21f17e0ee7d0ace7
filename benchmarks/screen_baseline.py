"""The merge of a screen's findings as it was before issue 9, kept as the baseline of
`rescreen.py`: every finding of the scope is read, and every one is written back in one
transaction, changed or not."""

from __future__ import annotations

import time
from typing import Any

from django.db import transaction
from django.utils import timezone

from talapker.compliance.engine import _jsonable, _scope, hits_for
from talapker.compliance.merge import finding_key
from talapker.compliance.models import Finding, ScreeningRun
from talapker.compliance.registry import RULES


def screen_rewriting_all(election: Any, fund: Any) -> float:
    """Screen one fund the old way; returns how long its write transaction lasted."""
    codes = {fund.pk: fund.code}
    scope = _scope(election, [fund])
    hits = {finding_key(h, codes[h.fund_id]): h.full() for h in hits_for(scope)}
    started = time.perf_counter()
    with transaction.atomic():
        run = ScreeningRun.objects.create(
            election=election, fund=fund, trigger="baseline", started_at=timezone.now()
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
    return round(time.perf_counter() - started, 3)


def _finding(election: Any, key: str, hit: Any, run: ScreeningRun) -> Finding:
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
