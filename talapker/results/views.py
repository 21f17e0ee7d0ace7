"""The public pages of the results: the results and seats (`/{lang}/elections/{e}/results/`),
the precincts with their protocols and flags (`…/results/precincts/`, one precinct's
versions at `…/results/precincts/{code}/`) and the forensics (`…/results/forensics/`)."""

from __future__ import annotations

import copy
import hashlib
from typing import Any

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count as Counted
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from talapker.core.countries import country_name
from talapker.elections.models import Election
from talapker.parties.models import Party
from talapker.results import checks, forensics, tally
from talapker.results.intake import as_data
from talapker.results.models import PrecinctFlag, Protocol
from talapker.results.standings import percent, standing
from talapker.voters.models import HOME, Precinct

PER_PAGE = 100
STATISTICS_KEPT = 24 * 3600  # seconds; a new protocol makes a new key long before they pass
# Raised whenever what `_statistics` keeps changes shape: servers of new code then never read
# what an older one left in the shared cache.
STATISTICS_SHAPE = 1


def _names(election: Election) -> dict[str, Party]:
    return {p.code: p for p in Party.objects.filter(election=election)}


@require_safe
def results(request: HttpRequest, election: str) -> HttpResponse:
    found = get_object_or_404(Election, code=election)
    now = standing(found)
    sums = tally.read(found.pk, [tally.REGION, tally.ABROAD_AREA, tally.HOME_AREA])
    stations = Precinct.objects.values("country", "region").annotate(n=Counted("id"))
    per_region: dict[str, int] = {}
    abroad_stations = 0
    for row in stations:
        if row["country"] == HOME:
            per_region[row["region"]] = per_region.get(row["region"], 0) + row["n"]
        else:
            abroad_stations += row["n"]
    parties = _names(found)
    areas = [(tally.REGION, r, r, n) for r, n in sorted(per_region.items())]
    areas.append((tally.ABROAD_AREA, "", "", abroad_stations))
    rows = [
        _area_row(sums.get((kind, area), {}), parties, name, n, kind == tally.ABROAD_AREA)
        for kind, area, name, n in areas
    ]
    flags = (
        PrecinctFlag.objects.filter(election=found)
        .values("rule")
        .annotate(n=Counted("id"))
        .order_by("rule")
    )
    return render(
        request,
        "results/results.html",
        {
            "election": found,
            "now": now,
            "parties": parties,
            "areas": rows,
            "flags": [(f["rule"], checks.title(f["rule"]), f["n"]) for f in flags],
        },
    )


def _area_row(
    items: dict[str, int], parties: dict[str, Party], name: str, stations: int, abroad: bool
) -> dict[str, Any]:
    votes = {code: items.get(f"party:{code}", 0) for code in parties}
    leader = max(votes, key=lambda c: votes[c]) if any(votes.values()) else None
    return {
        "name": name,
        "abroad": abroad,
        "reporting": items.get(tally.PRECINCTS, 0),
        "stations": stations,
        "turnout": percent(items.get("ballots_issued", 0), items.get("registered", 0)),
        "leader": parties[leader] if leader else None,
        "leader_percent": percent(votes[leader], items.get("ballots_issued", 0)) if leader else "",
    }


@require_safe
def precincts(request: HttpRequest, election: str) -> HttpResponse:
    found = get_object_or_404(Election, code=election)
    regions = sorted(
        set(Precinct.objects.filter(country=HOME).values_list("region", flat=True)) - {""}
    )
    region = request.GET.get("region", "")
    region = region if region in regions or region == "abroad" else ""
    flagged = request.GET.get("flagged") == "1"
    stations = Precinct.objects.all()
    if region == "abroad":
        stations = stations.exclude(country=HOME)
    elif region:
        stations = stations.filter(country=HOME, region=region)
    flag_rows = PrecinctFlag.objects.filter(election=found)
    if flagged:
        stations = stations.filter(code__in=flag_rows.values("precinct"))
    page = Paginator(stations.order_by("country", "region", "district", "code"), PER_PAGE)
    shown = page.get_page(request.GET.get("page"))
    codes = [s.code for s in shown.object_list]
    effective = {
        p.precinct: p
        for p in Protocol.objects.filter(election=found, effective=True, precinct__in=codes)
    }
    by_precinct: dict[str, list[str]] = {}
    for code, rule in flag_rows.filter(precinct__in=codes).values_list("precinct", "rule"):
        by_precinct.setdefault(code, []).append(checks.title(rule))
    rows = []
    for s in shown.object_list:
        p = effective.get(s.code)
        rows.append(
            {
                "s": s,
                "where": _where(s),
                "protocol": p,
                "turnout": percent(p.ballots_issued, p.registered) if p else "",
                "flags": by_precinct.get(s.code, []),
            }
        )
    return render(
        request,
        "results/precincts.html",
        {
            "election": found,
            "regions": regions,
            "region": region,
            "flagged": flagged,
            "page": shown,
            "rows": rows,
        },
    )


def _where(s: Precinct) -> str:
    if s.country == HOME:
        return ", ".join(x for x in (s.region, s.district) if x)
    return country_name(s.country)


@require_safe
def precinct(request: HttpRequest, election: str, code: str) -> HttpResponse:
    found = get_object_or_404(Election, code=election)
    station = Precinct.objects.filter(code=code).first()
    if station is None:
        raise Http404
    parties = _names(found)
    versions = []
    for p in Protocol.objects.filter(election=found, precinct=code).order_by("-received_at", "-pk"):
        data = as_data(p)
        versions.append(
            {
                "p": p,
                "numbers": [(key, getattr(p, key)) for key in tally.NUMBERS],
                "votes": [(parties.get(c), c, n) for c, n in p.votes.items()],
                "flags": [
                    (f.rule, checks.title(f.rule), f.evidence) for f in checks.control_flags(data)
                ],
            }
        )
    flags = [
        (f, checks.title(f.rule), _metrics(f.evidence, parties))
        for f in PrecinctFlag.objects.filter(election=found, precinct=code)
    ]
    return render(
        request,
        "results/precinct.html",
        {
            "election": found,
            "station": station,
            "where": _where(station),
            "versions": versions,
            "flags": flags,
        },
    )


def _named(table: list[dict[str, Any]], parties: dict[str, Party]) -> list[dict[str, Any]]:
    for row in table:
        for v in row["parties"]:
            v["name"] = parties[v["party"]].name
    return table


def _metrics(evidence: dict[str, Any], parties: dict[str, Party]) -> list[tuple[str, str, str]]:
    """An outlier's metrics as a reader names them: turnout, or a party's share."""
    named = []
    for m in evidence.get("metrics", []):
        metric = m.get("metric", "")
        party = parties.get(metric.removeprefix("party:"))
        if metric == forensics.TURNOUT:
            label = str(_("turnout"))
        else:
            label = _("share of %(party)s") % {"party": party.name if party else "—"}
        named.append((label, m.get("value", ""), m.get("median", "")))
    return named


def _statistics(found: Election) -> dict[str, Any]:
    """The forensics page's statistics over the counted protocols. They change only when a
    protocol arrives, and computing them reads every protocol and station (some 0.5 s of CPU
    for 1,500 protocols: a fifth of the server's work in the election-week benchmark), so
    they are kept in the shared cache under a digest of the counted versions (their numbers
    and SHA-256): a new arrival makes a new key, and nothing needs to be invalidated."""
    counted = Protocol.objects.filter(election=found, effective=True).order_by("pk")
    digest = hashlib.sha256()
    for pk, sha256 in counted.values_list("pk", "sha256"):
        digest.update(f"{pk}:{sha256};".encode())
    key = f"results:forensics:v{STATISTICS_SHAPE}:{found.pk}:{digest.hexdigest()}"
    if (kept := cache.get(key)) is not None:
        return dict(kept)
    protocols = list(counted)
    leaders = [r.code for r in standing(found).parties if r.votes][:3]
    stations = {s.code: s for s in Precinct.objects.all()}
    made = {
        "reporting": len(protocols),
        "leaders": leaders,
        "digits": forensics.last_digits(protocols),
        "histogram": forensics.turnout_histogram(protocols),
        "fingerprint": forensics.fingerprint(protocols, leaders[0]) if leaders else [],
        "patterns": forensics.district_patterns(protocols, stations, leaders),
    }
    cache.set(key, made, timeout=STATISTICS_KEPT)
    return made


@require_safe
def forensics_page(request: HttpRequest, election: str) -> HttpResponse:
    found = get_object_or_404(Election, code=election)
    parties = _names(found)
    made = _statistics(found)
    leaders, digits, histogram = made["leaders"], made["digits"], made["histogram"]
    top = max(histogram) if any(histogram) else 1
    outliers = list(PrecinctFlag.objects.filter(election=found, rule=checks.TURNOUT_OUTLIER))
    stations = {s.code: s for s in Precinct.objects.filter(code__in=[f.precinct for f in outliers])}
    return render(
        request,
        "results/forensics.html",
        {
            "election": found,
            "reporting": made["reporting"],
            "leaders": [parties[c] for c in leaders],
            "digits": [(d, n, percent(n, digits["total"])) for d, n in enumerate(digits["counts"])],
            "digits_summary": digits,
            "digits_test": {  # the test's limits: beside the kept statistics, not in them
                "enough": forensics.digits_judgeable(digits["total"]),
                "needed": forensics.LAST_DIGIT_ENOUGH,
                "limit": f"{float(forensics.CHI2_9_95):.2f}",
            },
            "histogram": [(5 * i, n, round(100 * n / top)) for i, n in enumerate(histogram)],
            "fingerprint": made["fingerprint"],
            "patterns": _named(copy.deepcopy(made["patterns"]), parties),
            "outliers": [
                (f, stations.get(f.precinct), _metrics(f.evidence, parties)) for f in outliers
            ],
        },
    )
