"""Benchmark: "am I on the list?" (`POST /api/v1/elections/E/voter-lookup`) under load.

In a fresh data directory (SQLite, like `talapker demo`), a spawned process migrates, loads
the sample election, imports the sample stations plus `--stations` more, writes `--voters`
people into the population register with one `executemany` (bulk SQL, no ORM objects) and
builds the election's register with `register_build` (set-based, as in production). It keeps
a sample of people to ask for: half asked with their birth date (found), half with a wrong
one (not found), in random order.

Then `talapker serve` (gunicorn, as in production; `--workers` processes of 4 threads) serves
it on loopback with the lookup limits and the API's anonymous limit turned off through a
settings module written for the run (`--with-limits` keeps the limits on at rates no one
reaches, to count their cost). A spawned load process runs `--clients` keep-alive
`http.client` threads for `--seconds` (after a short warm-up), first against the baseline,
`GET /api/v1/elections` (a trivial answer from the response cache), then against the lookup,
each POST asking for the next person of the sample. It prints requests/s, p50 and p99
latency of each, the ratio of the lookup's to the baseline's, and whether the targets
(>= 200 requests/s, p99 <= 50 ms) are met. It checks the answers before timing (a found and
a not-found one), and counts any answer but 200 as an error.

Usage:
    .venv/bin/python benchmarks/voter_lookup.py [--voters 200000] [--seconds 10]
        [--clients 4] [--workers 2] [--keep-home DIR] [--with-limits]
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import multiprocessing
import os
import random
import shutil
import socket
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from http_load import children, command_line, cpu_seconds, served

ROOT = Path(__file__).resolve().parent.parent
ELECTION = ROOT / "talapker" / "elections" / "tests" / "samples" / "valid"
STATIONS = ROOT / "talapker" / "voters" / "tests" / "samples" / "precincts.csv"
SAMPLE = 5000  # people asked for, in turn
BASELINE = "/api/v1/elections"
TARGET_RATE, TARGET_P99 = 200.0, 50.0

SETTINGS = """from talapker.settings.default import *  # noqa: F403
from talapker.settings.default import REST_FRAMEWORK

REST_FRAMEWORK = {{**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {{"anon": None, "user": None}}}}
TALAPKER_LOOKUP_RATE = {rate!r}
TALAPKER_LOOKUP_GLOBAL_RATE = {rate!r}
"""


# Building the register (in a spawned process: Django set up there alone).


def _env(home: Path) -> dict[str, str]:
    env = {**os.environ, "TALAPKER_HOME": str(home)}
    env["DJANGO_SETTINGS_MODULE"] = "talapker.settings.default"
    env.pop("DATABASE_URL", None)  # SQLite in the home
    return env


def _pin(serial: int, born: dt.date, sex: str) -> str:
    """A PIN as the state issues them: sex, birth date, a serial of that day."""
    return f"{1 if sex == 'F' else 2}{born:%d%m%Y}{serial:05d}"


def _build(home: str, voters: int, stations: int) -> None:
    os.environ.update(_env(Path(home)))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from talapker.core.names import name_key
    from talapker.elections.models import Election
    from talapker.elections.services import election_load
    from talapker.voters.build import register_build
    from talapker.voters.models import Precinct
    from talapker.voters.precincts import precincts_import

    call_command("migrate", verbosity=0)
    election_load(ELECTION, actor="benchmark")
    election = Election.objects.get(code="jk-2026")
    precincts_import(STATIONS)
    Precinct.objects.bulk_create(
        Precinct(
            code=f"{2000 + n}", name_ky=f"№{n} мектеп", name_ru=f"Школа №{n}",
            address=f"Бишкек ш., {n}-көчө, 1", country="KGZ",
            latitude=42.8 + n / 10000, longitude=74.5 + n / 10000,
        )
        for n in range(stations)
    )  # fmt: skip
    codes = [f"{2000 + n}" for n in range(stations)] or ["1001"]
    rng = random.Random(15)
    key = name_key("Асанов", "Бакыт")
    rows, sample = [], []
    serials: Counter[tuple[dt.date, str]] = Counter()
    for n in range(voters):
        born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(20_000))
        sex = "F" if n % 2 else "M"
        serials[born, sex] += 1
        pin = _pin(serials[born, sex], born, sex)
        rows.append(
            (pin, "Асанов", "Бакыт", "", born.isoformat(), sex, "KGZ", True, codes[n % len(codes)],
             key, True, True, 1)
        )  # fmt: skip
        if n % max(1, voters // SAMPLE) == 0:
            sample.append((pin, born.isoformat()))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO registers_person (pin, surname, name, patronymic, birth_date, sex, "
            "citizenship, biometric, region, precinct, name_key, pin_consistent, holds_kgz, "
            "citizenship_count) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, '', %s, %s, %s, %s, %s)",
            rows,
        )
    build = register_build(election, trigger="benchmark")
    questions = []
    for pin, born in sample[:SAMPLE]:
        wrong = (dt.date.fromisoformat(born) + dt.timedelta(days=1)).isoformat()
        questions += [{"pin": pin, "birth_date": born}, {"pin": pin, "birth_date": wrong}]
    rng.shuffle(questions)
    Path(home, "questions.json").write_text(json.dumps(questions))
    print(f"  register of {build.voters:,} voters built in {build.seconds:.1f} s")


def build(home: Path, voters: int, stations: int) -> None:
    stamp = {"voters": voters, "stations": stations}
    marker = home / "voter_lookup.json"
    if marker.exists() and json.loads(marker.read_text()) == stamp:
        print(f"  reusing {home}")
        return
    if home.exists():
        shutil.rmtree(home)
    home.mkdir(parents=True)
    started = time.perf_counter()
    worker = multiprocessing.get_context("spawn").Process(
        target=_build, args=(str(home), voters, stations)
    )
    worker.start()
    worker.join()
    if worker.exitcode != 0:
        raise SystemExit(f"building the register failed ({worker.exitcode})")
    marker.write_text(json.dumps(stamp))
    print(f"  built in {time.perf_counter() - started:.0f} s ({home})")


# The server.


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _request(port: int, method: str, path: str, body: Any = None) -> tuple[int, Any]:
    data = json.dumps(body).encode() if body is not None else None
    ask = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", data=data, method=method,
        headers={"Content-Type": "application/json", "Accept": "application/json"},
    )  # fmt: skip
    try:
        with urllib.request.urlopen(ask, timeout=60) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def serving(home: Path, port: int, workers: int, rate: str | None) -> Any:
    """`talapker serve` on the home, with the run's settings module, until the block ends."""
    return served(
        home, _env(home), ("voter_lookup_settings", SETTINGS.format(rate=rate)), port, workers,
        lambda: _request(port, "GET", BASELINE)[0] == 200,
    )  # fmt: skip


# The load (in a spawned process, so its work is not the server's).


@dataclass
class Result:
    seconds: float = 0.0
    cpu: float = 0.0  # the server's CPU seconds during the run
    latencies: list[float] = field(default_factory=list)  # milliseconds, answered 200
    errors: Counter[str] = field(default_factory=Counter)

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    @property
    def cpu_ms(self) -> float:
        """The server's CPU milliseconds a request: a figure other work does not inflate."""
        return 1000 * self.cpu / len(self.latencies) if self.latencies else float("nan")

    def percentile(self, share: float) -> float:
        if not self.latencies:
            return float("nan")
        ranked = sorted(self.latencies)
        return ranked[min(len(ranked) - 1, max(0, round(share * len(ranked)) - 1))]


def _client(port: int, path: str, bodies: list[bytes], offset: int, deadline: float) -> Result:
    out = Result()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    n = offset
    while time.perf_counter() < deadline:
        body = bodies[n % len(bodies)] if bodies else None
        n += 1
        started = time.perf_counter()
        try:
            connection.request("POST" if body else "GET", path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException) as error:
            out.errors[type(error).__name__] += 1
            connection.close()
            continue
        if response.status == 200:
            out.latencies.append((time.perf_counter() - started) * 1000)
        else:
            out.errors[str(response.status)] += 1
    connection.close()
    return out


def _load(
    port: int, path: str, questions: list[dict[str, str]], clients: int, seconds: float
) -> Result:
    bodies = [json.dumps(q).encode() for q in questions]
    warm = time.perf_counter() + min(1.0, seconds / 5)
    _client(port, path, bodies, 0, warm)  # warm-up: connections, caches
    results: list[Result] = [Result() for _ in range(clients)]
    started = time.perf_counter()
    deadline = started + seconds

    def run(number: int) -> None:
        results[number] = _client(port, path, bodies, number * 997, deadline)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    total = Result(seconds=time.perf_counter() - started)
    for part in results:
        total.latencies += part.latencies
        total.errors.update(part.errors)
    return total


def workers_of(server: int) -> list[int]:
    """gunicorn's workers: the server's children (it runs gunicorn's arbiter itself) but the
    queue's consumer."""
    return [pid for pid in children(server) if "run_huey" not in command_line(pid)]


def load(server: int, *args: Any) -> Result:
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        pids = workers_of(server)
        before = cpu_seconds(pids)
        result: Result = pool.apply(_load, args)
        result.cpu = cpu_seconds(pids) - before
    return result


# The run.


def check(port: int, questions: list[dict[str, str]]) -> None:
    """A found and a not-found answer, before anything is timed."""
    path = "/api/v1/elections/jk-2026/voter-lookup"
    kinds = Counter()
    for question in questions[:20]:
        status, answer = _request(port, "POST", path, question)
        if status != 200 or not isinstance(answer, dict) or "found" not in answer:
            raise SystemExit(f"the lookup answered {status}: {answer!r}")
        kinds[answer["found"]] += 1
    if not (kinds[True] and kinds[False]):
        raise SystemExit(f"expected found and not-found answers, got {dict(kinds)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--voters", type=int, default=200_000)
    parser.add_argument("--stations", type=int, default=2_000)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep-home", type=Path, help="build here once, reuse after")
    parser.add_argument(
        "--with-limits", action="store_true", help="keep the lookup limits on (unreachable rates)"
    )
    args = parser.parse_args()
    temporary = None
    if args.keep_home is None:
        temporary = tempfile.mkdtemp(prefix="voter-lookup-")
        home = Path(temporary) / "home"
    else:
        home = args.keep_home.resolve()
    try:
        print(f"voter lookup: {args.voters:,} voters, {os.cpu_count()} CPUs, "
              f"load average {os.getloadavg()[0]:.2f}")  # fmt: skip
        build(home, args.voters, args.stations)
        questions = json.loads((home / "questions.json").read_text())
        port = free_port()
        rate = "100000000/minute" if args.with_limits else None
        with serving(home, port, args.workers, rate) as server:
            check(port, questions)
            lookup_path = "/api/v1/elections/jk-2026/voter-lookup"
            baseline = load(server, port, BASELINE, [], args.clients, args.seconds)
            lookup = load(server, port, lookup_path, questions, args.clients, args.seconds)
        report(baseline, lookup, args)
    finally:
        if temporary:
            shutil.rmtree(temporary, ignore_errors=True)


def report(baseline: Result, lookup: Result, args: argparse.Namespace) -> None:
    limits = "on (unreachable rates)" if args.with_limits else "off"
    print(f"\n{args.clients} clients, {args.workers} workers x 4 threads, "
          f"{args.seconds:g} s each, lookup limits {limits}")  # fmt: skip
    print(f"{'question':<40}{'requests/s':>11}{'p50 ms':>8}{'p99 ms':>8}{'CPU ms':>8}  errors")
    for name, result in (
        (f"baseline: GET {BASELINE}", baseline),
        ("lookup: POST elections/E/voter-lookup", lookup),
    ):
        errors = dict(result.errors) or "none"
        print(f"{name:<40}{result.rate:>11,.0f}{result.percentile(0.5):>8.1f}"
              f"{result.percentile(0.99):>8.1f}{result.cpu_ms:>8.2f}  {errors}")  # fmt: skip
    ratio = lookup.rate / baseline.rate if baseline.rate else float("nan")
    cpu_ratio = lookup.cpu_ms / baseline.cpu_ms if baseline.cpu else float("nan")
    print(f"\nlookup / baseline: requests/s {ratio:.2f}, server CPU a request {cpu_ratio:.2f}")
    cores = os.cpu_count() or 1
    print(f"capacity from CPU alone ({cores} cores, nothing else running): "
          f"{1000 * cores / lookup.cpu_ms:,.0f} lookups/s")  # fmt: skip
    rate_ok, p99_ok = lookup.rate >= TARGET_RATE, lookup.percentile(0.99) <= TARGET_P99
    print(f"target >= {TARGET_RATE:.0f} requests/s: {'met' if rate_ok else 'NOT met'}; "
          f"p99 <= {TARGET_P99:.0f} ms: {'met' if p99_ok else 'NOT met'}")  # fmt: skip
    print(f"load average at the end {os.getloadavg()[0]:.2f}")
    if lookup.errors or baseline.errors:
        raise SystemExit("some requests were not answered 200")


if __name__ == "__main__":
    main()
