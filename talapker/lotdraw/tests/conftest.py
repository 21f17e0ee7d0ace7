"""The draw tests use the sample election (jk-2026: «Ата-Журт Кыргызстан», «Ишеним»,
«Ынтымак») and its protocol, drawn once with two witnesses' inputs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

SCRIPT = Path(__file__).resolve().parents[3] / "docs" / "verify_draw.py"
WITNESSES = ["ата-журт: 4417", "observer OSCE: kestrel"]


@pytest.fixture
def drawn(election):  # type: ignore[no-untyped-def]
    """The sample election, committed to and drawn by the commission's operator."""
    from talapker.lotdraw.services import commit, draw

    commit(election, "commission")
    return draw(election, WITNESSES, "commission")


def write(path: Path, protocol: Any) -> Path:
    path.write_text(json.dumps(protocol, ensure_ascii=False), encoding="utf-8")
    return path


def run_script(path: Path) -> subprocess.CompletedProcess[str]:
    """docs/verify_draw.py as a party's representative runs it at home."""
    return subprocess.run(
        [sys.executable, str(SCRIPT), str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
