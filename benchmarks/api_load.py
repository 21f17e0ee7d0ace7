"""Benchmark: the open-data API under load, served by `talapker serve`, against Datasette.

Serves the demo election with the production server (`talapker serve`: gunicorn, its own
defaults) and, in the same run, the same SQLite file with Datasette (immutable, so it reads
without looking for changes: its fastest mode); loads each from another process on loopback
(`http_load.py`: N keep-alive connections, a bounded run) and asks both the same questions:

1. the election's parties (`/api/v1/elections/E/parties`; Datasette: a canned query with
   the same joins and order: election code, candidate count, ballot order);
2. a filtered page of 100 contributions of one fund, 1,000 som and up, following the
   cursor a few pages deep (`.../contributions?fund=F&amount_min=1000&page_size=100`;
   Datasette: the table filtered by the fund's standing version, `_size=100`, by id as the
   API, with its own `_next` keyset paging, without its count and facets);
3. the national election's contributions as one streamed CSV (`?format=csv`), with the
   server's peak memory, against `sqlite3 -csv` of the same rows (the floor) and
   Datasette's `.csv?_stream=on`.

The national election is `finance_pages.py`'s: the sample election, 20 funds, a final report
of N/20 contributions each. Questions 1 and 2 are asked of it too, and 2b: question 2 with
every page new to the server (no answer from its cache). For each answer the table gives
requests/s, p50 and p99, the server's CPU time a request, rows/s and peak memory, the ratio
to Datasette or sqlite3 and the issue's targets. The answers are checked (the same row
counts everywhere) before the figures are read.

Usage:
    uv sync --group bench        # Datasette (without it, Talapker's side runs alone)
    .venv/bin/python benchmarks/api_load.py [--contributions 1000000] [--seconds 10]
        [--connections 8] [--workers 2] [--keep-home DIR] [--no-demo] [--no-datasette]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import multiprocessing
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from http_load import (
    Load,
    Result,
    children,
    command_line,
    command_rows,
    cpu_seconds,
    load,
    peak_reset,
    peak_rss,
    rss,
    stream,
)

ROOT = Path(__file__).resolve().parent.parent
DB = "talapker.sqlite3"
MB = 1024 * 1024
PAGES = 5  # cursor pages each client follows before it begins again
TARGETS = {  # the issue's: requests/s, p99 ms; rows/s, peak MB
    "parties": (400, 50),
    "contributions": (150, 150),
    "csv": (100_000, 200),
}
# The election's standing versions in SQL, as filings.models.VersionQuerySet.standing: each
# fund's current final report, else its current interim one.
STANDING = """
    SELECT v.id FROM filings_reportversion v
    JOIN filings_report r ON r.id = v.report_id
    JOIN funds_fund f ON f.id = r.fund_id
    JOIN elections_election e ON e.id = f.election_id
    WHERE e.code = :election AND v.state = 'filed' AND v.is_current AND (
        r.kind = 'final' OR NOT EXISTS (
            SELECT 1 FROM filings_reportversion v2
            JOIN filings_report r2 ON r2.id = v2.report_id
            WHERE r2.fund_id = r.fund_id AND r2.kind = 'final' AND v2.state = 'filed'
                AND v2.is_current))
"""
PARTIES_SQL = """
    SELECT e.code AS election, p.code, p.name_ky, p.name_ru, p.name_en, p.ballot_position,
        p.registration_no, p.leader, p.founded, p.website, p.programme != '' AS has_programme,
        (SELECT count(*) FROM candidates_candidate c WHERE c.party_id = p.id) AS candidate_count
    FROM parties_party p JOIN elections_election e ON e.id = p.election_id
    WHERE e.code = :election ORDER BY coalesce(p.ballot_position, 0), p.code LIMIT 1001
"""
# The API's CSV in SQL: the same rows, joins, subqueries and order (by id).
CSV_SQL = """
    SELECT p.code AS party, f.code AS fund, r.kind AS report, v.number AS version, c.line,
        c.date, c.donor_name, c.donor_kind,
        (SELECT d.ref FROM disclosure_donor d WHERE d.donor_id = c.donor_id) AS donor_ref,
        c.amount, c.method,
        (SELECT t.status FROM banking_transaction t WHERE t.contribution_id = c.id) AS status,
        c.description
    FROM filings_contribution c
    JOIN filings_reportversion v ON v.id = c.version_id
    JOIN filings_report r ON r.id = v.report_id
    JOIN funds_fund f ON f.id = r.fund_id
    LEFT JOIN parties_party p ON p.id = f.party_id
    WHERE c.version_id IN ({versions}) ORDER BY c.id
"""
# Datasette's columns (_col): the row's own, without the joins.
COLUMNS = (
    "version_id",
    "line",
    "date",
    "donor_name",
    "donor_kind",
    "amount",
    "method",
    "description",
)


@dataclass
class Home:
    path: Path
    election: str
    fund: str  # the fund with the most contributions of 1,000 som and up
    fund_versions: list[int]
    versions: list[int]  # the election's standing versions

    @property
    def db(self) -> Path:
        return self.path / DB


@dataclass
class Row:
    question: str
    server: str
    rate: float = math.nan  # requests/s
    p50: float = math.nan
    p99: float = math.nan
    cpu: float = math.nan  # the server's CPU milliseconds a request
    rows: float = math.nan  # rows/s
    rows_cpu: float = math.nan  # rows a second of the server's CPU time
    peak: float = math.nan  # MB
    against: str = ""
    target: str = ""
    note: str = ""


# Data.


def ratio(a: float, b: float) -> float:
    """a / b, or nan when b is nothing (a tiny run can use less than a clock tick of CPU)."""
    return a / b if b else math.nan


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _env(home: Path) -> dict[str, str]:
    env = {**os.environ, "TALAPKER_HOME": str(home)}
    env["DJANGO_SETTINGS_MODULE"] = "talapker.settings.default"
    env.pop("DATABASE_URL", None)  # SQLite in the home: the file Datasette serves
    return env


def _build_national(home: str, funds: int, rows: int) -> None:
    """In a spawned process: finance_pages.py's national election in `home`."""
    os.environ.update(_env(Path(home)))
    os.environ.pop("DATABASE_URL", None)
    sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]
    import django

    django.setup()
    import finance_pages

    finance_pages.load(funds, rows)


def _settle(home: str) -> None:
    """In a spawned process: empty the home's queue. Filing queues each fund's screening for
    the consumer that `talapker serve` starts; left there, it would screen a million rows
    during the measurements (and write to the file Datasette reads as immutable). The demo
    has screened its election already; the national one's findings are not asked for."""
    os.environ.update(_env(Path(home)))
    os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from huey.contrib.djhuey import HUEY

    if pending := HUEY.pending_count():
        print(f"  emptied the queue: {pending} tasks")
    HUEY.flush()


def _spawned(target: Any, *args: Any) -> None:
    worker = multiprocessing.get_context("spawn").Process(target=target, args=args)
    worker.start()
    worker.join()
    if worker.exitcode != 0:
        raise SystemExit(f"{target.__name__}{args} failed ({worker.exitcode})")


def build(home: Path, kind: str, contributions: int, funds: int) -> None:
    """Build a home once (`--keep-home` reuses one built with the same figures), then leave
    it quiet: no queued work, everything in the database file."""
    stamp = {"kind": kind, "contributions": contributions if kind == "national" else None}
    marker = home / "api_load.json"
    if marker.exists() and json.loads(marker.read_text()) == stamp:
        print(f"  reusing {home}")
    else:
        if home.exists():
            shutil.rmtree(home)
        home.mkdir(parents=True)
        started = time.perf_counter()
        if kind == "demo":
            subprocess.run(
                [sys.executable, "-m", "talapker.cli", "demo", "--no-serve"],
                env=_env(home), cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
            )  # fmt: skip
        else:
            _spawned(_build_national, str(home), funds, contributions // funds)
        marker.write_text(json.dumps(stamp))
        print(f"  built the {kind} election in {time.perf_counter() - started:.0f} s ({home})")
    _spawned(_settle, str(home))
    with sqlite3.connect(home / DB) as db:  # everything in the file: Datasette reads it immutable
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def describe(path: Path) -> Home:
    with sqlite3.connect(f"file:{path / DB}?mode=ro", uri=True) as db:
        (election,) = db.execute("SELECT code FROM elections_election ORDER BY id").fetchone()
        versions = [v for (v,) in db.execute(STANDING, {"election": election})]
        marks = ",".join("?" * len(versions))
        fund, version = db.execute(
            "SELECT f.code, c.version_id FROM filings_contribution c"
            " JOIN filings_reportversion v ON v.id = c.version_id"
            " JOIN filings_report r ON r.id = v.report_id JOIN funds_fund f ON f.id = r.fund_id"
            f" WHERE c.version_id IN ({marks}) AND c.amount >= 1000"
            " GROUP BY c.version_id ORDER BY count(*) DESC, f.code LIMIT 1",
            versions,
        ).fetchone()
    return Home(path, election, fund, [version], versions)


def count(home: Home, sql: str, params: Any = ()) -> int:
    with sqlite3.connect(f"file:{home.db}?mode=ro", uri=True) as db:
        return int(db.execute(sql, params).fetchone()[0])


# Servers.


def _get(port: int, path: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _wait(port: int, path: str, process: subprocess.Popen[bytes], name: str) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{name} stopped before it answered (exit {process.returncode})")
        try:
            if _get(port, path)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{name} did not answer {path} within 180 s")


@contextmanager
def running(
    argv: list[str], env: dict[str, str], log: Path, port: int, ready: str
) -> Iterator[int]:
    """A server process until the block ends; yields its pid."""
    with log.open("ab") as output:
        process = subprocess.Popen(argv, env=env, cwd=ROOT, stdout=output, stderr=output)
    try:
        _wait(port, ready, process, argv[2])
        yield process.pid
    finally:
        below = {pid: command_line(pid) for pid in children(process.pid)}
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        for pid, command in below.items():  # a worker or the queue's consumer left behind
            if command and command_line(pid) == command:
                os.kill(pid, signal.SIGKILL)


def talapker(home: Home, port: int, workers: int) -> Any:
    argv = [sys.executable, "-m", "talapker.cli", "serve", "--port", str(port)]
    argv += ["--workers", str(workers)]
    return running(argv, _env(home.path), home.path / "serve.log", port, "/api/v1/elections")


def gunicorn_workers(pid: int) -> list[int]:
    return [p for p in children(pid) if "run_huey" not in command_line(p)]


def datasette(home: Home, port: int) -> Any:
    metadata = home.path / "datasette-metadata.json"
    metadata.write_text(
        json.dumps({"databases": {"talapker": {"queries": {"parties": {"sql": PARTIES_SQL}}}}})
    )
    argv = [sys.executable, "-m", "datasette", "serve", "-i", str(home.db), "-h", "127.0.0.1"]
    argv += ["-p", str(port), "--metadata", str(metadata)]
    argv += ["--setting", "max_csv_mb", "0", "--setting", "sql_time_limit_ms", "10000"]
    return running(argv, _env(home.path), home.path / "datasette.log", port, "/-/versions.json")


# Questions.


def api_parties(home: Home) -> str:
    return f"/api/v1/elections/{home.election}/parties"


def datasette_parties(home: Home) -> str:
    return f"/talapker/parties.json?election={quote(home.election)}&_shape=objects"


def api_contributions(home: Home, extra: str = "") -> str:
    return f"/api/v1/elections/{home.election}/contributions{extra}"


def api_page(home: Home, amount_min: int = 1000) -> str:
    query = urlencode({"fund": home.fund, "amount_min": amount_min, "page_size": 100})
    return api_contributions(home, f"?{query}")


def datasette_page(home: Home) -> str:
    query = [("version_id__in", ",".join(map(str, home.fund_versions))), ("amount__gte", "1000")]
    query += [("_size", "100"), ("_shape", "objects")]
    query += [("_nocount", "1"), ("_nofacet", "1"), ("_nosuggest", "1")]
    query += [("_col", column) for column in COLUMNS]
    return f"/talapker/filings_contribution.json?{urlencode(query)}"


def datasette_csv(home: Home) -> str:
    query = [("version_id__in", ",".join(map(str, home.versions))), ("_stream", "on")]
    query += [("_size", "max"), *(("_col", column) for column in COLUMNS)]
    return f"/talapker/filings_contribution.csv?{urlencode(query)}"


def rows_of(body: bytes) -> int:
    page = json.loads(body)
    return len(page if isinstance(page, list) else page.get("results", page.get("rows", [])))


def check(label: str, got: object, expected: object) -> None:
    if got != expected:
        raise SystemExit(f"{label}: {got} where {expected} was expected; no figures are read")


def measured(spec: Load, pids: list[int], warm: bool = True) -> tuple[Result, float]:
    """A short warm-up, then the bounded run; the servers' CPU seconds during the run."""
    if warm:
        load(replace(spec, seconds=min(2.0, spec.seconds / 5)))
    before = cpu_seconds(pids)
    result = load(spec)
    used = cpu_seconds(pids) - before
    if result.errors:
        print(f"  errors on {spec.path}: {dict(result.errors)}")
    return result, used


def request_row(question: str, server: str, run: tuple[Result, float], note: str = "") -> Row:
    result, cpu = run
    p50, p99 = result.percentile(0.5), result.percentile(0.99)
    per_request = cpu * 1000 / len(result.latencies) if result.latencies else math.nan
    return Row(question, server, result.rate, p50, p99, per_request, note=note)


def judge(row: Row, key: str, datasette_row: Row | None) -> None:
    if key == "csv":
        rows_goal, peak_goal = TARGETS[key]
        met = row.rows >= rows_goal and row.peak < peak_goal
        row.target = f"{'met' if met else 'MISSED'} (>={rows_goal:,} rows/s, <{peak_goal} MB)"
        return
    rate_goal, p99_goal = TARGETS[key]
    met = row.rate >= rate_goal and row.p99 <= p99_goal
    row.target = f"{'met' if met else 'MISSED'} (>={rate_goal}/s, p99<={p99_goal} ms)"
    if datasette_row is not None and datasette_row.rate:
        row.against = f"{row.rate / datasette_row.rate:.2f}x Datasette"


def ask_lists(home: Home, args: argparse.Namespace, label: str) -> tuple[list[Row], bool]:
    """Questions 1 and 2 on one home, Talapker then Datasette. On the national election,
    question 2 is asked once more with every page new to the server (2b: each client its
    own amount_min, 1000 less its number, walking on through the pages), which is what a
    cache cannot help with. Also says whether the API has the contributions endpoint."""
    parties = count(home, "SELECT count(*) FROM parties_party")
    matching = count(
        home,
        f"SELECT count(*) FROM filings_contribution WHERE amount >= 1000 AND version_id IN "
        f"({','.join(map(str, home.fund_versions))})",
    )
    first = min(100, matching)
    n = args.connections
    ours: dict[str, tuple[Result, float]] = {}
    port = free_port()
    with talapker(home, port, args.workers) as pid:
        workers = gunicorn_workers(pid)
        status, body = _get(port, api_parties(home))
        check("API parties", (status, rows_of(body)), (200, parties))
        ours["parties"] = measured(Load(port, api_parties(home), n, args.seconds), workers)
        has_api = _get(port, api_contributions(home, "?page_size=1"))[0] == 200
        if has_api:
            status, body = _get(port, api_page(home))
            check("API contributions page", (status, rows_of(body)), (200, first))
            spec = Load(port, api_page(home), n, args.seconds, pages=PAGES)
            ours["contributions"] = measured(spec, workers)
            if label == "national":
                own = tuple(api_page(home, 1000 - client) for client in range(n))
                spec = Load(port, own[0], n, args.seconds, pages=10**6, per_client=own)
                ours["uncached"] = measured(spec, workers, warm=False)
    theirs: dict[str, tuple[Result, float]] = {}
    if not args.no_datasette:
        port = free_port()
        with datasette(home, port) as pid:
            status, body = _get(port, datasette_parties(home))
            check("Datasette parties", (status, rows_of(body)), (200, parties))
            spec = Load(port, datasette_parties(home), n, args.seconds)
            theirs["parties"] = measured(spec, [pid])
            status, body = _get(port, datasette_page(home))
            check("Datasette contributions page", (status, rows_of(body)), (200, first))
            spec = Load(port, datasette_page(home), n, args.seconds, pages=PAGES)
            theirs["contributions"] = theirs["uncached"] = measured(spec, [pid])
    rows: list[Row] = []
    for key, question in (
        ("parties", f"1. parties ({label})"),
        ("contributions", f"2. {matching:,} rows, 100 a page ({label})"),
        ("uncached", "2b. the same, every page new to the server"),
    ):
        if key == "uncached" and key not in ours:
            continue
        if key not in ours:
            rows.append(Row(question, "talapker", note="no contributions endpoint yet"))
            continue
        deepest = f"pages up to {ours[key][0].pages_deepest} deep" if key != "parties" else ""
        mine = request_row(question, "talapker", ours[key], deepest)
        other = None
        if key in theirs:
            other = request_row(question, "datasette", theirs[key])
            if key == "uncached":
                other.note = "(its figures of question 2: Datasette keeps no answers)"
        judge(mine, "parties" if key == "parties" else "contributions", other)
        rows += [mine, *([other] if other else [])]
    return rows, has_api


def ask_stream(home: Home, args: argparse.Namespace, has_api: bool) -> list[Row]:
    """Question 3: the national election's contributions as one CSV."""
    expected = count(
        home,
        f"SELECT count(*) FROM filings_contribution WHERE version_id IN "
        f"({','.join(map(str, home.versions))})",
    )
    question = f"3. CSV of {expected:,} contributions"
    path = (
        api_contributions(home, "?format=csv")
        if has_api
        else f"/ky/elections/{home.election}/finance/contributions.csv"
    )
    rows = []
    port = free_port()
    with talapker(home, port, args.workers) as pid:
        workers = gunicorn_workers(pid)
        resting = max(rss(w) for w in workers)
        reset = all(peak_reset(w) for w in workers)
        before = cpu_seconds(workers)
        got = stream(port, path)
        cpu = cpu_seconds(workers) - before
        peak = max(peak_rss(w) for w in workers)
    check("Talapker CSV rows", (got.status, got.rows), (200, expected))
    since = "during the stream" if reset else "since the worker started"
    note = (
        f"{got.seconds:.1f} s, {got.bytes / MB:.0f} MB of CSV; worker at rest {resting / MB:.0f} MB"
    )
    note += f", peak {since}; {path.split('?')[0]}"
    mine = Row(question, "talapker", rows=got.rate, rows_cpu=ratio(got.rows, cpu), peak=peak / MB)
    mine.note = note
    judge(mine, "csv", None)
    rows.append(mine)
    sql = CSV_SQL.format(versions=",".join(map(str, home.versions)))
    if shutil.which("sqlite3"):
        floor = command_rows(["sqlite3", "-csv", "-header", f"file:{home.db}?mode=ro", sql])
        what = "sqlite3 -csv"
    else:
        floor = command_rows([sys.executable, "-c", _PY_CSV, str(home.db), sql])
        what = "Python's sqlite3 + csv (no sqlite3 CLI here)"
    check(f"{what} rows", (floor.code, floor.rows), (0, expected))
    rows.append(
        Row(question, what, rows=floor.rate, rows_cpu=ratio(floor.rows, floor.cpu),
            peak=floor.peak / MB, note=f"{floor.seconds:.1f} s, the same rows, joins and order")
    )  # fmt: skip
    mine.against = f"{ratio(got.rate, floor.rate):.2f}x {what.split()[0]}"
    if not args.no_datasette:
        port = free_port()
        with datasette(home, port) as pid:
            peak_reset(pid)
            before = cpu_seconds([pid])
            theirs = stream(port, datasette_csv(home))
            cpu = cpu_seconds([pid]) - before
            peak = peak_rss(pid)
        check("Datasette CSV rows", (theirs.status, theirs.rows), (200, expected))
        note = f"{theirs.seconds:.1f} s, _stream=on, by id, the row's own columns"
        rows.append(
            Row(question, "datasette", rows=theirs.rate, rows_cpu=ratio(theirs.rows, cpu),
                peak=peak / MB, note=note)
        )  # fmt: skip
        mine.against += f", {ratio(got.rate, theirs.rate):.2f}x Datasette"
    return rows


_PY_CSV = """
import csv, sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
found = db.execute(sys.argv[2])
out = csv.writer(sys.stdout)
out.writerow([d[0] for d in found.description])
out.writerows(found)
"""


def table(rows: list[Row]) -> None:
    def figure(value: float, digits: int = 0) -> str:
        return "-" if math.isnan(value) else f"{value:,.{digits}f}"

    print(
        f"\n{'question':44} {'server':12} {'req/s':>6} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'CPU ms':>6} {'rows/s':>8} {'rows/CPU-s':>10} {'peak MB':>7}  against / target"
    )
    for row in rows:
        print(
            f"{row.question[:44]:44} {row.server[:12]:12} {figure(row.rate):>6} "
            f"{figure(row.p50, 1):>7} {figure(row.p99, 1):>7} {figure(row.cpu, 1):>6} "
            f"{figure(row.rows):>8} {figure(row.rows_cpu):>10} {figure(row.peak):>7}  "
            f"{'; '.join(x for x in (row.against, row.target) if x)}"
        )
        if row.note:
            print(f"{'':57}{row.note}")
    print(
        "\nCPU ms: the server's CPU time a request (every gunicorn worker, or Datasette's "
        "process),\nwhich other work on the machine does not inflate as it does the times."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--contributions", type=int, default=1_000_000, help="national set")
    parser.add_argument("--funds", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=10.0, help="each bounded run")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="talapker serve --workers")
    parser.add_argument("--keep-home", default="", help="build here once, reuse afterwards")
    parser.add_argument("--no-demo", action="store_true", help="questions 1-2 on the national")
    parser.add_argument("--no-datasette", action="store_true")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[attr-defined]  # progress in a log
    if not args.no_datasette and importlib.util.find_spec("datasette") is None:
        print("Datasette is not installed (uv sync --group bench): Talapker's side only")
        args.no_datasette = True
    root = Path(args.keep_home or tempfile.mkdtemp(prefix="talapker-bench-load-"))
    load_before = os.getloadavg()[0]  # other work on the machine skews every figure
    print(
        f"talapker serve (gunicorn, {args.workers} workers x 4 threads) vs Datasette "
        f"(immutable); {args.connections} keep-alive connections, {args.seconds:g} s a run; "
        f"{os.cpu_count()} cores shared with the loader"
    )
    try:
        build(root / "national", "national", args.contributions, args.funds)
        national = describe(root / "national")
        homes = [("national", national)]
        if not args.no_demo:
            build(root / "demo", "demo", 0, 0)
            homes.insert(0, ("demo", describe(root / "demo")))
        rows: list[Row] = []
        for label, home in homes:
            asked, has_api = ask_lists(home, args, label)
            rows += asked
        if not has_api:
            print("no /api/v1/.../contributions yet: question 3 reads the page export")
        rows += ask_stream(national, args, has_api)
    finally:
        if not args.keep_home:
            shutil.rmtree(root, ignore_errors=True)
    table(rows)
    now = os.getloadavg()[0]
    print(f"\nload average (1 min): {load_before:.1f} at the start, {now:.1f} at the end")


if __name__ == "__main__":
    main()
