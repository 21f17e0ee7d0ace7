"""Fixtures of the register tests: the recorded sample files, and bad variants of them."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from django.db.models import Model

from talapker.registers.specs import REGISTERS

SAMPLES = Path(__file__).resolve().parent / "samples"


def sample(kind: str) -> Path:
    """The recorded sample file of a register kind."""
    return SAMPLES / f"{kind}.csv"


def sample_lines(kind: str) -> list[str]:
    return sample(kind).read_text(encoding="utf-8").splitlines()


def table_state(model: type[Model]) -> list[tuple]:
    """Every stored row, without its id, in file order: to compare snapshots."""
    fields = [f.attname for f in model._meta.concrete_fields if f.attname != "id"]
    return list(model.objects.order_by("id").values_list(*fields))


def with_value(kind: str, line: int, column: str, value: str) -> str:
    """The sample's text with one field (by physical line and column name) replaced."""
    lines = sample_lines(kind)
    header = lines[0].split(",")
    row = next(csv.reader([lines[line - 1]]))
    row[header.index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(row)
    lines[line - 1] = out.getvalue()
    return "\n".join(lines) + "\n"


def with_line(kind: str, line: int, text: str | None) -> str:
    """The sample's text with one physical line replaced (or removed, if text is None)."""
    lines = sample_lines(kind)
    if text is None:
        del lines[line - 1]
    else:
        lines[line - 1] = text
    return "\n".join(lines) + "\n"


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[..., Path]:
    """Writes a register file named after its kind (so messages name e.g. population.csv)."""

    def write(kind: str, content: str | bytes, encoding: str = "utf-8") -> Path:
        folder = tmp_path / f"v{len(list(tmp_path.iterdir()))}"
        folder.mkdir()
        path = folder / f"{kind}.csv"
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding=encoding)
        return path

    return write


@pytest.fixture
def all_samples_imported(db) -> None:
    """Every register holds its recorded sample."""
    from talapker.registers.services import register_import

    for kind in REGISTERS:
        register_import(kind, sample(kind))
