"""The running tally: sums per area, moved by the difference each arriving protocol makes.

A precinct adds to the whole election (`all`), to `home` with its `region` and `district`
(written `region|district`), or to `abroad` with its host `country`. Each arrival computes
what the precinct's effective protocol added before and what the new one adds, and writes
the difference in one statement (`INSERT … ON CONFLICT DO UPDATE SET value = value + …`,
SQLite and PostgreSQL alike): a protocol costs the same whether it is the first or the
2,500th, and nothing is ever recomputed from all the protocols. The rows are written in
key order, so two arrivals at once on PostgreSQL wait for each other instead of deadlocking.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from django.db import connection

from talapker.results.models import Protocol, Tally
from talapker.voters.models import HOME, Precinct

NUMBERS = (
    "registered",
    "ballots_received",
    "ballots_issued",
    "biometric_identified",
    "ballots_in_box",
    "invalid",
    "against_all",
)
ALL, REGION, DISTRICT, COUNTRY = "all", "region", "district", "country"
HOME_AREA, ABROAD_AREA = "home", "abroad"
PRECINCTS = "precincts"

Area = tuple[str, str]


def areas(station: Precinct) -> list[Area]:
    """The areas a station's protocol adds to."""
    if station.country == HOME:
        return [
            (ALL, ""),
            (HOME_AREA, ""),
            (REGION, station.region),
            (DISTRICT, district_key(station.region, station.district)),
        ]
    return [(ALL, ""), (ABROAD_AREA, ""), (COUNTRY, station.country)]


def district_key(region: str, district: str) -> str:
    return f"{region}|{district}"


def contribution(protocol: Protocol | None) -> Counter[str]:
    """What one protocol adds to each of its areas: its lines, one precinct reporting and
    each party's votes (`party:<code>`)."""
    items: Counter[str] = Counter()
    if protocol is None:
        return items
    for key in NUMBERS:
        items[key] = getattr(protocol, key)
    items[PRECINCTS] = 1
    for party, votes in protocol.votes.items():
        items[f"party:{party}"] = votes
    return items


def preference_items(protocol: Protocol | None) -> Counter[str]:
    """A protocol's preferential votes (`pref:<party>:<place>`), summed for the whole
    election only."""
    items: Counter[str] = Counter()
    if protocol is None:
        return items
    for party, places in protocol.preferences.items():
        for place, votes in places.items():
            items[f"pref:{party}:{place}"] = votes
    return items


def move(election_id: int, station: Precinct, old: Protocol | None, new: Protocol | None) -> int:
    """Write the difference between the precinct's old and new effective protocol; returns
    the rows written."""
    change = contribution(new)
    change.subtract(contribution(old))
    prefs = preference_items(new)
    prefs.subtract(preference_items(old))
    rows = sorted(
        [
            (kind, area, item, delta)
            for kind, area in areas(station)
            for item, delta in change.items()
            if delta
        ]
        + [(ALL, "", item, delta) for item, delta in prefs.items() if delta]
    )
    _add(election_id, rows)
    return len(rows)


def _add(election_id: int, rows: list[tuple[str, str, str, int]]) -> None:
    if not rows:
        return
    table = connection.ops.quote_name(Tally._meta.db_table)
    values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(rows))
    params: list[int | str] = []
    for kind, area, item, delta in rows:
        params += [election_id, kind, area, item, delta]
    sql = f"""INSERT INTO {table} (election_id, area_kind, area, item, value) VALUES {values}
ON CONFLICT (election_id, area_kind, area, item)
DO UPDATE SET value = {table}.value + excluded.value
"""  # noqa: S608 - the model's table name; every value is a parameter
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def read(election_id: int, kinds: Iterable[str] | None = None) -> dict[Area, dict[str, int]]:
    """The tally as it stands: area → item → value (zeros left out)."""
    rows = Tally.objects.filter(election_id=election_id).exclude(value=0)
    if kinds is not None:
        rows = rows.filter(area_kind__in=list(kinds))
    sums: dict[Area, dict[str, int]] = defaultdict(dict)
    for kind, area, item, value in rows.values_list("area_kind", "area", "item", "value"):
        sums[(kind, area)][item] = value
    return dict(sums)


def recount(election_id: int) -> dict[Area, dict[str, int]]:
    """The tally computed afresh from the effective protocols: what the running tally must
    equal at every moment (tests and `talapker results --check` compare them)."""
    stations = {p.code: p for p in Precinct.objects.all()}
    sums: dict[Area, Counter[str]] = defaultdict(Counter)
    for protocol in Protocol.objects.filter(election_id=election_id, effective=True):
        station = stations.get(protocol.precinct)
        if station is None:
            continue
        for area in areas(station):
            sums[area].update(contribution(protocol))
        sums[(ALL, "")].update(preference_items(protocol))
    return {
        area: {k: v for k, v in items.items() if v}
        for area, items in sums.items()
        if any(items.values())
    }
