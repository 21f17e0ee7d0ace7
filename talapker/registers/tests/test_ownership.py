"""The ownership closure is rebuilt with each import of the founders register."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from talapker.registers.models import Founder, Ownership
from talapker.registers.ownership import ownership_rebuild
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
    # An international founder registered abroad, its share left empty: foreign participation
    # of unknown size.
    assert found["02211201600084"] == (None, None, False)
    unknown = set(
        Ownership.objects.filter(foreign_share_unknown=True).values_list("inn", flat=True)
    )
    assert unknown == {"02211201600084"}


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


Edge = tuple[int, int, int]  # (owned entity, owner entity, share)


def _walk(founders: dict[str, list[tuple[str, str, int]]], root: str) -> tuple[float | None, bool]:
    """A plain depth-first walk, the reading of docs/rules.md: shares multiply along a chain
    of Kyrgyz entities; a chain stops at a foreign founder (counted) or at an entity already
    on it (a cycle)."""
    total: float | None = None
    cycle = False

    def go(inn: str, path: list[str], share: float) -> None:
        nonlocal total, cycle
        for kind, founder, held in founders.get(inn, []):
            if kind == "foreign":
                total = (total or 0) + share * held / 100
            elif founder in path:
                cycle = True
            else:
                go(founder, [*path, founder], share * held / 100)

    go(root, [root], 100.0)
    return total, cycle


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5), st.integers(1, 100)), max_size=10),
    st.lists(st.tuples(st.integers(0, 5), st.integers(1, 100)), max_size=4),
)
def test_the_closure_agrees_with_a_plain_walk_of_any_founder_graph(
    owned_by: list[Edge], foreign: list[tuple[int, int]]
) -> None:
    Founder.objects.all().delete()
    inn = [f"0100120101{n:04d}" for n in range(6)]
    founders: dict[str, list[tuple[str, str, int]]] = {}
    seen = set()
    for owned, owner, share in owned_by:
        if owned == owner or (owned, owner) in seen:
            continue  # one row per pair, and no entity its own founder
        seen.add((owned, owner))
        founders.setdefault(inn[owned], []).append(("entity", inn[owner], share))
    for n, (owned, share) in enumerate(foreign):
        founders.setdefault(inn[owned], []).append(("foreign", f"AB{n:07d}", share))
    Founder.objects.bulk_create(
        Founder(
            entity_inn=entity, founder_kind="entity" if kind == "entity" else "person",
            founder_id=founder, founder_name=founder, country="KGZ" if kind == "entity" else "RUS",
            share=Decimal(held), name_key=founder.lower(),
        )
        for entity, rows in founders.items()
        for kind, founder, held in rows
    )  # fmt: skip
    assert ownership_rebuild() == len(founders)
    for row in Ownership.objects.all():
        expected, cycle = _walk(founders, row.inn)
        assert row.cycle == cycle, row.inn
        assert row.founders_total == sum(held for _k, _f, held in founders[row.inn])
        if expected is None:
            assert row.foreign_share is None, row.inn
        else:
            assert row.foreign_share is not None
            assert abs(float(row.foreign_share) - expected) < 1e-6, row.inn
