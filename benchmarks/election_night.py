"""Benchmark: election night, every precinct's protocol posted at once (`POST
/api/v1/elections/E/protocols`), through the production server, with the tally checked after.

In a fresh data directory (SQLite, or the PostgreSQL database of `--database-url`, dropped
and created again), a spawned process migrates, loads the sample election (three parties:
ata-jurt, ishenim, yntymak), writes `--protocols` polling stations with one bulk insert
(2 % abroad in five countries, the rest in districts of about 50 stations spread over the
nine regions) and issues each its precinct token (`results.tokens.issue`).

The plan (seeded, the same each run): one protocol a station, with realistic numbers (a
district's own turnout and party shares, each station's noise; about 0.5 % stuffed). About
3 % are sent again later with a second, different version (the first had a wrong sum, the
second corrects it: both answered 201, the second counts), about 2 % are sent twice, the
same body under the same `Idempotency-Key` (a retry: 201, then 200). Every send carries an
`Idempotency-Key`, so a send lost to a dropped connection may be sent again safely.

`talapker serve` (gunicorn, `--workers` processes of 4 threads, as in production) serves the
data directory on loopback with the API's anonymous limit off (a settings module written for
the run; posting a protocol has no limit anyway). A spawned load process runs `--senders`
threads, each with a keep-alive `http.client` connection, taking the sends from one shared
queue in the plan's order (a second send of a protocol goes in only once the first is
acknowledged, so the last version sent is the one that counts). A 503 is sent again after
its `Retry-After`, capped at 1 s, and counted; any other answer but 201 and 200 is an error.
A protocol's latency runs from its first send to its acknowledgement, retries included.

Before the burst, the same senders ask `GET /api/v1/elections` (a trivial answer from the
response cache) as many times as the burst will send: the baseline. After it, a spawned
process compares the running tally (`tally.read`) with the tally computed afresh
(`tally.recount`), the whole election's sums with those of the bodies the client sent last
per precinct, and walks the audit log's chain; `GET .../results` must show the same votes.

It prints the total time, protocols/s, p50/p95/p99/max acknowledgement latency, the answers
by status, the 503 retries, the CPU seconds of the server (and of PostgreSQL) and of the
client, the baseline and the ratio, and whether the aim holds: every protocol acknowledged,
p99 <= 2 s, no 500, the tally exact. It exits non-zero when a protocol was not acknowledged,
an answer was not the one expected or the tally is not exact; a missed p99 is only printed.

Usage:
    .venv/bin/python benchmarks/election_night.py [--protocols 2500] [--senders 50]
        [--workers 2] [--database-url postgres://postgres@127.0.0.1:5432/bench_night]
        [--keep-home DIR]
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import queue
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from http_load import children, command_line, cpu_seconds, served

ROOT = Path(__file__).resolve().parent.parent
ELECTION = ROOT / "talapker" / "elections" / "tests" / "samples" / "valid"
CODE = "jk-2026"
PARTIES = ("ata-jurt", "ishenim", "yntymak")
NUMBERS = (
    "registered", "ballots_received", "ballots_issued", "biometric_identified",
    "ballots_in_box", "invalid", "against_all",
)  # fmt: skip
PROTOCOLS = f"/api/v1/elections/{CODE}/protocols"
RESULTS = f"/api/v1/elections/{CODE}/results"
BASELINE = "/api/v1/elections"
REGIONS = (
    "Бишкек шаары", "Ош шаары", "Баткен облусу", "Жалал-Абад облусу", "Ысык-Көл облусу",
    "Нарын облусу", "Ош облусу", "Талас облусу", "Чүй облусу",
)  # fmt: skip
ABROAD = ("RUS", "TUR", "KAZ", "USA", "KOR")
DISTRICT_SIZE = 50
RESENT, RETRIED, STUFFED = 0.03, 0.02, 0.005
MAX_WAIT = 1.0  # the longest a sender honours a Retry-After (seconds)
AIM_P99 = 2000.0  # milliseconds
SEED = 2026

SETTINGS = """from talapker.settings.default import *  # noqa: F403
from talapker.settings.default import REST_FRAMEWORK

REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None}}
"""


# The data directory and its database (in a spawned process: Django set up there alone).


def _env(home: Path, database_url: str) -> dict[str, str]:
    env = {**os.environ, "TALAPKER_HOME": str(home)}
    env["DJANGO_SETTINGS_MODULE"] = "talapker.settings.default"
    if database_url:
        env["DATABASE_URL"] = database_url
    else:
        env.pop("DATABASE_URL", None)  # SQLite in the home
    return env


def _django(home: str, database_url: str) -> None:
    os.environ.update(_env(Path(home), database_url))
    if not database_url:
        os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


@dataclass(frozen=True)
class Station:
    code: str
    region: str
    district: str
    country: str


def layout(protocols: int) -> list[Station]:
    """`protocols` stations: 2 % abroad (at least one), the rest at home in districts of
    about `DISTRICT_SIZE` stations, the districts dealt over the regions in turn."""
    abroad = max(1, protocols // 50) if protocols > 1 else 0
    home = protocols - abroad
    districts = max(1, round(home / DISTRICT_SIZE))
    stations = []
    for n in range(home):
        d = n % districts
        region = REGIONS[d % len(REGIONS)]
        stations.append(Station(f"{10001 + n}", region, f"{d + 1}-округ", "KGZ"))
    for n in range(abroad):
        stations.append(Station(f"{90001 + n}", "", "", ABROAD[n % len(ABROAD)]))
    return stations


def _build(home: str, database_url: str, protocols: int) -> None:
    _django(home, database_url)
    from django.core.management import call_command

    from talapker.elections.models import Election
    from talapker.elections.services import election_load
    from talapker.results.tokens import issue
    from talapker.voters.models import Precinct

    call_command("migrate", verbosity=0)
    election_load(ELECTION, actor="benchmark")
    election = Election.objects.get(code=CODE)
    stations = layout(protocols)
    Precinct.objects.bulk_create(
        (
            Precinct(
                code=s.code, name_ky=f"№{s.code} мектеп", name_ru=f"Школа №{s.code}",
                region=s.region, district=s.district, address=f"{s.district or s.country}, 1",
                country=s.country, latitude=40 + n / 10000, longitude=72 + n / 10000,
            )
            for n, s in enumerate(stations)
        ),
        batch_size=1000,
    )  # fmt: skip
    tokens = issue(election, [s.code for s in stations], actor="benchmark")
    Path(home, "tokens.json").write_text(json.dumps(tokens))
    # Loading the election queued its register build and its funds' screening for the
    # consumer `talapker serve` starts: left there, they would write during the burst.
    from huey.contrib.djhuey import HUEY

    if pending := HUEY.pending_count():
        print(f"  emptied the queue: {pending} tasks")
    HUEY.flush()


def fresh_database(url: str) -> None:
    """Drop and create the database the URL names (psql, connected to `postgres`)."""
    name = urlsplit(url).path.lstrip("/")
    base = url.rsplit("/", 1)[0]
    subprocess.run(
        ["psql", f"{base}/postgres", "-qc", f'DROP DATABASE IF EXISTS "{name}"', "-c",
         f'CREATE DATABASE "{name}"'], check=True,
    )  # fmt: skip


def build(home: Path, database_url: str, protocols: int) -> dict[str, str]:
    """The data directory (emptied first: a burst changes the database) and the tokens."""
    if home.exists():
        shutil.rmtree(home)
    home.mkdir(parents=True)
    if database_url:
        fresh_database(database_url)
    started = time.perf_counter()
    worker = multiprocessing.get_context("spawn").Process(
        target=_build, args=(str(home), database_url, protocols)
    )
    worker.start()
    worker.join()
    if worker.exitcode != 0:
        raise SystemExit(f"building the election failed ({worker.exitcode})")
    print(f"  built in {time.perf_counter() - started:.0f} s ({home})")
    tokens: dict[str, str] = json.loads((home / "tokens.json").read_text())
    return tokens


# The plan: what is sent, in which order.


@dataclass
class Send:
    precinct: str
    body: bytes  # empty: a GET (the baseline)
    key: str  # the Idempotency-Key
    kind: str  # first, resent (a second version), retried (the same again), baseline
    position: int  # the order in the shared queue
    expect: int  # 201 or 200
    stuffed: bool = False
    then: list[int] = field(default_factory=list)  # sends queued once this one is acknowledged


def _split(total: int, shares: list[float], rng: random.Random) -> list[int]:
    weights = [max(0.01, s * rng.uniform(0.85, 1.15)) for s in shares]
    parts = [int(total * w / sum(weights)) for w in weights]
    parts[0] += total - sum(parts)
    return parts


def protocol_body(station: Station, shares: list[float], turnout: float, rng: random.Random,
                  *, stuffed: bool = False) -> dict[str, Any]:  # fmt: skip
    """A protocol as a precinct commission's machine sends it: its control relations hold."""
    registered = rng.randint(400, 3000) if station.country != "KGZ" else rng.randint(700, 2600)
    received = registered + rng.randint(0, registered // 50 + 5)
    rate = min(0.95, max(0.15, rng.gauss(turnout, 0.05)))
    if stuffed:
        rate, shares = 0.93, [0.9, 0.06, 0.04]
    issued = round(registered * rate)
    in_box = issued - rng.randint(0, 3)
    invalid = rng.randint(0, in_box // 60 + 1)
    against = rng.randint(0, in_box // 40 + 1)
    votes = _split(in_box - invalid - against, shares, rng)
    return {
        "precinct": station.code, "registered": registered, "ballots_received": received,
        "ballots_issued": issued, "biometric_identified": issued, "ballots_in_box": in_box,
        "invalid": invalid, "against_all": against, "votes": dict(zip(PARTIES, votes, strict=True)),
    }  # fmt: skip


def plan(stations: list[Station], seed: int = SEED) -> tuple[list[Send], dict[str, int]]:
    """Every send of the burst, and the sums of the bodies that must count (the last
    version sent per precinct): `party:<code>` and each line."""
    rng = random.Random(seed)
    districts: dict[str, tuple[list[float], float]] = {}
    sends: list[Send] = []
    counted: dict[str, dict[str, Any]] = {}
    order = list(range(len(stations)))
    rng.shuffle(order)
    total = len(stations)
    for position, index in enumerate(order):
        station = stations[index]
        group = f"{station.region}|{station.district}|{station.country != 'KGZ'}"
        if group not in districts:
            districts[group] = (
                [rng.uniform(0.3, 0.5), rng.uniform(0.2, 0.35), rng.uniform(0.1, 0.25)],
                rng.uniform(0.45, 0.7),
            )
        shares, turnout = districts[group]
        stuffed = rng.random() < STUFFED
        body = protocol_body(station, shares, turnout, rng, stuffed=stuffed)
        first = Send(station.code, _json(body), str(uuid.UUID(int=rng.getrandbits(128))),
                     "first", position, 201, stuffed)  # fmt: skip
        sends.append(first)
        counted[station.code] = body
        draw = rng.random()
        later = position + rng.randint(total // 20 + 1, total // 4 + 2)
        if draw < RESENT:
            wrong = dict(body, invalid=body["invalid"] + rng.randint(1, 9))  # the sum is off
            first.body = _json(wrong)
            corrected = dict(body, votes=dict(body["votes"]))
            moved = min(corrected["votes"]["ishenim"], rng.randint(1, 5))
            corrected["votes"]["ishenim"] -= moved  # the corrected count
            corrected["votes"]["ata-jurt"] += moved
            counted[station.code] = corrected
            key = str(uuid.UUID(int=rng.getrandbits(128)))
            sends.append(Send(station.code, _json(corrected), key, "resent", later, 201))
            first.then.append(len(sends) - 1)
        elif draw < RESENT + RETRIED:
            sends.append(Send(station.code, first.body, first.key, "retried", later, 200))
            first.then.append(len(sends) - 1)
    sums: Counter[str] = Counter()
    for body in counted.values():
        for key in NUMBERS:
            sums[key] += body[key]
        for party, votes in body["votes"].items():
            sums[f"party:{party}"] += votes
    sums["precincts"] = len(counted)
    return sends, dict(sums)


def _json(body: dict[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False).encode()


# The server.


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _request(
    port: int, method: str, path: str, body: bytes | None = None, headers: Any = None
) -> tuple[int, Any]:
    ask = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", data=body, method=method,
        headers={"Content-Type": "application/json", "Accept": "application/json",
                 **(headers or {})},
    )  # fmt: skip
    try:
        with urllib.request.urlopen(ask, timeout=60) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def serving(home: Path, database_url: str, port: int, workers: int) -> Any:
    """`talapker serve` on the home, with the run's settings module, until the block ends."""
    return served(
        home, _env(home, database_url), ("election_night_settings", SETTINGS), port, workers,
        lambda: _request(port, "GET", BASELINE)[0] == 200,
    )  # fmt: skip


def workers_of(server: int) -> list[int]:
    """gunicorn's workers: the server's children (it runs gunicorn's arbiter itself) but the
    queue's consumer."""
    return [pid for pid in children(server) if "run_huey" not in command_line(pid)]


def postgres_processes() -> list[int]:
    """The PostgreSQL server's processes on this machine (its CPU is the burst's too)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == "postgres":
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


# The burst (in a spawned process, so its work is not the server's).


@dataclass
class Outcome:
    status: int = 0  # the last answer; 0: none (a connection that failed every time)
    ms: float = 0.0  # first send to acknowledgement, retries included
    busy: int = 0  # 503 answers sent again
    reconnects: int = 0


@dataclass
class Burst:
    seconds: float = 0.0
    client_cpu: float = 0.0  # the load process's CPU seconds (all its threads)
    server_cpu: float = 0.0  # gunicorn's workers
    database_cpu: float = 0.0  # PostgreSQL's processes
    outcomes: list[Outcome] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)  # every answer, retries too

    @property
    def acknowledged(self) -> list[float]:
        return [o.ms for o in self.outcomes if o.status in (200, 201)]

    @property
    def rate(self) -> float:
        return len(self.acknowledged) / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        """Nearest-rank percentile of the acknowledgement latencies (milliseconds)."""
        ranked = sorted(self.acknowledged)
        if not ranked:
            return float("nan")
        return ranked[min(len(ranked) - 1, max(0, round(share * len(ranked)) - 1))]


class Sender:
    """One keep-alive connection; sends one request until it has an answer but 503."""

    def __init__(self, port: int, statuses: Counter[str], lock: threading.Lock) -> None:
        self.port = port
        self.statuses, self.lock = statuses, lock
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def send(self, send: Send, token: str) -> Outcome:
        out = Outcome()
        headers = {"Accept": "application/json"}
        if send.body:
            headers |= {"Content-Type": "application/json", "X-Precinct-Token": token,
                        "Idempotency-Key": send.key}  # fmt: skip
        method, path = ("POST", PROTOCOLS) if send.body else ("GET", BASELINE)
        started = time.perf_counter()
        while True:
            try:
                self.connection.request(method, path, body=send.body or None, headers=headers)
                response = self.connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException) as error:
                # A keep-alive connection the server closed; the Idempotency-Key makes
                # sending again safe.
                self.connection.close()
                out.reconnects += 1
                with self.lock:
                    self.statuses[type(error).__name__] += 1
                if out.reconnects > 5:
                    return out
                continue
            with self.lock:
                self.statuses[str(response.status)] += 1
            if response.status == 503:
                out.busy += 1
                wait = response.getheader("Retry-After") or "1"
                time.sleep(min(MAX_WAIT, float(wait) if wait.isdigit() else MAX_WAIT))
                continue
            out.status = response.status
            out.ms = (time.perf_counter() - started) * 1000
            return out

    def close(self) -> None:
        self.connection.close()


def _burst(port: int, sends: list[Send], tokens: dict[str, str], senders: int) -> Burst:
    """Send every send over `senders` connections from one shared queue, in the plan's
    order; a send's follow-ups go in once it is acknowledged."""
    result = Burst(outcomes=[Outcome() for _ in sends])
    lock = threading.Lock()
    waiting: queue.PriorityQueue[tuple[int, int]] = queue.PriorityQueue()
    follow = {i for s in sends for i in s.then}
    for number, send in enumerate(sends):
        if number not in follow:
            waiting.put((send.position, number))
    left = [len(sends)]

    def done(count: int) -> None:
        with lock:
            left[0] -= count

    def run() -> None:
        sender = Sender(port, result.statuses, lock)
        while True:
            try:
                _, number = waiting.get(timeout=0.05)
            except queue.Empty:
                with lock:
                    if left[0] <= 0:
                        break
                continue
            send = sends[number]
            outcome = sender.send(send, tokens.get(send.precinct, ""))
            result.outcomes[number] = outcome
            if outcome.status in (200, 201):
                for then in send.then:
                    waiting.put((sends[then].position, then))
            else:  # its follow-ups are never sent: they count as not acknowledged
                done(len(send.then))
            done(1)
        sender.close()

    threads = [threading.Thread(target=run) for _ in range(senders)]
    cpu = time.process_time()
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - started
    result.client_cpu = time.process_time() - cpu
    return result


def load(server: int, database: bool, *args: Any) -> Burst:
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        pids = workers_of(server)
        pg = postgres_processes() if database else []
        before, pg_before = cpu_seconds(pids), cpu_seconds(pg)
        result: Burst = pool.apply(_burst, args)
        result.server_cpu = cpu_seconds(pids) - before
        result.database_cpu = cpu_seconds(pg) - pg_before
    return result


# The checks.


def check(port: int, tokens: dict[str, str]) -> None:
    """Refusals that write nothing, before anything is timed (they warm the workers up too):
    a wrong token (403) and a party not on the ballot (422)."""
    code, token = next(iter(tokens.items()))
    body = {"precinct": code, "registered": 1000, "ballots_received": 1010,
            "ballots_issued": 600, "biometric_identified": 600, "ballots_in_box": 600,
            "invalid": 0, "against_all": 0, "votes": {"no-such-party": 600}}  # fmt: skip
    for _ in range(8):
        status, answer = _request(port, "POST", PROTOCOLS, _json(body), {"X-Precinct-Token": "x"})
        if status != 403:
            raise SystemExit(f"a wrong token answered {status}: {answer!r}")
        status, answer = _request(port, "POST", PROTOCOLS, _json(body), {"X-Precinct-Token": token})
        if status != 422:
            raise SystemExit(f"a party not on the ballot answered {status}: {answer!r}")
        status, answer = _request(port, "GET", RESULTS)
        if status != 200:
            raise SystemExit(f"the results answered {status}: {answer!r}")


def _verify(home: str, database_url: str) -> dict[str, Any]:
    _django(home, database_url)
    from talapker.audit.services import audit_verify
    from talapker.elections.models import Election
    from talapker.results import tally
    from talapker.results.models import PrecinctFlag, Protocol

    election = Election.objects.get(code=CODE)
    started = time.perf_counter()
    recount = tally.recount(election.pk)
    recount_seconds = time.perf_counter() - started
    running = tally.read(election.pk)
    events, problems = audit_verify()
    return {
        "exact": running == recount,
        "areas": len(running),
        "differing": sorted(
            f"{kind}:{area}"
            for kind, area in set(running) | set(recount)
            if running.get((kind, area)) != recount.get((kind, area))
        )[:5],
        "national": running.get((tally.ALL, ""), {}),
        "recount_seconds": recount_seconds,
        "protocols": Protocol.objects.filter(election=election).count(),
        "effective": Protocol.objects.filter(election=election, effective=True).count(),
        "flags": dict(Counter(PrecinctFlag.objects.values_list("rule", flat=True))),
        "audit_events": events,
        "audit_problems": problems[:5],
    }


def verify(home: Path, database_url: str) -> dict[str, Any]:
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        found: dict[str, Any] = pool.apply(_verify, (str(home), database_url))
    return found


# The run.


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--protocols", type=int, default=2500, help="stations, one protocol each")
    parser.add_argument("--senders", type=int, default=50, help="concurrent keep-alive senders")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn processes (4 threads)")
    parser.add_argument(
        "--database-url", default="", help="PostgreSQL (dropped and created again); else SQLite"
    )
    parser.add_argument("--keep-home", type=Path, help="the data directory, kept after the run")
    args = parser.parse_args()
    if args.database_url and not args.database_url.startswith(("postgres://", "postgresql://")):
        parser.error("--database-url: a postgres:// URL (SQLite is the default)")
    temporary = None
    if args.keep_home is None:
        temporary = tempfile.mkdtemp(prefix="election-night-")
        home = Path(temporary) / "home"
    else:
        home = args.keep_home.resolve()
    database = "PostgreSQL" if args.database_url else "SQLite"
    try:
        print(f"election night: {args.protocols:,} stations, {database}, {os.cpu_count()} CPUs, "
              f"load average {os.getloadavg()[0]:.2f}")  # fmt: skip
        tokens = build(home, args.database_url, args.protocols)
        sends, expected = plan(layout(args.protocols))
        baseline_sends = [Send("", b"", "", "baseline", n, 200) for n in range(len(sends))]
        port = free_port()
        with serving(home, args.database_url, port, args.workers) as server:
            check(port, tokens)
            baseline = load(server, bool(args.database_url), port, baseline_sends, {},
                            args.senders)  # fmt: skip
            burst = load(server, bool(args.database_url), port, sends, tokens, args.senders)
            started = time.perf_counter()
            status, results = _request(port, "GET", RESULTS)
            results_ms = (time.perf_counter() - started) * 1000
        found = verify(home, args.database_url)
        ok = report(args, database, sends, expected, baseline, burst, found,
                    (status, results, results_ms))  # fmt: skip
    finally:
        if temporary:
            shutil.rmtree(temporary, ignore_errors=True)
    if not ok:
        raise SystemExit("some protocols were not acknowledged, or the tally is not exact")


def report(
    args: argparse.Namespace, database: str, sends: list[Send], expected: dict[str, int],
    baseline: Burst, burst: Burst, found: dict[str, Any], results: tuple[int, Any, float],
) -> bool:  # fmt: skip
    kinds = Counter(s.kind for s in sends)
    print(f"\n{len(sends):,} sends: {kinds['first']:,} protocols, {kinds['resent']:,} sent "
          f"again as a new version, {kinds['retried']:,} retried (same body, same key), "
          f"{sum(s.stuffed for s in sends)} stuffed; {args.senders} senders, {args.workers} "
          f"workers x 4 threads, {database}")  # fmt: skip
    print(f"{'':34}{'seconds':>8}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}"
          f"{'max ms':>8}{'server CPU ms':>14}{'client CPU':>11}")  # fmt: skip
    rows = ((f"baseline: GET {BASELINE}", baseline), ("protocols: POST .../protocols", burst))
    for name, run in rows:
        acked = len(run.acknowledged)
        cpu_ms = 1000 * run.server_cpu / acked if acked else float("nan")
        client = f"{100 * run.client_cpu / run.seconds:.0f} %" if run.seconds else "-"
        print(f"{name:<34}{run.seconds:>8.1f}{run.rate:>8.0f}{run.percentile(0.5):>8.0f}"
              f"{run.percentile(0.95):>8.0f}{run.percentile(0.99):>8.0f}"
              f"{run.percentile(1.0):>8.0f}{cpu_ms:>14.1f}{client:>11}")  # fmt: skip
    ratio = burst.rate / baseline.rate if baseline.rate else float("nan")
    print(f"\nprotocols / baseline: requests/s {ratio:.2f}")
    print(f"answers: {dict(sorted(burst.statuses.items()))} (baseline: "
          f"{dict(sorted(baseline.statuses.items()))})")  # fmt: skip
    busy = sum(o.busy for o in burst.outcomes)
    held = sum(1 for o in burst.outcomes if o.busy)
    print(f"503 sent again: {busy} ({held} sends); reconnects: "
          f"{sum(o.reconnects for o in burst.outcomes)}")  # fmt: skip
    line = (f"CPU seconds during the burst ({burst.seconds:.1f} s on {os.cpu_count()} CPUs): "
            f"server {burst.server_cpu:.1f}, client {burst.client_cpu:.1f}")  # fmt: skip
    if args.database_url:
        line += f", PostgreSQL {burst.database_cpu:.1f}"
    print(line)
    unexpected = Counter(
        f"{s.kind} {o.status}" for s, o in zip(sends, burst.outcomes, strict=True)
        if o.status != s.expect and not (o.reconnects and o.status in (200, 201))
    )  # fmt: skip
    national = found["national"]
    wrong_sums = {
        item: (national.get(item, 0), value) for item, value in expected.items()
        if national.get(item, 0) != value
    }  # fmt: skip
    status, answer, results_ms = results
    shown = {}
    if status == 200 and isinstance(answer, dict):
        shown = {p.get("party"): p.get("votes") for p in answer.get("parties", [])}
        shown["reporting"] = answer.get("reporting")
    results_ok = (
        status == 200
        and shown.get("reporting") == expected["precincts"]
        and all(shown.get(p) == expected[f"party:{p}"] for p in PARTIES)
    )
    print(f"tally: {found['areas']} areas, running = recount: {found['exact']}"
          f"{' ' + str(found['differing']) if found['differing'] else ''}; recount "
          f"{found['recount_seconds']:.2f} s")  # fmt: skip
    votes = ", ".join(f"{p} {national.get(f'party:{p}', 0):,}" for p in PARTIES)
    print(f"national votes: {votes}; equal to the sums sent: {not wrong_sums}"
          f"{' ' + str(wrong_sums) if wrong_sums else ''}")  # fmt: skip
    print(f"GET .../results: {status} in {results_ms:.0f} ms, reporting and votes as sent: "
          f"{results_ok}")  # fmt: skip
    print(f"stored: {found['protocols']:,} protocols ({found['effective']:,} counting), flags "
          f"{found['flags']}; audit chain {found['audit_events']:,} events, "
          f"{'intact' if not found['audit_problems'] else found['audit_problems']}")  # fmt: skip
    if unexpected:
        print(f"unexpected answers: {dict(unexpected)}")
    acknowledged = len(burst.acknowledged) == len(sends)
    p99_ok = burst.percentile(0.99) <= AIM_P99
    no_500 = not any(k.startswith("5") and k != "503" for k in burst.statuses)
    exact = found["exact"] and not wrong_sums and results_ok and not found["audit_problems"]
    print(f"aim: every protocol acknowledged: {'yes' if acknowledged else 'NO'}; "
          f"p99 <= {AIM_P99 / 1000:.0f} s: {'met' if p99_ok else 'NOT met'}; "
          f"no 500: {'yes' if no_500 else 'NO'}; "
          f"tally exact: {'yes' if exact else 'NO'}")  # fmt: skip
    print(f"load average at the end {os.getloadavg()[0]:.2f}")
    baseline_ok = all(o.status == 200 for o in baseline.outcomes)
    return acknowledged and no_500 and exact and not unexpected and baseline_ok


if __name__ == "__main__":
    main()
