"""The election's open data: `/{lang}/elections/{election}/data/` lists the snapshots (date,
files, sizes, SHA-256) and what every table and column holds, in the reader's language;
`…/data/{snapshot}/{file}` serves a file of a snapshot (`latest` names the newest).

A file is served only if the snapshot's SHA256SUMS lists its name (snapshot.py): a name from
the URL is looked up, never joined to a path, so `../` or an absolute path finds nothing.
"""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from talapker.disclosure import selectors
from talapker.elections.models import Election
from talapker.opendata.package import LICENSE, STANDARD
from talapker.opendata.snapshot import snapshot_get, snapshots_list
from talapker.opendata.standard import standard_tables

CONTENT_TYPES = {
    ".csv": "text/csv; charset=utf-8",
    ".parquet": "application/vnd.apache.parquet",
    ".json": "application/json",
}


@require_safe
def election_data(request: HttpRequest, election: str) -> HttpResponse:
    try:
        found = selectors.election_get(code=election)
    except Election.DoesNotExist:
        raise Http404 from None
    context = {
        "election": found,
        "snapshots": snapshots_list(found.code),
        "tables": standard_tables(),
        "license": LICENSE,
        "standard": STANDARD,
    }
    return render(request, "opendata/election_data.html", context)


@require_safe
def snapshot_file(request: HttpRequest, election: str, snapshot: str, name: str) -> FileResponse:
    if snapshot == "latest":
        listed = snapshots_list(election)
        found = listed[0] if listed else None
    else:
        found = snapshot_get(election, snapshot)
    path = found.file(name) if found else None
    if path is None:
        raise Http404
    response = FileResponse(path.open("rb"), as_attachment=True, filename=name)
    suffix = path.suffix
    if suffix == "" and name == "SHA256SUMS":
        response["Content-Type"] = "text/plain; charset=utf-8"
    elif suffix in CONTENT_TYPES:
        response["Content-Type"] = CONTENT_TYPES[suffix]
    return response
