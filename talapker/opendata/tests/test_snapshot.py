"""`talapker export-bulk` writes every public table of an election as CSV and Parquet with a
valid Data Package and checksums that `sha256sum -c` accepts; the files hold the same rows,
money stays exact and no personal number is anywhere in them."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import frictionless
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from talapker.audit.models import AuditEvent
from talapker.opendata.snapshot import snapshot_write, snapshots_list
from talapker.opendata.tables import TABLES
from talapker.opendata.tests.conftest import FORMULA_DONOR, pins

pytestmark = pytest.mark.django_db


def _export(tmp_path: Path, election: str = "jk-2026") -> Path:
    out = io.StringIO()
    call_command("export_bulk", election=election, out=tmp_path / "out", stdout=out)
    folder = Path(out.getvalue().splitlines()[0])
    assert folder.parent == tmp_path / "out" / election
    return folder


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_command_writes_every_table_in_both_formats(filled, tmp_path: Path) -> None:
    folder = _export(tmp_path)
    names = {p.name for p in folder.iterdir()}
    for table in TABLES:
        assert {f"{table.name}.csv", f"{table.name}.parquet"} <= names
    assert {"datapackage.json", "SHA256SUMS"} <= names
    assert len(_csv(folder / "contributions.csv")) == 6
    assert len(_csv(folder / "expenditures.csv")) == 3
    assert len(_csv(folder / "findings.csv")) == 1
    assert [r["code"] for r in _csv(folder / "elections.csv")] == ["jk-2026"]


def test_the_data_package_is_valid(filled, tmp_path: Path) -> None:
    folder = _export(tmp_path)
    report = frictionless.validate(folder / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert package["profile"] == "tabular-data-package"
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert [r["name"] for r in package["resources"]] == [t.name for t in TABLES]


def test_a_broken_file_makes_the_package_invalid(filled, tmp_path: Path) -> None:
    """The validation reads the files: a row cut short is found (so the test above can fail)."""
    folder = _export(tmp_path)
    path = folder / "contributions.csv"
    path.write_text(path.read_text(encoding="utf-8") + "x,y\n", encoding="utf-8")
    assert not frictionless.validate(folder / "datapackage.json").valid


def test_csv_and_parquet_hold_the_same_rows(filled, tmp_path: Path) -> None:
    folder = _export(tmp_path)
    for table in TABLES:
        rows = _csv(folder / f"{table.name}.csv")
        parquet = pq.read_table(folder / f"{table.name}.parquet")
        assert parquet.column_names == list(rows[0]) if rows else True
        assert parquet.num_rows == len(rows), table.name
        for text_row, typed_row in zip(rows, parquet.to_pylist(), strict=True):
            for name, value in typed_row.items():
                text = text_row[name]
                if value is None:
                    assert text == "", (table.name, name)
                elif isinstance(value, bool):
                    assert text == str(value).lower()
                elif isinstance(value, Decimal):
                    assert Decimal(text) == value
                elif hasattr(value, "isoformat"):
                    assert text == value.isoformat() or text.startswith(value.isoformat()[:19])
                else:
                    assert text.removeprefix("'") == str(value), (table.name, name)


def test_money_in_parquet_is_an_exact_decimal(filled, tmp_path: Path) -> None:
    folder = _export(tmp_path)
    schema = pq.read_schema(folder / "contributions.parquet")
    assert schema.field("amount").type == pa.decimal128(16, 2)
    assert pa.types.is_date32(schema.field("date").type)
    amounts = pq.read_table(folder / "contributions.parquet").column("amount").to_pylist()
    assert Decimal("1000.50") in amounts
    assert pq.read_schema(folder / "donors.parquet").field("total").type == pa.decimal128(16, 2)
    filed = pq.read_schema(folder / "reports.parquet").field("filed_at").type
    assert pa.types.is_timestamp(filed) and filed.tz == "Asia/Bishkek"


@pytest.mark.skipif(shutil.which("sha256sum") is None, reason="no sha256sum")
def test_the_checksums_pass_sha256sum(filled, tmp_path: Path) -> None:
    folder = _export(tmp_path)
    done = subprocess.run(
        ["sha256sum", "-c", "SHA256SUMS"], cwd=folder, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count(": OK") == 2 * len(TABLES) + 1
    (folder / "donors.csv").write_text("tampered\n", encoding="utf-8")
    again = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=folder, capture_output=True)
    assert again.returncode != 0


def test_no_personal_number_is_anywhere_in_the_snapshot(
    filled, election_folder: Path, tmp_path: Path
) -> None:
    folder = _export(tmp_path)
    numbers = pins(election_folder)
    assert len(numbers) > 5
    for path in folder.iterdir():
        data = path.read_bytes()
        if path.suffix == ".parquet":  # compressed: look into the values
            data = json.dumps(pq.read_table(path).to_pylist(), default=str).encode()
        for number in numbers:
            assert number.encode() not in data, (path.name, number)


def test_a_formula_is_text_in_the_csv_and_as_filed_in_parquet(filled, tmp_path: Path) -> None:
    folder = _export(tmp_path)
    names = [r["donor_name"] for r in _csv(folder / "contributions.csv")]
    assert f"'{FORMULA_DONOR}" in names
    assert not any(name.startswith("=") for name in names)
    typed = pq.read_table(folder / "contributions.parquet").column("donor_name").to_pylist()
    assert FORMULA_DONOR in typed


def test_pandas_reads_the_whole_election(filled, tmp_path: Path) -> None:
    pandas = pytest.importorskip("pandas")
    folder = _export(tmp_path)
    frame = pandas.read_parquet(folder / "contributions.parquet")
    assert len(frame) == 6
    assert frame["amount"].sum() == Decimal("208300.50")
    assert str(frame["date"].iloc[0]) == "2025-10-01"


def test_an_unknown_election_fails_with_a_clear_message(db, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="no election 'nope'"):
        call_command("export_bulk", election="nope", out=tmp_path)
    assert not (tmp_path / "nope").exists()


def test_each_snapshot_is_audited_and_only_the_newest_are_kept(filled, tmp_path: Path) -> None:
    from datetime import UTC, datetime

    root = tmp_path / "snapshots"
    for hour in (1, 2, 3):
        snapshot_write(
            filled.election, root, actor="t", now=datetime(2026, 1, 1, hour, tzinfo=UTC), keep=2
        )
    kept = snapshots_list("jk-2026", root)
    assert [s.stamp for s in kept] == ["20260101T030000Z", "20260101T020000Z"]
    events = AuditEvent.objects.filter(action="opendata.snapshot", object_id="jk-2026")
    assert events.count() == 3
    newest = events.order_by("seq").last()
    assert newest is not None
    listed = {f.name: f.sha256 for f in kept[0].files}
    assert newest.data["sha256"] == listed


def test_a_failed_snapshot_leaves_nothing_listed(filled, tmp_path: Path, monkeypatch) -> None:
    from talapker.opendata import snapshot

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk full")

    monkeypatch.setattr(snapshot, "datapackage", broken)
    with pytest.raises(RuntimeError):
        snapshot_write(filled.election, tmp_path, actor="t")
    assert snapshots_list("jk-2026", tmp_path) == []
    assert list((tmp_path / "jk-2026").iterdir()) == []
    assert not AuditEvent.objects.filter(action="opendata.snapshot").exists()


def test_a_candidates_fund_is_in_the_snapshot_under_its_public_id_only(
    filled, tmp_path: Path
) -> None:
    from talapker.disclosure.donors import ref_for
    from talapker.funds.models import Fund

    pin = "21503198500999"
    Fund.objects.create(election=filled.election, code=pin)  # a candidate's own fund
    folder = _export(tmp_path)
    assert f"candidate-{ref_for(pin)}" in {r["code"] for r in _csv(folder / "funds.csv")}
    for path in folder.iterdir():
        assert pin.encode() not in path.read_bytes(), path.name
