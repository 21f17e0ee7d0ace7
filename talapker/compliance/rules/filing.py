"""Filing rules (rules.md): reports filed after their deadline, and reports due by now that
were not filed. Deadlines are the election's parameters."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from talapker.compliance.registry import Hit, Scope, family, rule
from talapker.filings.models import ReportKind, ReportVersion
from talapker.filings.services import due_date
from talapker.funds.models import Fund

ART = "CL Art. 41(20)"
rule(
    "REPORT_LATE", "warning", _("Report filed late"),
    _("%(kind)s (receipt %(receipt)s) was filed on %(filed_on)s; it was due by %(due_on)s."),
    ART,
)  # fmt: skip
rule(
    "REPORT_MISSING", "violation", _("Report not filed"),
    _("%(kind)s was due by %(due_on)s and has not been filed."), ART,
)  # fmt: skip


@family("filing")
def find(scope: Scope) -> Iterator[Hit]:
    if not scope.persist:
        return
    funds = Fund.objects.filter(pk__in=scope.fund_ids).select_related("election")
    first = {
        (v.report.fund_id, v.report.kind): v
        for v in ReportVersion.objects.filed()
        .filter(report__fund__in=funds, number=1)
        .select_related("report")
    }
    for fund in funds:
        for kind in ReportKind.values:
            version = first.get((fund.pk, kind))
            due = due_date(fund, kind)
            if version is None:
                if due < scope.today:
                    evidence = {"kind": kind, "due_on": due.isoformat()}
                    yield Hit("REPORT_MISSING", fund.pk, "report", "", None, evidence, kind)
            elif version.is_late and version.filed_at is not None:
                evidence = {
                    "kind": kind,
                    "receipt": version.receipt or "",
                    "filed_on": timezone.localdate(version.filed_at).isoformat(),
                    "due_on": due.isoformat(),
                }
                yield Hit("REPORT_LATE", fund.pk, "report", "", None, evidence, kind)
