"""Every candidate of an election with the commission's decision on registering them:
`/{lang}/elections/{election}/candidates/`, filtered by party and by decision, a page at a
time. A refusal shows the rule and the article it rests on, never the register's record
behind it (no birth date, citizenship or conviction); the people a party replaced are listed
under their former place."""

from __future__ import annotations

from collections import Counter

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from talapker.candidates.selectors import STATUS_LABELS
from talapker.disclosure import selectors
from talapker.disclosure.views import _not_found_if_missing
from talapker.parties.models import Party

PER_PAGE = 100  # a page of 100 rows stays well under the 150 KB a page may weigh


@require_safe
@_not_found_if_missing
def election_candidates(request: HttpRequest, election: str) -> HttpResponse:
    found = selectors.election_get(code=election)
    parties = list(Party.objects.filter(election=found).order_by("ballot_position", "code"))
    names = {p.code: p for p in parties}
    party = request.GET.get("party", "")
    party = party if party in names else ""
    status = request.GET.get("status", "")
    status = status if status in STATUS_LABELS else ""
    listed = selectors.candidates_for_election(election=found, party=party)
    counts = Counter(c.status for c in listed)
    candidates = [c for c in listed if c.status == status] if status else listed
    page = Paginator(candidates, PER_PAGE).get_page(request.GET.get("page"))
    query = "&".join(f"{k}={v}" for k, v in (("party", party), ("status", status)) if v)
    return render(
        request,
        "disclosure/candidates.html",
        {
            "election": found,
            "parties": parties,
            "rows": [{"c": c, "party": names[c.party]} for c in page.object_list],
            "party": party,
            "status": status,
            "statuses": [
                {"code": code, "label": label, "count": counts.get(code, 0)}
                for code, label in STATUS_LABELS.items()
            ],
            "page": page,
            "query": query,
            "replaced": [
                {"r": r, "party": names[r.party]}
                for r in selectors.replaced_candidates(election=found)
            ],
        },
    )
