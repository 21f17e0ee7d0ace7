"""A bank line is its whole booking (decision 0012): lines without a reference, or sharing
one, are kept; the same file twice adds nothing; overlapping files add each line once."""

from __future__ import annotations

import datetime as dt

import pytest

from talapker.banking.identity import booking_key, identities, identity_of
from talapker.banking.models import BankLine, Statement, Transaction
from talapker.banking.services import statement_import
from talapker.banking.statements import parse_statement
from talapker.banking.tests.scenario import SAMPLES
from talapker.core.errors import InputError

pytestmark = pytest.mark.django_db

HEADER = (SAMPLES / "statement.csv").read_text(encoding="utf-8").splitlines()[0]
ACCOUNT = "1350100012345678"  # ata-jurt's in the sample election
STANDING = f"{ACCOUNT},2025-10-02,,-20.00,KGS,Бектур ЖЧК,,1280000000000001,,Ижара"
WAGE = f"{ACCOUNT},2025-10-03,,-500.00,KGS,Асанов Бакыт,21503198500123,,,Эмгек акы"


def csv(*rows: str) -> bytes:
    return "\n".join([HEADER, *rows]).encode()


def store(data: bytes, name: str = "s.csv") -> tuple[int, bool]:
    imported = statement_import(name, data, actor="test", channel="cli")
    return imported.new_lines, imported.unchanged


def test_two_identical_bookings_without_a_reference_are_two_lines(fund) -> None:  # type: ignore[no-untyped-def]
    assert store(csv(STANDING, STANDING)) == (2, False)
    labels = sorted(BankLine.objects.values_list("reference", flat=True))
    assert len(labels) == 2 and all(label.startswith("#") for label in labels)


def test_the_same_file_twice_adds_nothing(fund) -> None:  # type: ignore[no-untyped-def]
    data = csv(STANDING, STANDING, WAGE)
    assert store(data) == (3, False)
    assert store(data) == (0, True)
    assert BankLine.objects.count() == 3
    assert Statement.objects.count() == 1


def test_an_overlapping_file_adds_each_line_once(fund) -> None:  # type: ignore[no-untyped-def]
    store(csv(STANDING, STANDING), "a.csv")
    later = f"{ACCOUNT},2025-10-04,,100.00,KGS,Асанов Бакыт,21503198500123,,,Салым"
    assert store(csv(STANDING, STANDING, WAGE, later), "b.csv") == (2, False)
    assert BankLine.objects.count() == 4


def test_one_reference_on_two_bookings_keeps_both_under_distinct_labels(fund) -> None:  # type: ignore[no-untyped-def]
    first = f"{ACCOUNT},2025-10-02,,100.00,KGS,Асанов Бакыт,21503198500123,,BATCH7,Салым"
    second = f"{ACCOUNT},2025-10-02,,250.00,KGS,Усенова Айгуль,12101199000456,,BATCH7,Салым"
    assert store(csv(first, second)) == (2, False)
    labels = sorted(BankLine.objects.values_list("reference", flat=True))
    assert labels[0] == "BATCH7" and labels[1].startswith("BATCH7#")


def test_the_same_booking_written_another_way_is_not_a_new_line(fund) -> None:  # type: ignore[no-untyped-def]
    row = f"{ACCOUNT},2025-10-02,,100.00,KGS,Асанов Бакыт,21503198500123,,R-1,Салым"
    store(csv(row), "a.csv")
    rewrapped = row.replace("Салым", "Салым  (шайлоо фонду)")
    assert store(csv(rewrapped), "b.csv") == (0, False)


def test_a_reference_rebooked_with_another_amount_is_refused(fund) -> None:  # type: ignore[no-untyped-def]
    row = f"{ACCOUNT},2025-10-02,,100.00,KGS,Асанов Бакыт,21503198500123,,R-1,Салым"
    store(csv(row), "a.csv")
    with pytest.raises(InputError, match="R-1"):
        store(csv(row.replace("100.00", "900.00")), "b.csv")
    assert BankLine.objects.count() == 1


def test_identity_counts_identical_bookings_and_folds_case_and_spaces() -> None:
    read = parse_statement("s.csv", csv(STANDING, STANDING, STANDING.replace("Ижара", "ИЖАРА  ")))
    first, second, third = identities(read.lines)
    assert len({first, second, third}) == 3
    # Case and spaces folded: the third is the same booking in its third place.
    assert third == identity_of(booking_key(read.lines[0]), 3)
    again = identities(parse_statement("t.csv", csv(STANDING, STANDING)).lines)
    assert again == [first, second]


def test_a_line_booked_on_a_day_of_zero_movement_is_stored_but_not_reconciled(fund) -> None:  # type: ignore[no-untyped-def]
    zero = f"{ACCOUNT},2025-10-02,,0.00,KGS,Банк,,,,Эсепти текшерүү"
    assert store(csv(zero)) == (1, False)
    line = BankLine.objects.get()
    assert line.amount == 0
    assert not Transaction.objects.filter(bank_line=line).exists()


def test_booking_dates_are_checked_against_today_only(fund) -> None:  # type: ignore[no-untyped-def]
    tomorrow_but_two = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=3)
    row = f"{ACCOUNT},{tomorrow_but_two},,100.00,KGS,Асанов Бакыт,21503198500123,,R-9,Салым"
    with pytest.raises(InputError, match="in the future"):
        store(csv(row))
