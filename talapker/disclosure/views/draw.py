"""The ballot-order lot draw of an election: `/{lang}/elections/{election}/draw/` and its
protocol as a file, `…/draw/protocol.json` (docs/draw.md).

Before the draw the page shows the commitment (the SHA-256 of the secret), so that anyone can
note it; after, the witnesses' inputs, the seed, the order and the protocol to download and
re-check at home with `docs/verify_draw.py`. The secret is never shown before the draw.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from talapker.disclosure import selectors
from talapker.disclosure.views import _not_found_if_missing
from talapker.lotdraw.models import BallotDraw
from talapker.parties.models import Party


@require_safe
@_not_found_if_missing
def election_draw(request: HttpRequest, election: str) -> HttpResponse:
    found = selectors.election_get(code=election)
    draw = BallotDraw.objects.filter(election=found).first()
    parties = {party.code: party for party in Party.objects.filter(election=found)}
    order = [parties[code] for code in draw.order if code in parties] if draw else []
    return render(
        request,
        "disclosure/draw.html",
        {"election": found, "draw": draw, "order": order, "parties": len(parties)},
    )


@require_safe
@_not_found_if_missing
def draw_protocol(request: HttpRequest, election: str) -> HttpResponse:
    found = selectors.election_get(code=election)
    draw = BallotDraw.objects.filter(election=found, protocol__isnull=False).first()
    if draw is None:
        raise Http404("no draw yet")
    response = JsonResponse(draw.protocol, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="draw-{found.code}.json"'
    return response
