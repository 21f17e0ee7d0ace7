"""What the three report harnesses share: where the fixture reports are, and the error."""

from __future__ import annotations

from fuzz.common import ROOT

TESTS = ROOT / "talapker" / "filings" / "tests"
CORPUS = TESTS / "corpus"
SAMPLES = TESTS / "samples"
