"""The load generator of `api_load.py`: keep-alive HTTP/1.1 clients on loopback, a bounded run,
and the memory figures of the processes being loaded.

A run happens in a process of its own (`load`), so the client's work is not counted in the
server's and the server's is not slowed by the GIL of the process that measures it. Each
client holds one keep-alive connection (`http.client`) from its own loopback address
(127.0.0.10, 127.0.0.11, ...): a server that limits anonymous clients by address sees as many
readers as there are connections, which is what many readers are. A client that follows
cursors asks for the first page, then for the page `next` names, up to `pages` pages, and
begins again.
"""

from __future__ import annotations

import atexit
import http.client
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]

CHUNK = 1 << 20


@dataclass
class Load:
    """What to ask, how hard and for how long."""

    port: int
    path: str
    connections: int = 8
    seconds: float = 10.0
    max_requests: int = 100_000  # a second bound, whatever the server's speed
    pages: int = 1  # >1: follow `next` (or Datasette's `next_url`) that many pages deep
    host: str = "127.0.0.1"
    # Each client's own first path (client n takes the n-th, in turn), instead of `path`:
    # a filter of its own, so that no client asks for a page another has asked for.
    per_client: tuple[str, ...] = ()


@dataclass
class Result:
    requests: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)  # milliseconds, answered 200
    errors: Counter[str] = field(default_factory=Counter)  # status or exception -> count
    pages_deepest: int = 0  # the deepest cursor page a client reached

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        """Nearest-rank percentile of the latencies (milliseconds)."""
        if not self.latencies:
            return float("nan")
        ranked = sorted(self.latencies)
        return ranked[min(len(ranked) - 1, max(0, round(share * len(ranked)) - 1))]


def _next_path(body: bytes) -> str | None:
    """The path of the next page from a JSON page: the API's `next`, Datasette's `next_url`."""
    try:
        page = json.loads(body)
    except ValueError:
        return None
    if not isinstance(page, dict):
        return None
    address = page.get("next_url") or page.get("next")
    if not isinstance(address, str) or not address.startswith(("http", "/")):
        return None
    parts = urlsplit(address)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


class _Budget:
    """The requests left to the whole run, shared by its clients."""

    def __init__(self, requests: int) -> None:
        self.left = requests
        self.lock = threading.Lock()

    def take(self) -> bool:
        with self.lock:
            self.left -= 1
            return self.left >= 0


def _client(spec: Load, number: int, deadline: float, budget: _Budget, out: Result) -> None:
    source = f"127.0.0.{10 + number % 240}"
    connection = http.client.HTTPConnection(
        spec.host, spec.port, timeout=120, source_address=(source, 0)
    )
    first = spec.per_client[number % len(spec.per_client)] if spec.per_client else spec.path
    path, depth = first, 0
    headers = {"Accept": "application/json"}
    while time.perf_counter() < deadline and budget.take():
        started = time.perf_counter()
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException) as error:
            out.errors[type(error).__name__] += 1
            connection.close()  # reconnects on the next request
            path, depth = first, 0
            continue
        took = (time.perf_counter() - started) * 1000
        out.requests += 1
        if response.status != 200:
            out.errors[str(response.status)] += 1
            path, depth = first, 0
            continue
        out.latencies.append(took)
        depth += 1
        out.pages_deepest = max(out.pages_deepest, depth)
        following = _next_path(body) if depth < spec.pages else None
        path, depth = (following, depth) if following else (first, 0)
    connection.close()


def _run(spec: Load) -> Result:
    results = [Result() for _ in range(spec.connections)]
    budget = _Budget(spec.max_requests)
    started = time.perf_counter()
    deadline = started + spec.seconds
    threads = [
        threading.Thread(target=_client, args=(spec, n, deadline, budget, results[n]))
        for n in range(spec.connections)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    total = Result(seconds=time.perf_counter() - started)
    for part in results:
        total.requests += part.requests
        total.latencies += part.latencies
        total.errors.update(part.errors)
        total.pages_deepest = max(total.pages_deepest, part.pages_deepest)
    return total


_loader: Any = None


def load(spec: Load) -> Result:
    """Run `spec` from the loader: a process of its own, spawned (it shares nothing with
    this one) on the first run and kept for the next ones."""
    global _loader
    if _loader is None:
        _loader = multiprocessing.get_context("spawn").Pool(1)
        atexit.register(_loader.terminate)
    return _loader.apply(_run, (spec,))  # type: ignore[no-any-return]


@dataclass
class Stream:
    rows: int
    bytes: int
    seconds: float
    status: int

    @property
    def rate(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def stream(port: int, path: str, host: str = "127.0.0.1") -> Stream:
    """Read one streamed CSV answer to the end, counting its rows (lines less the header)."""
    connection = http.client.HTTPConnection(host, port, timeout=600)
    started = time.perf_counter()
    connection.request("GET", path)
    response = connection.getresponse()
    lines = size = 0
    while chunk := response.read(CHUNK):
        lines += chunk.count(b"\n")
        size += len(chunk)
    seconds = time.perf_counter() - started
    connection.close()
    return Stream(max(0, lines - 1), size, seconds, response.status)


# Memory of the processes under load, from /proc (Linux).


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid`."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _status(pid: int, key: str) -> int:
    """A /proc/PID/status figure in bytes (0 once the process is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{key}:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def cpu_seconds(pids: list[int]) -> float:
    """User and system time the processes have used so far (/proc/PID/stat)."""
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def rss(pid: int) -> int:
    return _status(pid, "VmRSS")


def peak_rss(pid: int) -> int:
    """The process's peak resident memory (VmHWM) since it started or since `peak_reset`."""
    return _status(pid, "VmHWM")


def peak_reset(pid: int) -> bool:
    """Set the peak back to the present (Linux >= 4.0, the process's owner); False if not."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        return False
    return True


@dataclass
class Command:
    rows: int
    seconds: float
    peak: int  # bytes
    code: int
    cpu: float  # user and system seconds

    @property
    def rate(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def command_rows(argv: list[str]) -> Command:
    """Run a command that writes CSV with a header, reading its output as `stream` reads an
    answer: rows, seconds, its peak resident memory (from wait4) and exit code."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.PIPE)
    assert process.stdout is not None
    lines = 0
    while chunk := process.stdout.read(CHUNK):
        lines += chunk.count(b"\n")
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    seconds = time.perf_counter() - started
    cpu = usage.ru_utime + usage.ru_stime
    return Command(max(0, lines - 1), seconds, usage.ru_maxrss * 1024, process.returncode, cpu)


@contextmanager
def served(
    home: Path,
    env: dict[str, str],
    settings: tuple[str, str],
    port: int,
    workers: int,
    ready: Callable[[], bool],
) -> Iterator[int]:
    """`talapker serve` on `home` with a settings module written for the run (`settings`:
    its module name and text), until the block ends; yields the server's pid once `ready()`
    answers true. The server's output goes to `home/serve.log`."""
    name, text = settings
    module = home / "bench_settings"
    module.mkdir(exist_ok=True)
    (module / f"{name}.py").write_text(text)
    env = {**env, "DJANGO_SETTINGS_MODULE": name}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(module), env.get("PYTHONPATH", "")]))
    argv = [sys.executable, "-m", "talapker.cli", "serve", "--port", str(port)]
    argv += ["--workers", str(workers)]
    with (home / "serve.log").open("ab") as log:
        process = subprocess.Popen(argv, env=env, cwd=ROOT, stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                raise SystemExit(f"the server stopped (see {home / 'serve.log'})")
            try:
                if ready():
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("the server did not answer within 120 s")
            time.sleep(0.2)
        yield process.pid
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
