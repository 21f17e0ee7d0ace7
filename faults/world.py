"""The harness's Django side, run in spawned processes (Django set up there alone): build the
data directory's world before the run, and read back after it what was stored."""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "talapker" / "elections" / "tests" / "samples" / "valid"


def environment(home: Path, database_url: str) -> dict[str, str]:
    env = {**os.environ, "TALAPKER_HOME": str(home)}
    env["DJANGO_SETTINGS_MODULE"] = "talapker.settings.default"
    env["TALAPKER_SQLITE_SYNCHRONOUS"] = "full"  # what production runs, whatever the caller's
    if database_url:
        env["DATABASE_URL"] = database_url
    else:
        env.pop("DATABASE_URL", None)  # SQLite in the home
    return env


def _django(home: str, database_url: str) -> None:
    env = environment(Path(home), database_url)
    os.environ.clear()
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def build(home: str, database_url: str, precincts: list[str]) -> dict[str, str]:
    """Migrate, load the sample election, add the precincts; a filer with an API token for
    each fund, one for each bank, a token for each precinct. Returns the tokens by whose."""
    _django(home, database_url)
    from django.core.management import call_command
    from huey.contrib.djhuey import HUEY

    from faults.plan import ELECTION
    from talapker.accounts.models import Role
    from talapker.accounts.services import issue_token
    from talapker.accounts.testing import make_user
    from talapker.elections.models import Election
    from talapker.elections.services import election_load
    from talapker.funds.models import Account
    from talapker.results.tokens import issue
    from talapker.voters.models import Precinct

    call_command("migrate", verbosity=0)
    election_load(SAMPLE, actor="fault harness")
    election = Election.objects.get(code=ELECTION)
    Precinct.objects.bulk_create(
        Precinct(
            code=code, name_ky=f"№{code} мектеп", name_ru=f"Школа №{code}", region="Чүй облусу",
            district=f"{n % 4 + 1}-округ", address="Токмок, 1", country="KGZ",
            latitude=42.8 + n / 1000, longitude=75.3 + n / 1000,
        )
        for n, code in enumerate(precincts)
    )  # fmt: skip
    keys = issue(election, precincts, actor="harness")
    tokens = {f"precinct:{code}": key for code, key in keys.items()}
    banks: dict[str, str] = {}
    for account in Account.objects.filter(fund__election=election).select_related("fund"):
        fund = account.fund.code
        filer = make_user(f"filer-{fund}", Role.FILER, fund=account.fund)
        tokens[f"filer:{fund}"] = issue_token(filer, "harness", actor="harness")
        if account.bank not in banks:
            bank = make_user(f"bank-{len(banks) + 1}", Role.BANK, bank=account.bank)
            banks[account.bank] = issue_token(bank, "harness", actor="harness")
        tokens[f"bank:{fund}"] = banks[account.bank]
    HUEY.flush()  # the election's queued work would otherwise run during the writes
    return tokens


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def stored(home: str, database_url: str) -> dict[str, Any]:
    """What the database and the data directory hold: every filed version, statement and
    protocol with its digest, the counts that must not double, the tally against a recount,
    and the audit chain's verdict."""
    _django(home, database_url)
    from faults.plan import ELECTION
    from talapker.audit.models import AuditEvent
    from talapker.audit.services import audit_verify
    from talapker.banking.models import BankLine, Statement
    from talapker.elections.models import Election
    from talapker.filings.models import Contribution, IdempotencyKey, ReportVersion
    from talapker.results import tally
    from talapker.results.models import Protocol

    election = Election.objects.get(code=ELECTION)
    versions = ReportVersion.objects.filed().filter(report__fund__election=election)
    reports = {
        v.receipt: {
            "fund": v.report.fund.code, "sha256": v.content_sha256, "current": v.is_current,
            "contributions": Contribution.objects.filter(version=v).count(),
        }
        for v in versions.select_related("report__fund")
    }  # fmt: skip
    statements: dict[str, Any] = {}
    files_whole = 0
    problems: list[str] = []
    for statement in Statement.objects.select_related("account"):
        key = statement.sha256
        statements.setdefault(key, []).append(statement.account.number)
        path = Path(statement.file.path)
        if not path.exists():
            problems.append(f"statement {statement.pk}: its file {path.name} is missing")
        elif _sha256(path) != key:
            problems.append(f"statement {statement.pk}: its file differs from its SHA-256")
        else:
            files_whole += 1
    sent = Protocol.objects.filter(election=election)
    protocols = Counter(sent.values_list("precinct", flat=True))
    effective = {
        p.precinct: p.votes for p in Protocol.objects.filter(election=election, effective=True)
    }
    events, chain = audit_verify()
    running, recount = tally.read(election.pk), tally.recount(election.pk)
    return {
        "reports": reports,
        "versions": dict(Counter(r["fund"] for r in reports.values())),
        "current": {r["fund"]: receipt for receipt, r in reports.items() if r["current"]},
        "keys": IdempotencyKey.objects.count(),
        "statements": statements,
        "statement_files_whole": files_whole,
        "bank_lines": dict(Counter(BankLine.objects.values_list("account__number", flat=True))),
        "protocols": dict(protocols),
        "votes": {
            party: sum(votes.get(party, 0) for votes in effective.values())
            for party in ("ata-jurt", "ishenim", "yntymak")
        },
        "tally_exact": running == recount,
        "audit_events": events,
        "audit_problems": chain[:5],
        "audit_actions": dict(Counter(AuditEvent.objects.values_list("action", flat=True))),
        "problems": problems,
    }


def main() -> None:
    """`python -m faults.world build|stored HOME DATABASE_URL [PRECINCT...]`: the answer as
    JSON on the last line of stdout."""
    step, home, database_url, *rest = sys.argv[1:]
    answer = build(home, database_url, rest) if step == "build" else stored(home, database_url)
    print("\n" + json.dumps(answer, ensure_ascii=False))


if __name__ == "__main__":
    main()
