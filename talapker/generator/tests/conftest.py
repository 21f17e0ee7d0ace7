"""One demo generation shared by the integration tests (it takes a few seconds)."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from talapker.generator import generate


class Generated:
    """A generated election on disk, with cached CSV readers."""

    def __init__(self, root: Path, summary: dict[str, int]) -> None:
        self.root = root
        self.summary = summary
        self._cache: dict[str, list[dict[str, str]]] = {}

    def rows(self, rel: str) -> list[dict[str, str]]:
        if rel not in self._cache:
            with (self.root / rel).open(encoding="utf-8", newline="") as fh:
                self._cache[rel] = list(csv.DictReader(fh))
        return self._cache[rel]

    def header(self, rel: str) -> list[str]:
        with (self.root / rel).open(encoding="utf-8", newline="") as fh:
            return next(csv.reader(fh))

    def planted(self) -> list[dict[str, Any]]:
        return json.loads((self.root / "planted.json").read_text(encoding="utf-8"))

    def notes(self, kind: str) -> list[dict[str, Any]]:
        return [e for e in self.planted() if e.get("kind") == kind]


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    root = tmp_path_factory.mktemp("demo")
    return Generated(root, generate(root, "demo", seed=2026))


@pytest.fixture(autouse=True)
def _media_root() -> None:
    """Override the project-wide autouse fixture, which needs pytest-django's ``settings``.

    The generator is pure Python; its tests also run with ``-p no:django``.
    """
