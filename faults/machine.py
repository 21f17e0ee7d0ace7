"""The harness's machinery: a small disk that can be filled, a PostgreSQL server of its own
that can be restarted, and `talapker serve` whose workers can be killed."""

from __future__ import annotations

import errno
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_BIN = Path("/usr/lib/postgresql/15/bin")
CHUNK = b"\0" * (1 << 20)

SETTINGS = """from talapker.settings.default import *  # noqa: F403
from talapker.settings.default import REST_FRAMEWORK

REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None}}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Disk:
    """An ext4 file system of `megabytes` in an image file, loop-mounted at `folder` (root
    only); `fill()` writes a ballast file until the disk says ENOSPC, `free()` removes it."""

    def __init__(self, image: Path, folder: Path, megabytes: int) -> None:
        self.image, self.folder, self.megabytes = image, folder, megabytes
        self.ballast = folder / "ballast"
        self.mounted = False

    @staticmethod
    def possible() -> str:
        """Empty when a loop mount can be made here, else why not."""
        if os.geteuid() != 0:
            return "mounting a small disk needs root"
        if not shutil.which("mkfs.ext4") or not Path("/dev/loop-control").exists():
            return "no mkfs.ext4 or no loop devices"
        return ""

    def __enter__(self) -> Disk:
        self.folder.mkdir(parents=True, exist_ok=True)
        with self.image.open("wb") as image:
            image.truncate(self.megabytes << 20)
        subprocess.run(["mkfs.ext4", "-q", "-m", "0", str(self.image)], check=True)
        subprocess.run(["mount", "-o", "loop", str(self.image), str(self.folder)], check=True)
        self.mounted = True
        return self

    def __exit__(self, *exc: object) -> None:
        if self.mounted:
            subprocess.run(["umount", "-l", str(self.folder)], check=False)
            self.mounted = False
        self.image.unlink(missing_ok=True)

    def fill(self) -> int:
        """Megabytes written before the disk was full."""
        written = 0
        with self.ballast.open("ab") as ballast:
            try:
                while True:
                    ballast.write(CHUNK)
                    ballast.flush()
                    written += 1
            except OSError as exc:
                if exc.errno != errno.ENOSPC:
                    raise
        try:  # and the last few blocks, so that nothing at all can be written
            with self.ballast.open("ab") as ballast:
                while True:
                    ballast.write(b"\0" * 4096)
                    ballast.flush()
        except OSError:
            pass
        return written

    def free(self) -> None:
        self.ballast.unlink(missing_ok=True)


class Cluster:
    """A PostgreSQL server of the harness's own (initdb into `folder`, run as the postgres
    user on a free port), so that restarting it disturbs nothing else."""

    def __init__(self, folder: Path, log: Path) -> None:
        self.folder, self.log = folder, log
        self.port = free_port()
        self.socket = Path(f"/tmp/.talapker-faults-{self.port}")

    @staticmethod
    def possible() -> str:
        if not (PG_BIN / "initdb").exists():
            return f"no PostgreSQL server programs in {PG_BIN}"
        if os.geteuid() != 0 or not shutil.which("runuser"):
            return "starting a PostgreSQL server of its own needs root (runuser postgres)"
        return ""

    def _as_postgres(self, *argv: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            ["runuser", "-u", "postgres", "--", *argv],
            capture_output=True, text=True, check=False, timeout=120,
        )  # fmt: skip
        if check and done.returncode != 0:
            raise SystemExit(f"{' '.join(argv[:1])} failed: {done.stdout}{done.stderr}")
        return done

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def __enter__(self) -> Cluster:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.socket.mkdir(exist_ok=True)
        shutil.chown(self.folder, "postgres", "postgres")
        shutil.chown(self.socket, "postgres", "postgres")
        self.log.touch()
        shutil.chown(self.log, "postgres", "postgres")
        self._as_postgres(str(PG_BIN / "initdb"), "-D", str(self.folder), "-A", "trust",
                          "-U", "postgres", "--no-sync", "-E", "UTF8",
                          "--locale", "C.UTF-8")  # fmt: skip
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.folder), "-m", "immediate",
                          "stop", check=False)  # fmt: skip
        shutil.rmtree(self.socket, ignore_errors=True)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.socket} -c listen_addresses=127.0.0.1 -c fsync=on"
        self._as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.folder), "-l", str(self.log),
                          "-o", options, "-w", "-t", "120", "start", check=False)  # fmt: skip

    def stop(self) -> None:
        """An immediate stop: every connection dropped, no checkpoint (a crash, as far as
        the data is concerned: the start after it recovers from the WAL)."""
        self._as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.folder), "-m", "immediate",
                          "-w", "stop", check=False)  # fmt: skip

    def ready(self) -> bool:
        done = subprocess.run(
            [str(PG_BIN / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port)],
            capture_output=True, check=False,
        )  # fmt: skip
        return done.returncode == 0

    def create(self, database: str) -> None:
        subprocess.run(
            ["psql", self.url("postgres"), "-qc", f'CREATE DATABASE "{database}"'],
            check=True, capture_output=True,
        )  # fmt: skip


class Server:
    """`talapker serve` (gunicorn and the queue's consumer) on the data directory."""

    def __init__(self, env: dict[str, str], work: Path, workers: int = 2) -> None:
        module = work / "harness_settings"
        module.mkdir(parents=True, exist_ok=True)
        (module / "harness_settings.py").write_text(SETTINGS)
        self.env = {**env, "DJANGO_SETTINGS_MODULE": "harness_settings"}
        self.env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(module), str(ROOT)]))
        self.port, self.workers, self.log = free_port(), workers, work / "serve.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.consumers: list[subprocess.Popen[bytes]] = []

    def __enter__(self) -> Server:
        argv = [sys.executable, "-m", "talapker.cli", "serve", "--port", str(self.port),
                "--workers", str(self.workers)]  # fmt: skip
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(argv, env=self.env, cwd=ROOT, stdout=log, stderr=log)
        deadline = time.monotonic() + 120
        while not self._answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the server did not start (see {self.log})")
            time.sleep(0.2)
        return self

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                return True
        except OSError:
            return False

    def __exit__(self, *exc: object) -> None:
        for process in [*self.consumers, self.process]:
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()

    def children(self) -> list[tuple[int, str]]:
        """The server's child processes: (pid, "worker" or "consumer")."""
        assert self.process is not None
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid and fields[0] != "Z" and command:  # alive
                found.append((int(entry.name), "consumer" if "run_huey" in command else "worker"))
        return found

    def kill(self, kind: str) -> int | None:
        """SIGKILL one child of the kind, chosen at random (gunicorn starts a new worker; a
        killed consumer is replaced here, as a supervisor would)."""
        chosen = [pid for pid, found in self.children() if found == kind]
        if not chosen:
            return None
        pid = random.choice(chosen)
        os.kill(pid, signal.SIGKILL)
        if kind == "consumer":
            argv = [sys.executable, "-m", "talapker.cli", "run_huey", "--quiet"]
            quiet = subprocess.DEVNULL
            consumer = subprocess.Popen(argv, env=self.env, cwd=ROOT, stdout=quiet, stderr=quiet)
            self.consumers.append(consumer)
        return pid
