"""What every harness shares: Django without a database, the seed corpus, and the run.

A harness is a module that builds a `Harness` and calls `main(harness)`:

- `read(data)` calls the parser on the bytes. It returns True when the parser read them,
  False when it refused them with the project's documented error for bad input (an
  `InputError`, or a subclass such as `ReportInvalid`); any other exception is a crash and
  propagates, so that atheris reports it and writes the input to a crash file.
- `seeds()` yields (name, bytes): the test suites' fixture files, the real banks' samples
  (read from `../shared/bank-samples/`, never copied in), the small seeds committed under
  `fuzz/corpus/<target>/`, and, when `TALAPKER_FUZZ_GENERATED` names a folder that
  `talapker generate` wrote, the generator's files.
- `pick(readers)`: where one harness fuzzes several readers (the files of an election
  folder, the register kinds), the first byte of the input picks the reader (modulo their
  number) and the rest is the file; seeds carry that byte (`with_kind`).

`python -m fuzz.<target> [--seeds DIR] [--keep-going DIR] [libFuzzer flags] [CORPUS...]`
writes the seeds into DIR (a temporary folder by default), reports how many of them the
parser reads (`seeds: N, read M, refused K`: a harness that refuses every seed fuzzes
nothing), and fuzzes with the seeds and the given corpus folders (new inputs go to the
first). `--keep-going DIR` records each distinct crash (exception type and the place that
raised it) as `crash-*.bin` with its traceback in `crash-*.txt` and goes on fuzzing, for
long runs that should find more than the first crash. Given files instead of folders, the
harness runs just them (to reproduce a crash).
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import sys
import tempfile
import traceback
import types
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import atheris

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "corpus"
BANK_SAMPLES = Path(
    os.environ.get("TALAPKER_BANK_SAMPLES") or ROOT.parent / "shared" / "bank-samples"
)
RSS_LIMIT_MB = 2048
# What the parsers share: the error, the readers of CSV and exact JSON, the error texts.
CORE = (
    "talapker.core.errors",
    "talapker.core.csvfiles",
    "talapker.core.exactjson",
    "talapker.core.readerrors",
)

Seed = tuple[str, bytes]
# The generator's parties (talapker/generator/parties.py), whose codes the generated protocols
# and candidate lists name; written out, since importing the generator takes seconds.
PARTIES = (
    "ata-jurt", "ishenim", "mekenchil", "yntymak", "butun-kyrgyzstan", "social-democrats",
    "ata-meken", "respublika", "yiman-nuru", "jashyl", "akyikattyk", "jashtar", "dyikandar",
    "onuguu", "kelechek", "el-unu", "asaba", "ordo", "jangy-kuch", "zamandash",
)  # fmt: skip


@contextmanager
def instrumented(*modules: str) -> Iterator[None]:
    """Django configured (no database is touched), and the named modules and packages (the
    parser's, and the libraries it relies on) instrumented for coverage once the block ends:

        with instrumented("talapker.filings.formats", "openpyxl"):
            from talapker.filings.formats.xlsx import read_xlsx_report

    Only the parser's modules are instrumented, function by function, not the whole project
    (`atheris.instrument_imports` takes whole top-level packages: all of talapker, seconds of
    every start). The settings need a data folder: one fixed folder in the temporary
    directory serves every harness (Django writes nothing there on start).
    """
    os.environ["DJANGO_SETTINGS_MODULE"] = "talapker.settings.default"
    logging.disable(logging.CRITICAL)  # libraries' complaints about damaged files: noise here
    warnings.simplefilter("ignore")
    home = Path(tempfile.gettempdir()) / "talapker-fuzz-home"
    home.mkdir(exist_ok=True)
    os.environ["TALAPKER_HOME"] = str(home)
    import django

    django.setup()
    yield
    names = {name for name in sys.modules if _within(name, modules)} - _INSTRUMENTED
    for function in [f for f in gc.get_objects() if isinstance(f, types.FunctionType)]:
        if getattr(function, "__module__", None) in names:
            atheris.instrument_func(function)
    _INSTRUMENTED.update(names)


_INSTRUMENTED: set[str] = set()  # modules instrumented once (harnesses may share modules)


def _within(name: str, modules: Sequence[str]) -> bool:
    return any(name == m or name.startswith(m + ".") for m in modules)


def files(folder: Path, pattern: str = "*") -> Iterator[Seed]:
    """Every file under `folder` matching `pattern`, by name; none if the folder is absent."""
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob(pattern)):
        if path.is_file() and path.name != "manifest.json" and not path.name.endswith(".md"):
            yield str(path.relative_to(folder)), path.read_bytes()


def committed(target: str) -> Iterator[Seed]:
    """The small seeds committed under fuzz/corpus/<target>/."""
    yield from files(CORPUS / target)


def generated(*patterns: str) -> Iterator[Seed]:
    """Files of the folder `talapker generate` wrote (TALAPKER_FUZZ_GENERATED), if given."""
    folder = os.environ.get("TALAPKER_FUZZ_GENERATED")
    if not folder:
        return
    for pattern in patterns:
        yield from files(Path(folder), pattern)


def head(data: bytes, most: int) -> bytes:
    """A text file cut to at most `most` bytes at a line end (a large generated register or
    candidate list stays a valid file of fewer rows)."""
    if len(data) <= most:
        return data
    return data[: data.rfind(b"\n", 0, most) + 1]


@dataclass(frozen=True)
class Harness:
    target: str
    read: Callable[[bytes], bool]
    seeds: Callable[[], Iterable[Seed]]
    max_len: int  # libFuzzer's -max_len, within the parser's size cap
    custom_mutator: Callable[[bytes, int, int], bytes] | None = None


def with_kind(index: int, data: bytes) -> bytes:
    """A seed for a harness whose first byte picks the reader."""
    return bytes([index]) + data


def pick(kinds: Sequence[Callable[[bytes], bool]]) -> Callable[[bytes], bool]:
    """One reader from the first byte, the rest of the input its file."""

    def read(data: bytes) -> bool:
        if not data:
            return False
        return kinds[data[0] % len(kinds)](data[1:])

    return read


def write_seeds(harness: Harness, folder: Path) -> list[Path]:
    """The seeds as files named by their digest (writing them twice changes nothing)."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for _name, data in harness.seeds():
        if len(data) > harness.max_len:
            continue  # libFuzzer would cut it, and a cut file is a different file
        path = folder / hashlib.sha1(data, usedforsecurity=False).hexdigest()
        if not path.exists():
            path.write_bytes(data)
        written.append(path)
    return written


def seed_report(read: Callable[[bytes], bool], paths: Sequence[Path]) -> tuple[int, int]:
    """Run every seed once; print and return (read, refused). A crash propagates."""
    parsed = sum(read(path.read_bytes()) for path in paths)
    refused = len(paths) - parsed
    print(f"seeds: {len(paths)}, read {parsed}, refused {refused}", file=sys.stderr, flush=True)
    return parsed, refused


class KeepGoing:
    """Records each distinct crash in a folder and lets fuzzing go on."""

    def __init__(self, folder: Path, read: Callable[[bytes], bool]) -> None:
        self.folder = folder
        self.read = read
        self.seen: set[str] = {p.stem.removeprefix("crash-") for p in folder.glob("crash-*.txt")}
        folder.mkdir(parents=True, exist_ok=True)

    def __call__(self, data: bytes) -> bool:
        try:
            return self.read(data)
        except Exception as err:  # every unexpected exception is what we are looking for
            self.record(data, err)
            return False

    def record(self, data: bytes, err: Exception) -> None:
        frames = traceback.extract_tb(err.__traceback__)
        ours = [f for f in frames if "/talapker/" in f.filename] or frames
        where = f"{ours[-1].filename}:{ours[-1].lineno}" if ours else "?"
        signature = f"{type(err).__name__} at {where}"
        key = hashlib.sha1(signature.encode(), usedforsecurity=False).hexdigest()[:12]
        if key in self.seen:
            return
        self.seen.add(key)
        (self.folder / f"crash-{key}.bin").write_bytes(data)
        text = "".join(traceback.format_exception(err))
        (self.folder / f"crash-{key}.txt").write_text(f"{signature}\n\n{text}", encoding="utf-8")
        print(f"\n== crash {key}: {signature}", file=sys.stderr, flush=True)


def _take(args: list[str], option: str) -> str | None:
    if option not in args:
        return None
    at = args.index(option)
    value = args[at + 1]
    del args[at : at + 2]
    return value


def main(harness: Harness) -> None:
    args = sys.argv[1:]
    seeds_to = _take(args, "--seeds")
    keep_going = _take(args, "--keep-going")
    flags = [a for a in args if a.startswith("-")]
    given = [a for a in args if not a.startswith("-")]
    if not any(f.startswith("-max_len=") for f in flags):
        flags.append(f"-max_len={harness.max_len}")
    if not any(f.startswith("-rss_limit_mb=") for f in flags):
        flags.append(f"-rss_limit_mb={RSS_LIMIT_MB}")
    if not any(f.startswith("-artifact_prefix=") for f in flags):
        crashes = Path(
            keep_going or Path(tempfile.gettempdir()) / f"talapker-fuzz-{harness.target}"
        )
        crashes.mkdir(parents=True, exist_ok=True)
        flags.append(f"-artifact_prefix={crashes}/")
    read = harness.read
    if keep_going:
        read = KeepGoing(Path(keep_going), harness.read)
    if any(Path(a).is_file() for a in given):  # reproducing: run these inputs only
        corpora = given
    else:
        folder = Path(seeds_to or tempfile.mkdtemp(prefix=f"talapker-fuzz-{harness.target}-"))
        paths = write_seeds(harness, folder)
        seed_report(read, paths)
        corpora = [*given, str(folder)]

    def test_one_input(data: bytes) -> None:
        read(data)

    atheris.Setup(
        [sys.argv[0], *flags, *corpora],
        test_one_input,
        custom_mutator=harness.custom_mutator,
    )
    atheris.Fuzz()
