"""Unit tests of the generator's building blocks."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from talapker.generator import SCALES
from talapker.generator.common import Calendar, money_cents, rng_for
from talapker.generator.entities import InnAllocator
from talapker.generator.founders import shares
from talapker.generator.names import POOLS, make_name, patronymic_from, surname_from
from talapker.generator.people import write_population
from talapker.generator.planted import Planted
from talapker.generator.scales import get_scale


def test_surnames_and_patronymics() -> None:
    assert surname_from("Асан") == ("Асанов", "Асанова")
    assert surname_from("Бакы") == ("Бакиев", "Бакиева")
    assert surname_from("Атамбай") == ("Атамбаев", "Атамбаева")
    assert surname_from("Чыңгыз") == ("Чыңгызов", "Чыңгызова")
    assert patronymic_from("Асан") == ("Асанович", "Асановна")
    assert patronymic_from("Сооронбай") == ("Сооронбаевич", "Сооронбаевна")
    ru = POOLS["ru"]
    i = ru.fathers.index("Юрий")
    assert (ru.patronymics_m[i], ru.patronymics_f[i]) == ("Юрьевич", "Юрьевна")


def test_kyrgyz_names_mix_styles() -> None:
    rng = random.Random(1)
    names = [make_name(rng.random, POOLS["ky"], i % 2 == 0, 1995) for i in range(3000)]
    assert any(p.endswith(" уулу") for _, _, p in names)
    assert any(p.endswith(" кызы") for _, _, p in names)
    assert any(p.endswith("ович") for _, _, p in names)
    assert any(s.endswith(" уулу") and not p for s, _, p in names)


def test_rng_is_stable_and_separated() -> None:
    assert rng_for(1, "a").random() == rng_for(1, "a").random()
    assert rng_for(1, "a").random() != rng_for(1, "b").random()
    assert rng_for(1, "a").random() != rng_for(2, "a").random()


@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_shares_add_up(n: int) -> None:
    rng = random.Random(n)
    for _ in range(200):
        parts = shares(rng, n)
        assert len(parts) == n
        assert sum(Decimal(p) for p in parts) == 100
        assert all(Decimal(p) > 0 for p in parts)


def test_inn_allocator_unique() -> None:
    inns = InnAllocator(7)
    day = date(2020, 5, 17)
    got = [inns.allocate(day) for _ in range(5000)]
    assert len(set(got)) == 5000
    assert all(g.startswith("017052020") and len(g) == 14 for g in got)


def test_money_cents() -> None:
    assert money_cents(123456) == "1234.56"
    assert money_cents(5) == "0.05"
    assert money_cents(-250) == "-2.50"


def test_planted_collector(tmp_path: Path) -> None:
    planted = Planted()
    planted.note("register_pin_inconsistent", pin="21102198410698")
    planted.finding(
        "DONOR_FOREIGN_CITIZEN",
        "violation",
        "ata-jurt",
        "contribution",
        line=3,
        amount="5000.00",
        evidence={"pin": "x"},
    )
    with pytest.raises(ValueError):
        planted.finding("X", "fatal", "f", "contribution")
    assert len(planted.findings("DONOR_FOREIGN_CITIZEN")) == 1
    assert planted.write(tmp_path / "planted.json") == 2
    data = json.loads((tmp_path / "planted.json").read_text(encoding="utf-8"))
    assert data[0]["kind"] == "register_pin_inconsistent"
    assert data[1]["rule"] == "DONOR_FOREIGN_CITIZEN" and data[1]["line"] == 3


def test_unknown_scale() -> None:
    with pytest.raises(ValueError, match="unknown scale"):
        get_scale("galactic")


def test_population_independent_of_worker_count(tmp_path: Path) -> None:
    """Chunks run in worker processes give the same files as in-process."""
    small = replace(SCALES["demo"], people=6_000, chunk_size=1_000, pin_inconsistent=6)
    outputs = []
    for workers in (1, 2):
        out = tmp_path / f"w{workers}"
        out.mkdir()
        planted = Planted()
        _, regs, rows = write_population(out, small, 5, planted, Calendar(), workers=workers)
        regs.close()
        assert rows == 6_000
        outputs.append(
            (
                {p.name: p.read_bytes() for p in sorted(out.iterdir())},
                json.dumps(planted.entries),
            )
        )
    assert outputs[0] == outputs[1]
