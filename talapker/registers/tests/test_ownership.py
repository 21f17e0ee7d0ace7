"""The ownership closure is rebuilt with each import of the founders register."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from talapker.registers.models import Ownership
from talapker.registers.services import register_import
from talapker.registers.tests.conftest import sample

pytestmark = pytest.mark.django_db
HEADER = "entity_inn,founder_kind,founder_id,founder_name,country,share\n"
A, B, C, D = "02107201010017", "00511199810023", "10203201400051", "00909201900062"


def closure() -> dict[str, tuple[Decimal | None, Decimal | None, bool]]:
    return {
        o.inn: (
            None if o.foreign_share is None else o.foreign_share.normalize(),
            None if o.founders_total is None else o.founders_total.normalize(),
            o.cycle,
        )
        for o in Ownership.objects.all()
    }


def founders(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / "founders.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def test_the_sample_register_closes_over_its_chains() -> None:
    register_import("founders", sample("founders"))
    found = closure()
    assert found["02107201010017"] == (Decimal(40), Decimal(100), False)  # a Russian founder
    # A British company holds 22.16%: its whole share is foreign, and the chain stops there
    # (its own British owner is not counted a second time).
    assert found["00511199810023"] == (Decimal("22.16"), Decimal("100"), False)
    assert found["00909201900062"] == (Decimal(100), Decimal(100), False)
    assert found["10203201400051"] == (None, Decimal(100), False)


def test_shares_multiply_along_a_chain_and_a_cycle_is_followed_once(tmp_path: Path) -> None:
    # A is 60% B; B is 50% a Kazakh citizen and 50% C; C is 100% B (B and C own each other).
    rows = (
        f"{A},entity,{B},B LLC,KGZ,60\n{A},person,21611195900123,Someone,KGZ,40\n"
        f"{B},person,KZ1234567,Foreigner,KAZ,50\n{B},entity,{C},C LLC,KGZ,50\n"
        f"{C},entity,{B},B LLC,KGZ,100\n"
    )
    register_import("founders", founders(tmp_path, rows))
    found = closure()
    # A: 60% × 50% through B. The chain A, B, C stops at C's founder B, already on it, so
    # B's foreign half is not counted a second time round the circle.
    assert found[A] == (Decimal(30), Decimal(100), True)
    assert found[B] == (Decimal(50), Decimal(100), True)
    assert found[C] == (Decimal(50), Decimal(100), True)  # 100% × B's 50%


def test_a_new_import_replaces_the_closure_and_the_same_file_changes_nothing(
    tmp_path: Path,
) -> None:
    register_import("founders", founders(tmp_path, f"{D},person,AB1,X,GBR,100\n"))
    assert closure() == {D: (Decimal(100), Decimal(100), False)}
    second = tmp_path / "second"
    second.mkdir()
    over = founders(
        second, f"{A},person,21611195900123,Y,KGZ,70\n{A},person,20112199000551,Z,KGZ,50\n"
    )
    register_import("founders", over)
    assert closure() == {A: (None, Decimal(120), False)}  # shares over 100%: kept, not fixed
    register_import("founders", over)
    assert closure() == {A: (None, Decimal(120), False)}
