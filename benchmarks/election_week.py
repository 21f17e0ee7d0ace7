"""Benchmark: the election week's public mix, pages and API, at a bounded offered rate.

Serves the demo election (`talapker demo --no-serve`, or `--keep-home DIR` built once) with
`talapker serve` (gunicorn, as in production, the production rate limits on) and offers it
an open-loop load from separate processes on loopback: requests arrive at `--rate` a second
(Poisson arrivals, seeded) for `--seconds`, whether or not the earlier ones were answered,
each class of request with its share of the mix (`MIX`): the home and election pages in
Kyrgyz, Russian and English, a party's profile and its finance page, its contributions list
(paged, filtered), the results, the list of precincts (by region, paged), one precinct, the
forensics, the ads library (filtered, paged), the complaint statistics, the audit page, the
"am I on the list?" page and its lookup, and the public API (elections, parties, a filtered
contributions page following its cursor, results, audit roots). Every request names a real
object picked from the served data (precinct codes, parties, funds, voters), spread over
many of them. A request's latency runs from the time it was due to its last byte, so a
server that falls behind shows it (no coordinated omission).

Each loader process holds keep-alive `http.client` connections, each from its own loopback
address (127.0.0.10, .11, ...): the per-address limits see many readers, as they would.
First the same server's `/healthz` at the same rate: the baseline. Then the mix. Then each
class alone, one request at a time, for the server's CPU milliseconds a request of it.

It prints, a class a line: requests, requests/s achieved against offered, p50, p95, p99
and max latency, errors by status, the document's size (mean and largest, decoded) and its
weight with the stylesheets and images it loads (at most 150 KB a page), and whether the
target is met (`TARGET_P99_MS` at the offered rate, no errors). The server's CPU a request
(all its gunicorn workers, from /proc), the loaders' CPU, and the load average at the start,
as the mix begins and ends, and at the end: on a shared machine other work changes every
time-based figure, not the CPU a request. It exits non-zero when an answer was 5xx or wrong
(a page without what it must show), not for a missed target. `--smoke` builds a small
election instead of the demo (the sample election, a register of 300, two funds of 60
contributions, a protocol a station) and asks every class in turn.

Usage:
    .venv/bin/python benchmarks/election_week.py [--rate 30] [--seconds 60] [--workers 2]
        [--connections 128] [--loaders 2] [--keep-home DIR] [--smoke]
"""

from __future__ import annotations

import argparse
import gzip
import html
import http.client
import itertools
import json
import math
import multiprocessing
import os
import queue
import random
import re
import shutil
import socket
import sqlite3
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from http_load import children, command_line, cpu_seconds, served

ROOT = Path(__file__).resolve().parent.parent
DB = "talapker.sqlite3"
KB = 1024
PAGE_LIMIT = 150 * KB  # a page with what it loads (tests/browser/test_layout.py)
TARGET_P99_MS = 1000.0
BASELINE = "/healthz"
LANGUAGES = (("ky", 0.5), ("ru", 0.4), ("en", 0.1))
SETTINGS = "from talapker.settings.default import *  # noqa: F403\n"  # production limits on

# The election week's mix: each class's share of the requests (percent). Voters look for
# their polling station, the parties and the results; journalists for the money and the
# data; newsrooms poll the results' API on election night.
MIX = {
    "home": 12,
    "election": 10,
    "party": 5,
    "party finance": 6,
    "contributions": 5,
    "results": 9,
    "precincts": 4,
    "precinct": 6,
    "forensics": 2,
    "ads": 4,
    "complaint stats": 3,
    "audit": 1,
    "lookup page": 6,
    "API lookup (POST)": 8,
    "API elections": 3,
    "API parties": 3,
    "API contributions": 4,
    "API results": 8,
    "API audit roots": 1,
}


@dataclass(frozen=True)
class Ask:
    """One request: what it is, and what its answer must hold."""

    kind: str
    path: str
    body: bytes = b""  # a POST's JSON body
    marker: str = ""  # text the (decoded) answer must contain


@dataclass
class Done:
    kind: str
    status: int  # 0: no answer (the error's name in `problem`)
    latency: float  # ms from the time it was due
    service: float  # ms from the time it was sent
    wire: int  # bytes on the wire (gzip where the server compressed)
    size: int  # bytes decoded
    at: float  # s from the run's start to the answer
    problem: str = ""
    path: str = ""
    retried: bool = False  # sent again on a new connection (the idle one had been closed)


# The data: an election to ask about, and the objects to name.


def _env(home: Path) -> dict[str, str]:
    env = {**os.environ, "TALAPKER_HOME": str(home)}
    env["DJANGO_SETTINGS_MODULE"] = "talapker.settings.default"
    env.pop("DATABASE_URL", None)  # SQLite in the home
    return env


def _build_smoke(home: str) -> None:
    """In a spawned process: voter_lookup.py's register (the sample election, 300 voters),
    a final report of 60 contributions for two funds (finance_pages.py's), a protocol a
    station."""
    import finance_pages
    import voter_lookup

    voter_lookup._build(home, 300, 20)
    from talapker.elections.models import Election
    from talapker.filings.services import report_file
    from talapker.results.files import import_protocols
    from talapker.voters.models import Precinct

    election = Election.objects.get()
    rng, start = random.Random(2026), election.campaign_start
    for fund in election.funds.order_by("code")[:2]:
        data = finance_pages._report(rng, 60, start, (election.election_day - start).days)
        report_file(fund, "final", start, election.election_day, data, channel="cli", actor="bench")
    parties = list(election.parties.values_list("code", flat=True))
    named = []
    for n, code in enumerate(Precinct.objects.filter(country="KGZ").values_list("code", flat=True)):
        votes = {party: 100 + 37 * ((n + i) % 5) for i, party in enumerate(parties)}
        body = {
            "precinct": code, "registered": 1000, "ballots_received": 1020,
            "ballots_issued": 600, "biometric_identified": 600,
            "ballots_in_box": sum(votes.values()) + 18, "invalid": 8, "against_all": 10,
            "votes": votes,
        }  # fmt: skip
        named.append((f"{code}.json", json.dumps(body).encode()))
    import_protocols(election, named, actor="bench")
    from huey.contrib.djhuey import HUEY

    HUEY.flush()  # the filings' screening, queued: not during the run


def _spawned(target: Any, *args: Any) -> None:
    worker = multiprocessing.get_context("spawn").Process(target=target, args=args)
    worker.start()
    worker.join()
    if worker.exitcode != 0:
        raise SystemExit(f"{target.__name__}{args} failed ({worker.exitcode})")


def build(home: Path, smoke: bool) -> None:
    """Build once (`--keep-home` reuses a home built the same way), then leave it quiet."""
    import api_load  # its demo builder: `talapker demo --no-serve`, once

    if not smoke:
        api_load.build(home, "demo", 0, 0)
        return
    marker = home / "election_week.json"
    if marker.exists():
        print(f"  reusing {home}")
    else:
        if home.exists():
            shutil.rmtree(home)
        home.mkdir(parents=True)
        started = time.perf_counter()
        os.environ.update(_env(home))  # the spawned builder's Django reads them
        os.environ.pop("DATABASE_URL", None)  # SQLite in the home, whatever the caller's
        _spawned(_build_smoke, str(home))
        marker.write_text(json.dumps({"smoke": True}))
        print(f"  built the small election in {time.perf_counter() - started:.0f} s ({home})")
        return
    _spawned(api_load._settle, str(home))  # nothing queued meanwhile


@dataclass
class Data:
    election: str
    election_names: dict[str, str]
    parties: list[dict[str, Any]]  # code, fund, name_ky/ru/en, contributions
    precincts: list[str]
    regions: list[str]
    voters: list[tuple[str, str]]  # pin, birth date
    platforms: list[str]
    ads: int
    roots: int
    api_pages: list[str] = field(default_factory=list)  # contributions, cursors followed


def describe(home: Path) -> Data:
    from api_load import STANDING

    with sqlite3.connect(f"file:{home / DB}?mode=ro", uri=True) as db:
        db.row_factory = sqlite3.Row
        election = db.execute(
            "SELECT e.id, e.code, e.name_ky, e.name_ru, e.name_en FROM elections_election e"
            " ORDER BY (SELECT count(*) FROM parties_party p WHERE p.election_id = e.id) DESC"
        ).fetchone()
        versions = [v for (v,) in db.execute(STANDING, {"election": election["code"]})]
        marks = ",".join("?" * len(versions)) or "NULL"
        counts = dict(
            db.execute(
                "SELECT r.fund_id, count(*) FROM filings_contribution c"
                " JOIN filings_reportversion v ON v.id = c.version_id"
                f" JOIN filings_report r ON r.id = v.report_id WHERE c.version_id IN ({marks})"
                " GROUP BY r.fund_id",
                versions,
            ).fetchall()
        )
        parties = [
            {**dict(row), "contributions": counts.get(row["fund_id"], 0)}
            for row in db.execute(
                "SELECT p.code, f.code AS fund, f.id AS fund_id, p.name_ky, p.name_ru, p.name_en"
                " FROM parties_party p JOIN funds_fund f ON f.party_id = p.id"
                " WHERE p.election_id = ? ORDER BY p.code",
                (election["id"],),
            )
        ]
        precincts = [c for (c,) in db.execute("SELECT code FROM voters_precinct ORDER BY code")]
        regions = [r for (r,) in db.execute("SELECT DISTINCT region FROM voters_precinct")]
        voters = db.execute(
            "SELECT v.pin, p.birth_date FROM voters_voter v JOIN registers_person p"
            " ON p.pin = v.pin WHERE v.election_id = ? ORDER BY random() LIMIT 2000",
            (election["id"],),
        ).fetchall()
        platforms = [p for (p,) in db.execute("SELECT DISTINCT platform FROM ads_ad")]
        (ads,) = db.execute("SELECT count(*) FROM ads_ad").fetchone()
        (roots,) = db.execute("SELECT count(*) FROM audit_auditroot").fetchone()
    return Data(
        election["code"],
        {lang: election[f"name_{lang}"] for lang in ("ky", "ru", "en")},
        parties, precincts, [r for r in regions if r], [tuple(v) for v in voters],
        platforms, ads, roots,
    )  # fmt: skip


# The mix.


def _language(rng: random.Random) -> str:
    return rng.choices([code for code, _ in LANGUAGES], [share for _, share in LANGUAGES])[0]


def _name(party: dict[str, Any], lang: str) -> str:
    return html.escape(party[f"name_{lang}"] or party["name_ky"])


def ask(kind: str, data: Data, rng: random.Random) -> Ask:
    """One request of the class `kind`, naming objects picked at random from the data."""
    lang, e = _language(rng), data.election
    party = rng.choice(data.parties)
    query: dict[str, Any]
    election = f"/{lang}/elections/{e}"
    at = f"{election}/parties/{party['code']}"
    if kind == "home":
        return Ask(kind, f"/{lang}/", marker=f"{election}/")
    if kind == "election":
        return Ask(kind, f"{election}/", marker=f"{election}/parties/")
    if kind == "party":
        return Ask(kind, f"{at}/", marker=_name(party, lang))
    if kind == "party finance":
        return Ask(kind, f"{at}/finance/", marker=_name(party, lang))
    if kind == "contributions":
        filled = [p for p in data.parties if p["contributions"]] or data.parties
        party = rng.choice(filled)
        pages = max(1, math.ceil(party["contributions"] / 50))
        query = rng.choice(
            [{"page": rng.randint(1, pages)}, {"amount_min": rng.choice((1000, 5000))},
             {"order": "-amount", "page": rng.randint(1, pages)}, {"method": "bank"}]
        )  # fmt: skip
        path = f"{election}/parties/{party['code']}/finance/contributions/?{urlencode(query)}"
        return Ask(kind, path, marker=_name(party, lang))
    if kind == "results":
        return Ask(kind, f"{election}/results/", marker=html.escape(data.election_names[lang]))
    if kind == "precincts":
        query = {"page": rng.randint(1, 5)}
        if data.regions and rng.random() < 0.5:
            query = {"region": rng.choice(data.regions)}
        return Ask(kind, f"{election}/results/precincts/?{urlencode(query)}", marker="<table")
    if kind == "precinct":
        code = rng.choice(data.precincts)
        return Ask(kind, f"{election}/results/precincts/{code}/", marker=code)
    if kind == "forensics":
        return Ask(kind, f"{election}/results/forensics/", marker=f"{election}/results/")
    if kind == "ads":
        options: list[dict[str, Any]] = [{}, {"order": "-spend"}, {"page": rng.randint(1, 4)}]
        options.append({"party": party["code"]})
        if data.platforms:
            options.append({"platform": rng.choice(data.platforms)})
        query = rng.choice(options)
        if query or not data.ads:  # a filter may find nothing: the form, at least
            return Ask(kind, f"{election}/ads/?{urlencode(query)}", marker='name="platform"')
        return Ask(kind, f"{election}/ads/", marker=f"{election}/parties/")
    if kind == "complaint stats":
        return Ask(kind, f"{election}/complaints/", marker=f"{election}/")
    if kind == "audit":
        return Ask(kind, f"/{lang}/audit/", marker="/api/v1/audit/")
    if kind == "lookup page":
        return Ask(kind, f"/{lang}/voters/", marker='name="pin"')
    if kind == "API lookup (POST)":
        pin, born = rng.choice(data.voters)
        if rng.random() < 0.2:  # a mistyped birth date: not found
            born = f"{born[:8]}{(int(born[8:]) % 28) + 1:02d}"
        body = json.dumps({"pin": pin, "birth_date": born}).encode()
        return Ask(kind, f"/api/v1/elections/{e}/voter-lookup", body, marker='"found"')
    if kind == "API elections":
        return Ask(kind, "/api/v1/elections", marker=f'"{e}"')
    if kind == "API parties":
        return Ask(kind, f"/api/v1/elections/{e}/parties", marker=f'"{party["code"]}"')
    if kind == "API contributions":
        return Ask(kind, rng.choice(data.api_pages), marker='"results"')
    if kind == "API results":
        return Ask(kind, f"/api/v1/elections/{e}/results", marker=f'"{e}"')
    if kind == "API audit roots":
        return Ask(kind, "/api/v1/audit/roots", marker='"results"')
    raise ValueError(kind)


def schedule(
    data: Data, rate: float, seconds: float, seed: int, cycle: bool = False
) -> list[tuple[float, Ask]]:
    """Poisson arrivals at `rate` a second for `seconds`, each a class drawn by its share
    (`cycle`: every class in turn, so that a short run asks each)."""
    rng = random.Random(seed)
    kinds, weights = list(MIX), list(MIX.values())
    due, plan = 0.0, list[tuple[float, Ask]]()
    while (due := due + rng.expovariate(rate)) < seconds:
        kind = kinds[len(plan) % len(kinds)] if cycle else rng.choices(kinds, weights)[0]
        plan.append((due, ask(kind, data, rng)))
    return plan


def baseline_schedule(rate: float, seconds: float, seed: int) -> list[tuple[float, Ask]]:
    rng = random.Random(seed)
    due, plan = 0.0, []
    while (due := due + rng.expovariate(rate)) < seconds:
        plan.append((due, Ask("baseline", BASELINE, marker="ok")))
    return plan


# The loaders (spawned processes: their work is not the server's, nor slowed by its GIL).


def _send(connection: http.client.HTTPConnection, item: Ask) -> tuple[int, int, bytes]:
    headers = {"Accept-Encoding": "gzip", "Accept": "text/html,application/json"}
    if item.body:
        headers["Content-Type"] = "application/json"
    connection.request("POST" if item.body else "GET", item.path, item.body or None, headers)
    response = connection.getresponse()
    raw = response.read()
    body = gzip.decompress(raw) if response.getheader("Content-Encoding") == "gzip" else raw
    return response.status, len(raw), body


STALE = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)
IDLE = 1.5  # s: a connection idle longer is opened again (gunicorn closes one idle for 2 s)


def _worker(port: int, address: str, jobs: queue.Queue[Any], base: float, out: list[Done]) -> None:
    """Take requests as they come due, on a keep-alive connection opened again when it has
    been idle for `IDLE` (as a visitor's browser opens one). One the server closed all the
    same is opened again and the request sent again once, as a browser does; it counts as
    retried."""
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=60, source_address=(address, 0)
    )
    used = False  # the connection has carried an answer: the server may have closed it since
    last = 0.0
    while (job := jobs.get()) is not None:
        due, item = job
        sent = time.perf_counter()
        if used and sent - last > IDLE:
            connection.close()
            used = False
        retried = False
        try:
            try:
                status, wire, body = _send(connection, item)
            except STALE:
                if not used:
                    raise
                connection.close()
                retried = True
                status, wire, body = _send(connection, item)
        except (OSError, http.client.HTTPException) as error:
            connection.close()  # opened again on the next request
            used = False
            now = time.perf_counter()
            out.append(Done(item.kind, 0, (now - base - due) * 1000, (now - sent) * 1000, 0, 0,
                            now - base, type(error).__name__, item.path, retried))  # fmt: skip
            continue
        used = True
        now = last = time.perf_counter()
        problem = ""
        if status == 200 and item.marker and item.marker.encode() not in body:
            problem = f"without {item.marker!r}"
        out.append(Done(item.kind, status, (now - base - due) * 1000, (now - sent) * 1000,
                        wire, len(body), now - base, problem, item.path, retried))  # fmt: skip
    connection.close()


def _load(
    port: int, plan: list[tuple[float, Ask]], addresses: list[str], start: float
) -> tuple[list[Done], float, float]:
    """Offer `plan` (seconds from `start`, a wall-clock time) through one connection per
    address; returns what was answered, the latest a request was handed out after it was
    due (ms: the loader's own lag) and the CPU seconds this process used."""
    times = os.times()
    jobs: queue.Queue[Any] = queue.Queue()
    base = time.perf_counter() + (start - time.time())
    out: list[Done] = []
    threads = [
        threading.Thread(target=_worker, args=(port, address, jobs, base, out), daemon=True)
        for address in addresses
    ]
    for thread in threads:
        thread.start()
    lag = 0.0
    for due, item in plan:
        wait = base + due - time.perf_counter()
        if wait > 0:
            time.sleep(wait)
        lag = max(lag, (time.perf_counter() - base - due) * 1000)
        jobs.put((due, item))
    for _ in threads:
        jobs.put(None)
    for thread in threads:
        thread.join(timeout=120)
    after = os.times()
    return out, lag, (after.user - times.user) + (after.system - times.system)


@dataclass
class Run:
    done: list[Done]
    seconds: float
    lag: float  # ms
    loader_cpu: float  # seconds, all loaders
    server_cpu: float  # seconds, all gunicorn workers
    planned: float  # seconds the arrivals spanned


def offer(
    pool: Any, port: int, plan: list[tuple[float, Ask]], seconds: float, connections: int,
    workers: list[int],
) -> Run:  # fmt: skip
    """The open-loop run: arrival n goes to loader n % loaders (the pool's processes), whose
    connections (each its own address) take the requests as they come due."""
    loaders = pool._processes
    addresses = [f"127.0.0.{10 + n % 240}" for n in range(connections)]
    parts = [plan[n::loaders] for n in range(loaders)]
    start = time.time() + 1.0  # time for the loaders to open their threads
    before = cpu_seconds(workers)
    pending = [
        pool.apply_async(_load, (port, parts[n], addresses[n::loaders], start))
        for n in range(loaders)
    ]
    answers = [p.get(timeout=seconds + 300) for p in pending]
    used = cpu_seconds(workers) - before
    done = [d for part, _, _ in answers for d in part]
    elapsed = max([seconds, *(d.at for d in done)])  # a server behind answers after the end
    lag, loader_cpu = max(a[1] for a in answers), sum(a[2] for a in answers)
    return Run(done, elapsed, lag, loader_cpu, used, seconds)


# Asking once, outside the run.


_asked = itertools.count()


def get(port: int, path: str, body: bytes = b"") -> tuple[int, bytes]:
    """One request on a connection of its own, from the next of 250 loopback addresses
    (127.0.1.x, none of the loaders'): asking each class, or each class twenty times, stays
    within the per-address limits (the lookup's is 10 a minute), run after run."""
    source = f"127.0.1.{1 + next(_asked) % 250}"
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=60, source_address=(source, 0)
    )
    try:
        headers = {"Content-Type": "application/json", "Accept": "text/html,application/json"}
        connection.request("POST" if body else "GET", path, body or None, headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def api_pages(port: int, data: Data, depth: int = 3) -> list[str]:
    """Filtered first pages of the API's contributions, each fund and threshold, and the
    pages their cursors name, `depth` deep: the paths the class asks for."""
    found = []
    base = f"/api/v1/elections/{data.election}/contributions"
    for party in data.parties:
        for amount in (0, 1000):
            query = {"fund": party["fund"], "page_size": 50}
            path = f"{base}?{urlencode({**query, 'amount_min': amount} if amount else query)}"
            for _ in range(depth):
                found.append(path)
                status, body = get(port, path)
                following = json.loads(body).get("next") if status == 200 else None
                if not following:
                    break
                parts = urlsplit(following)
                path = f"{parts.path}?{parts.query}"
    return found


def precheck(port: int, data: Data, rng: random.Random) -> None:
    """Every class answered once, right, before anything is timed."""
    for kind in MIX:
        item = ask(kind, data, rng)
        status, body = get(port, item.path, item.body)
        if status != 200 or item.marker.encode() not in body:
            missing = f" without {item.marker!r}" if status == 200 else ""
            raise SystemExit(f"{kind}: {item.path} answered {status}{missing}")


ASSET = re.compile(
    rb'<(?:link[^>]*rel="[^"]*(?:stylesheet|icon)[^"]*"[^>]*href|img[^>]*src)="([^"]+)"'
)


def weight(port: int, path: str, document: int, assets: dict[str, int]) -> int:
    """A page's weight as the browser test counts it: the document and the stylesheets,
    icons and images it loads (each asset fetched once)."""
    body = get(port, path)[1]
    total = document
    for found in dict.fromkeys(ASSET.findall(body)):
        url = html.unescape(found.decode())
        if url.startswith("data:") or url.startswith("http"):
            continue
        if url not in assets:
            assets[url] = len(get(port, url)[1])
        total += assets[url]
    return total


def page_weights(port: int, done: list[Done]) -> dict[str, int]:
    """Each page class's weight: its largest document answered, with its assets."""
    largest: dict[str, Done] = {}
    for d in done:
        page = d.status == 200 and d.path.startswith(("/ky/", "/ru/", "/en/"))
        if page and d.size > getattr(largest.get(d.kind), "size", -1):
            largest[d.kind] = d
    assets: dict[str, int] = {}
    return {kind: weight(port, d.path, d.size, assets) for kind, d in largest.items()}


def cpu_alone(port: int, data: Data, workers: list[int], samples: int) -> dict[str, float]:
    """Each class asked `samples` times, one at a time: the server's CPU ms a request."""
    rng = random.Random(7)
    result = {}
    for kind in ["baseline", *MIX]:
        items = [ask(kind, data, rng) if kind != "baseline" else Ask(kind, BASELINE)
                 for _ in range(samples)]  # fmt: skip
        before = cpu_seconds(workers)
        for item in items:
            get(port, item.path, item.body)
        result[kind] = (cpu_seconds(workers) - before) * 1000 / samples
    return result


# The report.


@dataclass
class Line:
    kind: str
    done: list[Done]
    seconds: float
    offered: float

    @property
    def answered(self) -> list[Done]:
        return [d for d in self.done if d.status == 200 and not d.problem]

    @property
    def wrong(self) -> list[Done]:
        """5xx, no answer, or a 200 without what it must show (a 4xx is an error, not wrong)."""
        return [d for d in self.done if d.status >= 500 or d.status == 0 or d.problem]

    @property
    def errors(self) -> Counter[str]:
        return Counter(str(d.status or d.problem) for d in self.done if d.status != 200)

    def latency(self, share: float) -> float:
        return percentile([d.latency for d in self.done if d.status], share)

    def met(self) -> bool:
        return (
            bool(self.done)
            and not self.errors
            and not self.wrong
            and (self.latency(0.99) <= TARGET_P99_MS)
        )


def percentile(values: list[float], share: float) -> float:
    """Nearest rank."""
    if not values:
        return math.nan
    ranked = sorted(values)
    return ranked[min(len(ranked) - 1, max(0, round(share * len(ranked)) - 1))]


def lines(runs: dict[str, Run]) -> list[Line]:
    """The baseline, each class of the mix, the total. A class's offered rate is its
    arrivals over the run's span (Poisson: near its share of `--rate`); its achieved rate,
    the requests answered 200 over the time to the last answer."""
    mix, base = runs["mix"], runs["baseline"]
    by_kind: dict[str, list[Done]] = defaultdict(list)
    for done in mix.done:
        by_kind[done.kind].append(done)
    found = [Line("baseline", base.done, base.seconds, len(base.done) / base.planned)]
    found += [Line(k, by_kind[k], mix.seconds, len(by_kind[k]) / mix.planned) for k in MIX]
    return [*found, Line("total", mix.done, mix.seconds, len(mix.done) / mix.planned)]


def _figure(value: float, width: int, digits: int = 0) -> str:
    return f"{'-' if math.isnan(value) else f'{value:,.{digits}f}':>{width}}"


def report(
    runs: dict[str, Run], table: list[Line], weights: dict[str, int], alone: dict[str, float]
) -> None:
    """One line a class: the baseline, the mix's classes, their total."""
    print(
        f"\n{'class':19} {'reqs':>5} {'req/s got/':>11} {'p50':>6} {'p95':>6} {'p99':>6} "
        f"{'max':>6} {'CPU':>6} {'KB':>5} {'KB':>6} {'KB':>5} {'weight':>6}  errors; notes\n"
        f"{'':19} {'':>5} {'offered':>11} {'ms':>6} {'ms':>6} {'ms':>6} {'ms':>6} {'ms':>6} "
        f"{'mean':>5} {'max':>6} {'gzip':>5} {'KB':>6}"
    )
    mix = runs["mix"]
    alone = {**alone, "total": mix.server_cpu * 1000 / max(1, len(table[-1].answered))}
    for line in table:
        sizes = [d.size for d in line.answered]
        mean = sum(sizes) / len(sizes) / KB if sizes else math.nan
        wire = sum(d.wire for d in line.answered) / len(sizes) / KB if sizes else math.nan
        notes = [f"{status}: {n}" for status, n in sorted(line.errors.items())]
        if wrong := [d for d in line.wrong if d.problem and d.status == 200]:
            notes.append(f"{len(wrong)} wrong ({wrong[0].problem} at {wrong[0].path})")
        if retried := sum(d.retried for d in line.done):
            notes.append(f"{retried} sent again on a new connection")
        heavy = weights.get(line.kind, 0)
        if heavy > PAGE_LIMIT:
            notes.append("over 150 KB")
        if line.kind != "baseline" and line.done and line.latency(0.99) > TARGET_P99_MS:
            notes.append("p99 over the target")
        rate = f"{len(line.answered) / line.seconds:.1f}/{line.offered:.1f}"
        print(
            f"{line.kind[:19]:19} {len(line.done):>5} {rate:>11} "
            + " ".join(_figure(line.latency(q), 6) for q in (0.5, 0.95, 0.99, 1.0))
            + f" {_figure(alone.get(line.kind, math.nan), 6, 1)} {_figure(mean, 5, 1)}"
            f" {_figure(max(sizes, default=0) / KB, 6, 1)} {_figure(wire, 5, 1)}"
            f" {_figure(heavy / KB if heavy else math.nan, 6)}  {'; '.join(notes)}"
        )
    print(
        "CPU ms: the server's CPU a request of the class, asked alone one at a time (total: in "
        "the run);\nKB: the document decoded, and on the wire; weight: the class's largest "
        "page with the\nstylesheets, icons and images it loads (at most 150 KB)"
    )
    for name, run in runs.items():
        answered = sum(1 for d in run.done if d.status == 200) or 1
        print(
            f"{name}: server CPU {run.server_cpu * 1000 / answered:.1f} ms a request in the run "
            f"({run.server_cpu / run.seconds * 100:.0f} % of a core), the loaders' "
            f"{run.loader_cpu / run.seconds * 100:.0f} %; a request handed out at most "
            f"{run.lag:.0f} ms after it was due; {run.seconds:.1f} s to the last answer"
        )
    total, base = table[-1], table[0]
    per_request = mix.server_cpu / max(1, len(total.answered))
    if per_request:
        capacity = (os.cpu_count() or 1) / per_request
        print(
            f"capacity from the server's CPU alone: {capacity:.0f} requests/s of this mix on "
            f"{os.cpu_count()} cores with nothing else running; offered: "
            f"{total.offered / capacity * 100:.0f} % of it"
        )
    print(
        f"mix / baseline: p50 {total.latency(0.5) / base.latency(0.5):.1f}x, "
        f"p99 {total.latency(0.99) / base.latency(0.99):.1f}x"
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rate", type=float, default=30.0, help="requests a second, offered")
    parser.add_argument("--seconds", type=float, default=60.0, help="the mix's run")
    parser.add_argument(
        "--baseline-seconds", type=float, default=0.0, help="default: min(20, seconds)"
    )
    parser.add_argument("--connections", type=int, default=128, help="each its own address")
    parser.add_argument("--loaders", type=int, default=2, help="loader processes")
    parser.add_argument("--workers", type=int, default=2, help="talapker serve --workers")
    parser.add_argument("--cpu-samples", type=int, default=20, help="each class, alone")
    parser.add_argument("--keep-home", default="", help="build here once, reuse afterwards")
    parser.add_argument("--smoke", action="store_true", help="a small election, not the demo")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]  # progress in a log
    root = Path(args.keep_home or tempfile.mkdtemp(prefix="talapker-bench-week-")).resolve()
    home = root / ("smoke" if args.smoke else "demo")
    load_start = os.getloadavg()
    print(
        f"election week: {args.rate:g} requests/s offered for {args.seconds:g} s, "
        f"{args.connections} connections from {args.loaders} loader processes, talapker serve "
        f"with {args.workers} workers x 4 threads; {os.cpu_count()} CPUs, load average "
        f"{load_start[0]:.2f} {load_start[1]:.2f} {load_start[2]:.2f} (1, 5, 15 min)"
    )
    try:
        build(home, args.smoke)
        runs, weights, alone, during = measure(home, args)
    finally:
        if not args.keep_home:
            shutil.rmtree(root, ignore_errors=True)
    table = lines(runs)
    report(runs, table, weights, alone)
    met = all(line.met() for line in table[1:])
    right = not any(line.wrong for line in table)
    load_end = os.getloadavg()
    print(
        f"target: p99 <= {TARGET_P99_MS:.0f} ms in every class at {args.rate:g} requests/s, "
        f"no errors: {'met' if met else 'not met'}"
    )
    print(
        f"load average (1 min): {load_start[0]:.2f} at the start, {during[0]:.2f} as the mix "
        f"began, {during[1]:.2f} as it ended, {load_end[0]:.2f} at the end (5 min: "
        f"{load_end[1]:.2f})"
    )
    if not right:
        raise SystemExit("some answers were 5xx, missing or wrong")


def measure(
    home: Path, args: argparse.Namespace
) -> tuple[dict[str, Run], dict[str, int], dict[str, float], tuple[float, float]]:
    """Serve the home, check every class once, then the baseline, the mix, the pages'
    weights and each class's CPU alone; also the load average as the mix began and ended."""
    started = time.perf_counter()
    data = describe(home)
    port = free_port()
    ready = lambda: get(port, BASELINE)[0] == 200  # noqa: E731
    settings = ("election_week_settings", SETTINGS)
    with (
        multiprocessing.get_context("spawn").Pool(args.loaders) as pool,  # starts meanwhile
        served(home, _env(home), settings, port, args.workers, ready) as server,
    ):
        workers = [p for p in children(server) if "run_huey" not in command_line(p)]
        print(f"  served in {time.perf_counter() - started:.0f} s")
        data.api_pages = api_pages(port, data)
        precheck(port, data, random.Random(args.seed + 1))
        print(
            f"  {data.election}: {len(data.parties)} parties, {len(data.precincts):,} "
            f"precincts, {len(data.voters):,} voters asked for, {data.ads} ads, "
            f"{len(data.api_pages)} API pages; each of the {len(MIX)} classes answered right once"
        )
        seconds = args.baseline_seconds or min(20.0, args.seconds)
        plan = baseline_schedule(args.rate, seconds, args.seed)
        runs = {"baseline": offer(pool, port, plan, seconds, args.connections, workers)}
        plan = schedule(data, args.rate, args.seconds, args.seed, cycle=args.smoke)
        begun = os.getloadavg()[0]
        runs["mix"] = offer(pool, port, plan, args.seconds, args.connections, workers)
        ended = os.getloadavg()[0]
        print(f"  baseline and mix done at {time.perf_counter() - started:.0f} s")
        weights = page_weights(port, runs["mix"].done)
        alone = cpu_alone(port, data, workers, args.cpu_samples)
    return runs, weights, alone, (begun, ended)


if __name__ == "__main__":
    main()
