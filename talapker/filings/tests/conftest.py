"""Paths and loaders shared by the report-reader tests."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from talapker.filings.formats.model import DEFAULT_LIMITS, Limits, Upload

HERE = Path(__file__).parent
SAMPLES = HERE / "samples"
CORPUS = HERE / "corpus"


def sample(name: str) -> Upload:
    return Upload(name, (SAMPLES / name).read_bytes())


def corpus_entries(parser: str) -> list[dict[str, Any]]:
    manifest = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
    return [entry for entry in manifest if entry["parser"] == parser]


def corpus_upload(entry: dict[str, Any]) -> Upload:
    path = CORPUS / entry["file"]
    return Upload(path.name, path.read_bytes())


def limits_for(entry: dict[str, Any]) -> Limits:
    return replace(DEFAULT_LIMITS, **entry.get("limits", {}))
