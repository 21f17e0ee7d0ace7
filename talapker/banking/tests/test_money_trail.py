"""Statements imported once, reports filed, and the three-way status of every transaction."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from talapker.audit.models import AuditEvent
from talapker.banking.models import BankLine, Statement, Transaction
from talapker.banking.services import statement_import
from talapker.banking.tests import money
from talapker.banking.tests.scenario import SAMPLES
from talapker.core.errors import InputError
from talapker.filings.formats.model import Upload
from talapker.filings.services import report_file
from talapker.filings.tests.conftest import CORPUS

pytestmark = pytest.mark.django_db


def _import(name: str, **kwargs):  # type: ignore[no-untyped-def]
    return statement_import(
        name, (SAMPLES / name).read_bytes(), actor="test", channel="cli", **kwargs
    )


def _scan() -> Upload:
    return Upload("scan.pdf", (CORPUS / "pdf" / "clean_scan.pdf").read_bytes())


def _file(fund, scan: bool = True):  # type: ignore[no-untyped-def]
    return report_file(
        fund,
        "interim",
        *money.PERIOD,
        money.REPORT,
        channel="cli",
        actor="test",
        scan=_scan() if scan else None,
    )


def test_a_statement_sent_twice_is_stored_once(fund) -> None:
    first = _import("statement.csv")
    assert (first.new_lines, first.unchanged) == (7, False)
    again = _import("statement.csv")
    assert (again.new_lines, again.unchanged) == (0, True)
    assert again.statement.pk == first.statement.pk
    assert BankLine.objects.count() == 7
    assert Statement.objects.count() == 1
    assert AuditEvent.objects.filter(action="statement.imported").count() == 1


@pytest.mark.parametrize(
    "name",
    ["mt940_structured_utf8.sta", "mt940_keyword_cp1251.sta", "camt053_v02.xml", "camt053_v08.xml"],
)
def test_the_same_bookings_in_another_format_add_no_line(fund, name: str) -> None:
    _import("statement.csv")
    overlap = _import(name)
    assert (overlap.new_lines, overlap.unchanged) == (0, False)
    assert BankLine.objects.count() == 7
    assert Statement.objects.count() == 2


def test_a_rebooked_reference_is_refused_and_nothing_is_stored(fund, tmp_path) -> None:
    _import("statement.csv")
    text = (SAMPLES / "statement.csv").read_text(encoding="utf-8")
    changed = text.replace("50000.00,KGS", "50001.00,KGS").replace("KG25100900007", "KG25100900008")
    with translation.override("en"), pytest.raises(InputError, match="KG25100100001 was rec"):
        statement_import("changed.csv", changed.encode(), actor="test", channel="cli")
    assert BankLine.objects.count() == 7
    assert Statement.objects.count() == 1


def test_an_account_of_no_fund_is_refused(fund) -> None:
    text = (SAMPLES / "statement.csv").read_text(encoding="utf-8")
    other = text.replace("1350100012345678", "1350100099999999")
    with translation.override("en"), pytest.raises(InputError, match="is not the special acc"):
        statement_import("other.csv", other.encode(), actor="test", channel="cli")
    assert not Statement.objects.exists()


def test_a_bank_may_send_only_its_own_accounts(fund) -> None:
    refusal = "is not an election fund's special account at your bank"
    with translation.override("en"), pytest.raises(InputError, match=refusal):
        _import("statement.csv", allowed_banks={"Элдик Банк"})
    other = (
        (SAMPLES / "statement.csv")
        .read_text("utf-8")
        .replace("1350100012345678", "1350100099999999")
    )  # no fund's account at all: the same refusal, so a bank learns nothing by trying
    with translation.override("en"), pytest.raises(InputError, match=refusal):
        statement_import("other.csv", other.encode(), actor="t", channel="api",
                         allowed_banks={"Айыл Банк"})  # fmt: skip
    assert _import("statement.csv", allowed_banks={"Айыл Банк"}).new_lines == 7


def _states(fund) -> dict[str, tuple[str, str, str, str, str]]:  # type: ignore[no-untyped-def]
    found = {}
    for t in Transaction.objects.filter(fund=fund).select_related(
        "contribution", "expenditure", "bank_line"
    ):
        if t.contribution_id:
            key = f"c{t.contribution.line}"
        elif t.expenditure_id:
            key = f"e{t.expenditure.line}"
        else:
            key = t.bank_line.reference
        found[key] = (t.matched_by, t.bank, t.reported, t.document, t.status)
    return found


EXPECTED = {
    "c1": ("reference", "matched", "declared", "scanned", "agrees"),
    "c2": ("reference", "matched", "declared", "scanned", "agrees"),
    "c3": ("amount_date", "matched", "declared", "scanned", "agrees"),
    "c4": ("reference", "amount_mismatch", "declared", "scanned", "differs"),
    "c5": ("", "not_expected", "declared", "scanned", "agrees"),
    "e1": ("reference", "matched", "declared", "scanned", "agrees"),
    "e2": ("reference", "matched", "declared", "scanned", "agrees"),
    "e3": ("", "missing", "declared", "scanned", "differs"),
    "KG25100700005": ("", "matched", "undeclared", "missing", "differs"),
}


@pytest.mark.parametrize("order", ["statement first", "report first"])
def test_every_transaction_gets_its_three_way_status(fund, order: str) -> None:
    if order == "statement first":
        _import("statement.csv")
        _file(fund)
    else:
        _file(fund)
        _import("statement.csv")
    assert _states(fund) == EXPECTED


def test_without_a_report_bank_lines_are_pending(fund) -> None:
    _import("statement.csv")
    states = {t.status for t in Transaction.objects.filter(fund=fund)}
    assert states == {"pending"}
    assert Transaction.objects.filter(fund=fund).count() == 7


def test_a_report_without_scan_has_no_document(fund) -> None:
    _import("statement.csv")
    _file(fund, scan=False)
    states = _states(fund)
    assert states["c1"] == ("reference", "matched", "declared", "missing", "differs")


def test_a_correction_replaces_the_items_that_count(fund) -> None:
    _import("statement.csv")
    _file(fund)
    fixed = money.REPORT.contributions[3].__class__(
        **{**vars(money.REPORT.contributions[3]), "amount": Decimal("20000.00")}
    )
    corrected = money.REPORT.__class__(
        (*money.CONTRIBUTIONS[:3], fixed, money.CONTRIBUTIONS[4]), money.EXPENDITURES
    )
    report_file(
        fund, "interim", *money.PERIOD, corrected, channel="cli", actor="test", scan=_scan()
    )
    assert _states(fund)["c4"] == ("reference", "matched", "declared", "scanned", "agrees")
    assert Transaction.objects.filter(fund=fund).count() == 9


def test_matching_by_amount_uses_each_line_once(fund) -> None:
    """Two equal cash gifts from one donor, two days apart, and two equal bank lines: each
    item takes the line nearest to it, and a third equal gift finds no line."""
    from talapker.filings.formats.model import ReportData

    header = (SAMPLES / "statement.csv").read_text(encoding="utf-8").splitlines()[0]
    lines = [
        "1350100012345678,2025-10-10,2025-10-10,700.00,KGS,A,10112199000456,,R1,x",
        "1350100012345678,2025-10-13,2025-10-13,700.00,KGS,A,10112199000456,,R2,x",
    ]
    statement_import("s.csv", "\n".join([header, *lines]).encode(), actor="test", channel="cli")
    gifts = tuple(
        money.contribution(n, d, "individual", "10112199000456", "A", "700.00", "cash", "")
        for n, d in ((1, "2025-10-13"), (2, "2025-10-10"), (3, "2025-10-11"))
    )
    report_file(
        fund,
        "interim",
        *money.PERIOD,
        ReportData(gifts, ()),
        channel="cli",
        actor="test",
        scan=_scan(),
    )
    states = {
        t.contribution.line: (t.bank_line.reference if t.bank_line else None)
        for t in Transaction.objects.filter(fund=fund, contribution__isnull=False)
    }
    assert states == {1: "R2", 2: "R1", 3: None}


def test_reconciliation_is_a_handful_of_statements(fund, django_assert_max_num_queries) -> None:
    """Set-based: the number of statements does not grow with the lines, and the matching
    rounds stop as soon as one matches nothing (the database reports its row count)."""
    from talapker.banking.reconcile import reconcile

    _import("statement.csv")
    _file(fund)
    with django_assert_max_num_queries(14):  # however many lines: reads, ANALYZE, 5-6 writes
        reconcile([fund.pk])
    assert _states(fund) == EXPECTED


def test_lines_stored_by_another_statement_meanwhile_are_not_stored_twice(
    fund, monkeypatch
) -> None:
    """Which lines are new is read before the import's transaction (so that SQLite's write
    lock is not held for the lookup); a statement of the account that comes in between is
    seen inside the transaction, and its lines are not stored again."""
    from talapker.banking import services

    header = (SAMPLES / "statement.csv").read_text(encoding="utf-8").splitlines()[0]
    line = "1350100012345678,2025-10-10,2025-10-10,{amount},KGS,A,10112199000456,,{ref},x"
    first = [line.format(amount="700.00", ref="R1"), line.format(amount="800.00", ref="R2")]
    other = [line.format(amount="700.00", ref="R1")]
    lookup = services._new_lines

    def meanwhile(*args, **kwargs):  # type: ignore[no-untyped-def]
        fresh = lookup(*args, **kwargs)
        if not Statement.objects.exists():  # the first lookup: the other bank file lands
            monkeypatch.setattr(services, "_new_lines", lookup)
            statement_import("other.csv", "\n".join([header, *other]).encode(),
                             actor="test", channel="cli")  # fmt: skip
            monkeypatch.setattr(services, "_new_lines", meanwhile)
        return fresh

    monkeypatch.setattr(services, "_new_lines", meanwhile)
    imported = statement_import(
        "s.csv", "\n".join([header, *first]).encode(), actor="test", channel="cli"
    )
    assert imported.new_lines == 1
    assert sorted(BankLine.objects.values_list("reference", flat=True)) == ["R1", "R2"]
