"""The election's political ads: `/{lang}/elections/{election}/ads/`.

Per party, what its ads cost (the ad libraries' ranges, in som) beside the online
advertising it declared, as a chart with its table; the payers ranked by what their ads may
have cost; and every ad, searched, sorted and paged by a GET form (no JavaScript, an address
a journalist can share). What is published about an ad and its payer: `ad_list.py`.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from talapker.disclosure import ad_charts, ad_list, selectors
from talapker.disclosure.views import _not_found_if_missing

PAYERS = 10  # payers ranked on the page; the API and its files have every ad


@require_safe
@_not_found_if_missing
def election_ads(request: HttpRequest, election: str) -> HttpResponse:
    found = selectors.election_get(code=election)
    form = ad_list.AdQuery(request.GET or None, found)
    data = form.cleaned_data if form.is_valid() else {}
    page = Paginator(ad_list.ads(found, data), ad_list.PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    spends = ad_list.party_spend(found)
    context: dict[str, Any] = {
        "election": found,
        "form": form,
        "page": page,
        "rows": rows,
        "findings": ad_list.findings_of(found, [ad.ad_id for ad in rows]),
        "spends": spends,
        "outspending": [s for s in spends if s.outspends],
        "chart": ad_charts.ads_chart(spends),
        "payers": ad_list.payers_ranked(found, limit=PAYERS),
        "total": found.ads.count(),
    }
    return render(request, "disclosure/ads.html", context)
