"""Where the real banks' sample files are: `../shared/bank-samples/` beside the project (or
`TALAPKER_BANK_SAMPLES`). They are read from there and never copied into the project."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[3]
FOLDER = Path(os.environ.get("TALAPKER_BANK_SAMPLES") or ROOT.parent / "shared" / "bank-samples")
# Words of a library's or Python's internals that a bank must never be shown.
INTERNAL = ("__init__", "keyword-only", "Traceback", "NoneType", "has no attribute")


def manifest() -> list[dict[str, Any]]:
    path = FOLDER / "manifest.json"
    if not path.exists():
        return []
    entries: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return sorted(entries, key=lambda entry: entry["file"])


def sample(name: str) -> bytes:
    return (FOLDER / name).read_bytes()


needs_samples = pytest.mark.skipif(
    not (FOLDER / "manifest.json").exists(),
    reason=f"the real bank samples are not at {FOLDER} (set TALAPKER_BANK_SAMPLES)",
)
