"""docs/registers.md describes every register that the importer knows."""

from __future__ import annotations

from pathlib import Path

import pytest

from talapker.registers.specs import REGISTERS

DOC = Path(__file__).resolve().parents[3] / "docs" / "registers.md"


@pytest.mark.parametrize("kind", list(REGISTERS))
def test_every_register_is_documented_with_its_file_and_table(kind: str) -> None:
    text = DOC.read_text(encoding="utf-8")
    spec = REGISTERS[kind]
    assert f"`{kind}`" in text
    assert f"`{kind}.csv`" in text
    assert f"`{spec.model._meta.db_table}`" in text
