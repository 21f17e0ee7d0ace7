"""The fault harness: reports, statements and protocols written concurrently through the
production server while faults strike, then the proof that nothing acknowledged was lost.

`scripts/faults [--database sqlite|postgres] [--scale ci|small|large] [--keep DIR]`

1. A data directory on a small loop-mounted ext4 disk (root; elsewhere a plain folder and no
   disk fault). PostgreSQL: a server of the harness's own (initdb, a free port), its data on
   the same small disk; SQLite: the database file there, in WAL.
2. The world (faults/world.py) and the plan (faults/plan.py): each fund's report versions,
   each account's statement files, each precinct's protocols, every request with an
   `Idempotency-Key`; lanes send their writes in order, side by side, and send a write again,
   same key and body, until it is acknowledged (201, or 200 for one stored before its answer
   was lost): after a dropped connection, a 5xx or a 429, as a careful client does.
3. Meanwhile the faults, on a schedule: SIGKILL of a gunicorn worker (several times) and of
   the queue's consumer; the disk filled to the last block and freed a few seconds later;
   PostgreSQL stopped at once (no checkpoint: recovery from the WAL) and started again.
4. Then: every acknowledged write stored whole (a report's receipt with its digest and lines,
   a statement's file on disk with its digest, a protocol's version), nothing twice (versions,
   keys, statement rows and bank lines, audit events by action equal to a run without
   faults), the tally equal to a recount and to the votes sent, the audit chain verified, and
   `talapker screen --json` giving the same findings twice and the same as the run without
   faults. Any 500 answer is counted as a failure too (a fault is a 503, never a 500).

It prints what was injected, the answers by status, and each check; exits 1 when one fails.
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from faults import plan as planning  # noqa: E402
from faults import world  # noqa: E402
from faults.machine import Cluster, Disk, Server  # noqa: E402

SCALES = {  # versions per fund, statement files per account, credits per file, precincts
    "ci": {"versions": 3, "files": 3, "per_file": 30, "precincts": 48},
    "small": {"versions": 4, "files": 4, "per_file": 40, "precincts": 120},
    "large": {"versions": 6, "files": 8, "per_file": 400, "precincts": 400},
}
GIVE_UP = 600.0  # seconds a lane keeps trying one write before it reports it unacknowledged
SPANS = {"ci": 12.0, "small": 20.0, "large": 20.0}  # seconds the faults take; a lane's writes
# are spread over as long, so that the faults meet writes under way


@dataclass
class Answers:
    statuses: Counter[str] = field(default_factory=Counter)
    timeline: list[tuple[float, str]] = field(default_factory=list)  # (when, status)
    acknowledged: dict[str, dict[str, Any]] = field(default_factory=dict)  # write name -> body
    unacknowledged: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # a 4xx that no retry changes
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, what: str) -> None:
        with self.lock:
            self.statuses[what] += 1
            self.timeline.append((time.monotonic(), what))


def _send(port: int, write: planning.Write, token: str, answers: Answers) -> None:
    """Send until acknowledged: the same key and body every time."""
    headers = {**write.headers, "Idempotency-Key": write.key, "Accept": "application/json"}
    if write.kind == "protocol":
        headers["X-Precinct-Token"] = token
    else:
        headers["Authorization"] = f"Token {token}"
    deadline = time.monotonic() + GIVE_UP
    wait = 0.1
    while time.monotonic() < deadline:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=90)
        try:
            connection.request("POST", write.path, body=write.body, headers=headers)
            answer = connection.getresponse()
            body = answer.read()
            status = answer.status
        except (OSError, http.client.HTTPException) as exc:
            answers.count(f"no answer ({type(exc).__name__})")
            time.sleep(wait)
            wait = min(2.0, wait * 2)
            continue
        finally:
            connection.close()
        answers.count(str(status))
        if status in (200, 201):
            with answers.lock:
                answers.acknowledged[write.name] = {"status": status, **json.loads(body)}
            return
        if status in (429, 500, 502, 503, 504):
            retry = answer.getheader("Retry-After") or ""
            time.sleep(min(2.0, float(retry)) if retry.isdigit() else wait)
            wait = min(2.0, wait * 2)
            continue
        with answers.lock:
            answers.refused.append(f"{write.name}: {status} {body[:300]!r}")
        return
    with answers.lock:
        answers.unacknowledged.append(write.name)


def _lanes(
    port: int, plan: planning.Plan, tokens: dict[str, str], answers: Answers, spread: float
) -> None:  # fmt: skip
    """Every lane in a thread of its own, its writes spread over `spread` seconds at least
    (so that the faults meet writes under way; 0: as fast as they are answered)."""

    def lane(writes: list[planning.Write]) -> None:
        pace = spread / len(writes)
        for write in writes:
            _send(port, write, tokens[write.token], answers)
            time.sleep(pace)

    threads = [threading.Thread(target=lane, args=(writes,)) for writes in plan.lanes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


@dataclass
class Fault:
    at: float  # seconds into the writes
    kind: str
    detail: str = ""


def _inject(
    server: Server, disk: Disk | None, cluster: Cluster | None, done: threading.Event,
    injected: list[Fault], started: float, span: float = 20.0,
) -> None:  # fmt: skip
    """The schedule over `span` seconds, each step on its own clock, until the writes are
    done. For 20 s: a worker killed every 1.5 s, the consumer at 5.5 s; the disk filled from
    4 s and kept full 4 s; PostgreSQL stopped at 13 s for 2 s, started (recovering from its
    WAL), and again 2 s later. A shorter span moves every step in proportion."""
    unit = span / 20.0

    def at(seconds: float) -> bool:
        """Wait until `seconds` into the run; False when the writes ended first."""
        return not done.wait(max(0.0, started + seconds - time.monotonic()))

    def note(kind: str, detail: str = "") -> None:
        injected.append(Fault(round(time.monotonic() - started, 1), kind, detail))

    steps: list[tuple[float, Callable[[], None]]] = []
    for n in range(12):
        kill = (1.0 + 1.5 * n) * unit
        steps.append((kill, lambda: note("SIGKILL worker", str(server.kill("worker")))))
    steps.append((5.5 * unit, lambda: note("SIGKILL consumer", str(server.kill("consumer")))))
    if disk is not None:

        def full() -> None:
            note("disk full", f"{disk.fill()} MB of ballast")
            done.wait(4.0 * unit)
            disk.free()
            note("disk freed")
            if cluster is not None and not cluster.ready():  # it stopped on a full disk
                cluster.start()
                note("PostgreSQL started again after the full disk")

        steps.append((4.0 * unit, full))
    if cluster is not None:

        def restarts() -> None:
            for _ in range(2):
                cluster.stop()
                note("PostgreSQL stopped (immediate)")
                done.wait(2.0 * unit)
                cluster.start()
                note("PostgreSQL started", "ready" if cluster.ready() else "NOT ready")
                done.wait(2.0 * unit)

        steps.append((13.0 * unit, restarts))

    def later(seconds: float, step: Callable[[], None]) -> None:
        if at(seconds):
            step()

    threads = [threading.Thread(target=later, args=step) for step in steps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if disk is not None:
        disk.free()  # whatever happened, the checks need the space
    if cluster is not None and not cluster.ready():
        cluster.start()


def _world(step: str, home: Path, database_url: str, *rest: str) -> Any:
    """faults/world.py's step in a process of its own (Django set up there alone)."""
    done = subprocess.run(
        [sys.executable, "-m", "faults.world", step, str(home), database_url, *rest],
        cwd=ROOT, capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"faults.world {step} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _screen(home: Path, database_url: str) -> list[dict[str, Any]]:
    done = subprocess.run(
        [sys.executable, "-m", "talapker.cli", "screen", "--election", planning.ELECTION, "--json"],
        env=world.environment(home, database_url), cwd=ROOT, capture_output=True, text=True,
        check=True, timeout=600,
    )  # fmt: skip
    found: list[dict[str, Any]] = json.loads(done.stdout)
    return found


def comparable(findings: list[dict[str, Any]], receipts: dict[str, str]) -> list[str]:
    """The findings without what names a run rather than a fact (database ids, times), each
    receipt number replaced by the write it acknowledged (`ata-jurt v2`), sorted."""
    volatile = {"id", "created_at", "updated_at", "screened_at", "receipt", "version_id"}

    def clean(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items() if k not in volatile}
        if isinstance(value, list):
            return [clean(v) for v in value]
        return value

    texts = [json.dumps(clean(f), sort_keys=True, ensure_ascii=False) for f in findings]
    pattern = re.compile("|".join(map(re.escape, receipts)) or "$^")
    return sorted(pattern.sub(lambda m: f"<{receipts[m.group(0)]}>", text) for text in texts)


@dataclass
class Run:
    answers: Answers
    injected: list[Fault]
    stored: dict[str, Any]
    findings: list[str]
    findings_again: list[str]
    seconds: float
    begun: float  # when the writes began (monotonic): the faults' times count from it

    def answers_between(self, start: float, end: float) -> dict[str, int]:
        return dict(Counter(
            status for when, status in self.answers.timeline
            if start <= when - self.begun < end
        ))  # fmt: skip


def run(
    work: Path, plan: planning.Plan, *, postgres: bool, faults: bool, use_disk: bool,
    span: float = 20.0,
) -> Run:  # fmt: skip
    """One run in `work`: build, write (with or without faults), read back, screen twice."""
    work.mkdir(parents=True, exist_ok=True)
    disk = Disk(work / "disk.img", work / "data", 320) if use_disk else None
    cluster: Cluster | None = None
    try:
        if disk is not None:
            disk.__enter__()
        data = work / "data"
        data.mkdir(exist_ok=True)
        home = data / "home"
        home.mkdir()
        database_url = ""
        if postgres:
            cluster = Cluster(data / "pg", work / "postgres.log").__enter__()
            cluster.create("talapker")
            database_url = cluster.url("talapker")
        sent = (w for lane in plan.lanes for w in lane if w.kind == "protocol")
        precincts = sorted({w.name.split()[0] for w in sent})
        tokens = _world("build", home, database_url, *precincts)
        injected: list[Fault] = []
        answers = Answers()
        env = world.environment(home, database_url)
        started = time.monotonic()
        with Server(env, work) as server:
            done = threading.Event()
            begun = time.monotonic()
            injector = threading.Thread(
                target=_inject,
                args=(server, disk if faults else None, cluster if faults else None, done,
                      injected, begun, span),
            )  # fmt: skip
            if faults:
                injector.start()
            _lanes(server.port, plan, tokens, answers, span if faults else 0.0)
            done.set()
            if faults:
                injector.join()
        seconds = time.monotonic() - started
        stored = _world("stored", home, database_url)
        acks = answers.acknowledged.items()
        receipts = {a["receipt"]: name for name, a in acks if "receipt" in a}
        findings = comparable(_screen(home, database_url), receipts)
        again = comparable(_screen(home, database_url), receipts)
        (work / "findings.txt").write_text("\n".join(findings) + "\n")
        return Run(answers, injected, stored, findings, again, seconds, begun)
    finally:
        if cluster is not None:
            cluster.__exit__()
        if disk is not None:
            disk.__exit__()


def checks(plan: planning.Plan, faulted: Run, reference: Run) -> list[tuple[str, bool, str]]:
    """Each check: what, whether it holds, the figures."""
    stored, answers = faulted.stored, faulted.answers
    acks = answers.acknowledged
    results: list[tuple[str, bool, str]] = []

    def check(what: str, holds: bool, figures: str = "") -> None:
        results.append((what, holds, figures))

    check("every write acknowledged", not answers.unacknowledged and not answers.refused,
          f"{len(acks)} of {plan.writes}; refused {answers.refused[:3]}; "
          f"unacknowledged {answers.unacknowledged[:3]}")  # fmt: skip
    check("no 500 answer", answers.statuses["500"] == 0, f"{answers.statuses['500']} answers 500")
    lost = [
        name for name, ack in acks.items()
        if name.split()[0] in plan.versions and (
            ack.get("receipt") not in stored["reports"]
            or stored["reports"][ack["receipt"]]["sha256"] != ack.get("sha256")
        )
    ]  # fmt: skip
    check("every acknowledged report stored with its digest", not lost, f"lost: {lost[:3]}")
    check("report versions: none lost, none twice", stored["versions"] == plan.versions,
          f"{stored['versions']} (planned {plan.versions})")  # fmt: skip
    check("idempotency keys: one per version", stored["keys"] == sum(plan.versions.values()),
          f"{stored['keys']}")  # fmt: skip
    last = {fund: acks.get(f"{fund} v{n}", {}).get("receipt") for fund, n in plan.versions.items()}
    current = stored["current"]
    check("the last version sent is the current one", current == last, str(current))
    lines = {
        stored["reports"][r]["fund"]: stored["reports"][r]["contributions"]
        for r in stored["current"].values()
    }
    check("the current versions whole (every contribution line)", lines == plan.lines, str(lines))
    files = [len(accounts) for accounts in stored["statements"].values()]
    check("statement files: each stored once", len(files) == sum(plan.statements.values())
          and set(files) == {1}, f"{len(files)} files, {sum(files)} rows")  # fmt: skip
    whole = stored["statement_files_whole"] == len(files) and not stored["problems"]
    check("statement files whole on disk (digest)", whole, str(stored["problems"][:3]))
    check("bank lines: none lost, none twice", stored["bank_lines"] == plan.bank_lines,
          str(stored["bank_lines"]))  # fmt: skip
    protocols = f"{sum(stored['protocols'].values())} (planned {sum(plan.protocols.values())})"
    check("protocol versions: none lost, none twice", stored["protocols"] == plan.protocols,
          protocols)  # fmt: skip
    exact = stored["tally_exact"] and stored["votes"] == plan.votes
    check("the tally equals a recount and the votes sent", exact, str(stored["votes"]))
    check("the audit chain verifies", not stored["audit_problems"],
          f"{stored['audit_events']} events; {stored['audit_problems'][:2]}")  # fmt: skip
    # Screening runs are the queue's (how many depends on how it merged the triggers and on
    # a killed consumer); every other action is one write's and must be counted alike.
    actions = [
        {a: n for a, n in r.stored["audit_actions"].items() if not a.startswith("screening.")}
        for r in (faulted, reference)
    ]
    differ = {a: (actions[0].get(a), actions[1].get(a)) for a in set(actions[0]) | set(actions[1])
              if actions[0].get(a) != actions[1].get(a)}  # fmt: skip
    check("audit events by action as without faults (the screenings aside)", not differ,
          f"{sum(actions[0].values())} events; differing: {differ}")  # fmt: skip
    check("the screen gives the same findings again", faulted.findings == faulted.findings_again,
          f"{len(faulted.findings)} findings")  # fmt: skip
    check("the screen's findings equal those of the run without faults",
          faulted.findings == reference.findings, f"{len(faulted.findings)} and "
          f"{len(reference.findings)}")  # fmt: skip
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--scale", choices=sorted(SCALES), default="small")
    parser.add_argument("--lanes", type=int, default=6, help="protocol lanes (besides the funds')")
    parser.add_argument(
        "--keep", type=Path,
        help="work here and keep it (default: a temp folder); on PostgreSQL the postgres user "
        "must be able to reach it",
    )  # fmt: skip
    options = parser.parse_args(argv)
    postgres = options.database == "postgres"
    if postgres and (why := Cluster.possible()):
        print(f"cannot run on PostgreSQL: {why}")
        return 2
    why_no_disk = Disk.possible()
    plan = planning.make(**SCALES[options.scale], lanes=options.lanes)
    work = options.keep or Path(tempfile.mkdtemp(prefix="talapker-faults-"))
    work.mkdir(parents=True, exist_ok=True)
    work.chmod(0o711)  # PostgreSQL's own server runs as `postgres` and must reach its folder
    print(f"== fault harness: {options.database}, {options.scale}: {plan.writes} writes in "
          f"{len(plan.lanes)} lanes; work in {work}")  # fmt: skip
    if why_no_disk:
        print(f"   the disk will not be filled: {why_no_disk}")
    try:
        reference = run(work / "reference", plan, postgres=postgres, faults=False, use_disk=False)
        print(f"   without faults: {reference.seconds:.1f} s, {dict(reference.answers.statuses)}")
        faulted = run(work / "faulted", plan, postgres=postgres, faults=True,
                      use_disk=not why_no_disk, span=SPANS[options.scale])  # fmt: skip
    finally:
        if options.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    print(f"   with faults: {faulted.seconds:.1f} s")
    print("   injected:")
    for fault in faulted.injected:
        print(f"     {fault.at:6.1f} s  {fault.kind}  {fault.detail}")
    print(f"   answers: {dict(sorted(faulted.answers.statuses.items()))}")
    for begin, end in (("disk full", "disk freed"), ("PostgreSQL stopped", "PostgreSQL started")):
        starts = [f.at for f in faulted.injected if f.kind.startswith(begin)]
        ends = [f.at for f in faulted.injected if f.kind.startswith(end)]
        for first, last in zip(starts, ends, strict=False):
            print(f"   answers from {begin} ({first} s) to {end} ({last} s) and 3 s after: "
                  f"{faulted.answers_between(first, last + 3)}")  # fmt: skip
    failed = 0
    for what, holds, figures in checks(plan, faulted, reference):
        failed += not holds
        print(f"   {'ok  ' if holds else 'FAIL'} {what}: {figures}")
    print(f"== {len(faulted.injected)} faults injected; "
          f"{'nothing lost' if not failed else f'{failed} checks failed'}")  # fmt: skip
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
