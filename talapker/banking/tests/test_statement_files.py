"""Files of several statements from real banks, stored as the import stores them; and the
banks' dry run (`check-statement`, `?dry_run=1`) that answers as the import would and stores
nothing."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from talapker.accounts.models import Role
from talapker.audit.models import AuditEvent
from talapker.banking.models import BankLine, Statement
from talapker.banking.services import statement_import
from talapker.banking.statements import parse_statement
from talapker.banking.tests.bank_samples import needs_samples, sample
from talapker.core.errors import InputError
from talapker.filings.tests.test_filing_api import _client
from talapker.funds.models import Account

pytestmark = [pytest.mark.django_db, needs_samples]
PAGES = "mt940/sparkasse_php.sta"  # four statements of one account, no bank references
BANK = "Айыл Банк"


def open_accounts(fund, data: bytes) -> list[str]:  # type: ignore[no-untyped-def]
    """The file's accounts made the fund's special accounts, opened long before."""
    numbers = list(parse_statement("f", data).accounts)
    for number in numbers:
        Account.objects.create(fund=fund, bank=BANK, number=number, opened_on=dt.date(2000, 1, 1))
    return numbers


def statements_of(data: bytes) -> list[bytes]:
    """The file cut at each `:20:`, as a bank could have sent each statement alone."""
    text = data.decode("latin-1")
    starts = [m.start() for m in re.finditer(r"^:20:", text, re.M)]
    return [
        text[a:b].encode("latin-1") for a, b in zip(starts, [*starts[1:], len(text)], strict=True)
    ]


def test_a_file_of_four_statements_stores_four_records_and_each_line_once(fund) -> None:  # type: ignore[no-untyped-def]
    data = sample(PAGES)
    open_accounts(fund, data)
    read = parse_statement("p.sta", data)
    imported = statement_import("p.sta", data, actor="test", channel="cli")
    assert len(imported.statements) == 4
    assert imported.new_lines == len(read.lines) == BankLine.objects.count()
    assert [s.position for s in imported.statements] == [1, 2, 3, 4]
    assert len({s.file.name for s in imported.statements}) == 1  # the file is kept once
    again = statement_import("p.sta", data, actor="test", channel="cli")
    assert again.unchanged and again.new_lines == 0
    assert Statement.objects.count() == 4
    assert AuditEvent.objects.filter(action="statement.imported").count() == 1


def test_overlapping_files_of_real_statements_add_each_line_once(fund) -> None:  # type: ignore[no-untyped-def]
    data = sample(PAGES)
    open_accounts(fund, data)
    parts = statements_of(data)
    first = b"".join(parts[:2])
    second = b"".join(parts[1:])
    statement_import("a.sta", first, actor="test", channel="cli")
    statement_import("b.sta", second, actor="test", channel="cli")
    assert BankLine.objects.count() == len(parse_statement("p.sta", data).lines)


def test_a_statement_written_twice_in_one_file_adds_its_lines_once(fund) -> None:  # type: ignore[no-untyped-def]
    parts = statements_of(sample(PAGES))
    open_accounts(fund, parts[0])
    imported = statement_import("t.sta", parts[0] + parts[1] + parts[0], actor="t", channel="cli")
    alone = len(parse_statement("a", parts[0]).lines) + len(parse_statement("b", parts[1]).lines)
    assert [s.new_lines for s in imported.statements][2] == 0
    assert imported.new_lines == alone == BankLine.objects.count()
    assert statement_import("u.sta", parts[0], actor="t", channel="cli").new_lines == 0


def test_an_unknown_account_in_a_file_of_several_stores_nothing(fund) -> None:  # type: ignore[no-untyped-def]
    data = sample("mt940/dresdner_sepa_mt9401.sta")
    numbers = open_accounts(fund, data)
    Account.objects.filter(number=numbers[-1]).delete()
    with pytest.raises(InputError, match=re.escape(numbers[-1])):
        statement_import("d.sta", data, actor="test", channel="cli")
    assert not Statement.objects.exists() and not BankLine.objects.exists()


def test_check_statement_prints_what_the_file_holds_and_stores_nothing(
    fund, tmp_path, capsys
) -> None:  # type: ignore[no-untyped-def]
    data = sample(PAGES)
    open_accounts(fund, data)
    path = tmp_path / "p.sta"
    path.write_bytes(data)
    call_command("check_statement", "--json", str(path))
    printed = json.loads(capsys.readouterr().out)
    assert printed["format"] == "mt940"
    assert len(printed["statements"]) == 4
    first = printed["statements"][0]
    assert set(first) >= {"account", "currency", "opening_balance", "closing_balance", "lines"}
    assert not Statement.objects.exists()


def test_check_statement_names_the_reason_and_exits_non_zero(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "feb.sta"
    path.write_bytes(sample("control/ctl_february_30.sta"))
    with pytest.raises(CommandError, match=r"feb\.sta, line \d+"):
        call_command("check_statement", "--json", str(path))
    assert json.loads(capsys.readouterr().out)["refused"]["line"]


def test_check_statement_format_only_needs_no_fund(tmp_path, capsys, db) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "p.sta"
    path.write_bytes(sample(PAGES))
    with pytest.raises(CommandError, match="not the special account"):
        call_command("check_statement", str(path))
    call_command("check_statement", "--format-only", str(path))
    assert "the import would accept it" in capsys.readouterr().out


def test_the_banks_dry_run_answers_as_the_import_and_stores_nothing(fund) -> None:  # type: ignore[no-untyped-def]
    data = sample(PAGES)
    open_accounts(fund, data)
    client = _client("aiyl", Role.BANK, bank=BANK)
    url = "/api/v1/bank/statements?dry_run=1"
    response = client.post(url, data=data, content_type="text/plain", HTTP_X_FILE_NAME="p.sta")
    assert response.status_code == 200, response.content
    assert response.json()["dry_run"] is True
    assert len(response.json()["statements"]) == 4
    assert not Statement.objects.exists()
    broken = sample("control/ctl_february_30.sta")
    response = client.post(url, data=broken, content_type="text/plain", HTTP_X_FILE_NAME="f.sta")
    assert response.status_code == 422
    assert response.json()["line"]
    response = client.post(url.replace("=1", "=maybe"), data=data, content_type="text/plain")
    assert response.status_code == 400
    assert not Statement.objects.exists()


def test_another_banks_account_is_refused_in_the_dry_run_too(fund) -> None:  # type: ignore[no-untyped-def]
    data = sample(PAGES)
    open_accounts(fund, data)
    client = _client("kicb", Role.BANK, bank="KICB")
    response = client.post(
        "/api/v1/bank/statements?dry_run=1",
        data=data,
        content_type="text/plain",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 403
    assert "special account at your bank" in response.json()["detail"]
