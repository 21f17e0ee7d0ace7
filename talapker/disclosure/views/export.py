"""The contributions a search finds, as one CSV file: every row, streamed in chunks, so a
whole election's million contributions download without a cap and in flat memory.

No PIN: a donor is given by the name as filed, the kind and the public id (decision 0010). A
text that a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a carriage
return) is written with a leading apostrophe, so it opens as text."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from typing import Any

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.views.decorators.http import require_safe

from talapker.banking.models import Transaction
from talapker.core.api.tabular import as_text, csv_lines
from talapker.disclosure import transactions
from talapker.disclosure.donors import donor_refs
from talapker.disclosure.views import _not_found_if_missing
from talapker.elections.models import Election
from talapker.filings.models import ReportVersion

CHUNK = 2000
COLUMNS = (
    "party", "fund", "report", "version", "line", "date", "donor_name", "donor_kind",
    "donor_ref", "amount", "method", "status",
)  # fmt: skip


def _rows(found: Any, versions: dict[int, ReportVersion]) -> Iterator[list[str]]:
    items = found.iterator(chunk_size=CHUNK)
    while chunk := list(islice(items, CHUNK)):
        refs = donor_refs(c.donor_id for c in chunk)
        statuses = dict(
            Transaction.objects.filter(contribution__in=[c.pk for c in chunk]).values_list(
                "contribution_id", "status"
            )
        )
        for c in chunk:
            version = versions[c.version_id]
            party = version.report.fund.party
            yield [
                as_text(party.code if party else ""),
                as_text(version.report.fund.code if party else ""),  # a candidate's: a PIN
                version.report.kind,
                str(version.number),
                str(c.line),
                c.date.isoformat(),
                as_text(c.donor_name),
                c.donor_kind,
                refs.get(c.donor_id, ""),
                format(c.amount, "f"),
                c.method,
                statuses.get(c.pk, ""),
            ]


@require_safe
@_not_found_if_missing
def contributions_csv(request: HttpRequest, election: str) -> HttpResponse | StreamingHttpResponse:
    found = Election.objects.get(code=election)
    form = transactions.ContributionQuery(request.GET or None)
    if request.GET and not form.is_valid():
        return HttpResponse(form.errors.as_text(), status=400, content_type="text/plain")
    ids = transactions.standing_versions(election=found)
    versions = {
        v.pk: v
        for v in ReportVersion.objects.filter(pk__in=ids).select_related("report__fund__party")
    }
    rows = transactions.contributions(ids, form.cleaned_data if request.GET else {})
    response = StreamingHttpResponse(
        csv_lines(COLUMNS, _rows(rows, versions)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{found.code}-contributions.csv"'
    return response
