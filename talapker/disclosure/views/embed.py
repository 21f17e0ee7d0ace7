"""A fund's money as a small page that news sites frame: `…/parties/{p}/finance/embed/`.

The gauges against the legal caps and the totals, from the fund's standing version, as on
its finance page, without the site's header and footer, a few kilobytes, readable without
JavaScript. It is the one page that any site may frame: its own policy says
`frame-ancestors *` and it sends no `X-Frame-Options`; every other page still refuses to
be framed (settings: `X_FRAME_OPTIONS`, the policy's `frame-ancestors 'none'`), so no one
can frame a page with a form or a sign-in under their own.
"""

from __future__ import annotations

from typing import Any

from csp.decorators import csp_replace
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from talapker.disclosure import money
from talapker.disclosure.charts import gauge
from talapker.disclosure.views import _not_found_if_missing
from talapker.disclosure.views.finance import _party_and_fund


@require_safe
@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})
@_not_found_if_missing
def fund_embed(request: HttpRequest, election: str, party: str) -> HttpResponse:
    found, fund = _party_and_fund(election, party)
    (fund_money,) = money.funds_money(found.election, [fund])
    page = reverse("disclosure:fund-finance", kwargs={"election": election, "party": party})
    context: dict[str, Any] = {
        "election": found.election,
        "party": found,
        "money": fund_money,
        "page": request.build_absolute_uri(page),
    }
    if fund_money.filed:
        context["gauges"] = [
            gauge(fund_money.raised.value, fund_money.raised.cap, label=_("Raised"), key="raised"),
            gauge(fund_money.spent.value, fund_money.spent.cap, label=_("Spent"), key="spent"),
        ]
    return render(request, "disclosure/embed.html", context)
