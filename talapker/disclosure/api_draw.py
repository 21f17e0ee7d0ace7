"""`GET elections/{election}/draw`: the ballot-order lot draw (docs/draw.md).

`status` is `none` (no commitment yet), `committed` (the commitment is published, the draw
not held: the secret is not given) or `drawn` (the whole protocol, which `verify-draw` and
`docs/verify_draw.py` re-check)."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from talapker.elections.models import Election
from talapker.lotdraw.models import BallotDraw


def draw_state(election: Election) -> dict[str, Any]:
    draw = BallotDraw.objects.filter(election=election).first()
    if draw is None:
        return {"election": election.code, "status": "none"}
    if not draw.drawn or draw.protocol is None:
        return {
            "election": election.code,
            "status": "committed",
            "commitment": draw.commitment,
            "committed_at": draw.committed_at.isoformat(),
        }
    return {"status": "drawn", **draw.protocol}


class DrawDetail(APIView):
    """The election's ballot-order draw: its commitment, then its protocol."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request, election: str) -> Response:
        return Response(draw_state(get_object_or_404(Election, code=election)))
