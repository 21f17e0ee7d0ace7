"""The demonstration's money trail and its people: the generated reports are filed and the
generated statements imported, as parties and banks would, and one account per role is
created with a known password and authenticator key (kept in `demo-credentials.json`, the
key in hex, in base32 and as its `otpauth://` URI).

Every step is idempotent: a report already filed is not filed again, a statement already
received changes nothing, and users are brought in line with the credentials file.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from talapker.accounts.models import Role
from talapker.accounts.otp import authenticator_for
from talapker.accounts.qr import qr_text
from talapker.accounts.services import ensure_demo_user, issue_token
from talapker.banking.services import statement_import
from talapker.elections.models import Election
from talapker.filings.formats.model import CONTRIBUTIONS, EXPENDITURES, REPORT_KINDS, Upload
from talapker.filings.formats.registry import report_read
from talapker.filings.models import ReportVersion
from talapker.filings.services import due_date, report_file
from talapker.funds.models import Account, Fund

ACTOR = "demo"
STATEMENT_SUFFIXES = (".csv", ".sta", ".xml")  # the same bookings: only the first adds lines


def _filed_at(fund: Fund, kind: str) -> dt.datetime:
    """When the demo says a report was filed: on its due date or a few days before (the day
    varies by fund), in the afternoon, Bishkek time."""
    due = due_date(fund, kind)
    day = due - dt.timedelta(days=sum(map(ord, fund.code)) % 4)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(15, 30)))


def demo_clock(election: Election) -> dt.date:
    """The day the demonstration's world stands at: the day after the final reports were due,
    or today once that has passed. The generated statements book up to that day, so they are
    imported as of it (a real bank's statement is checked against the real date)."""
    return max(timezone.localdate(), election.final_report_due + dt.timedelta(days=1))


def _period_of(data: Any, fund: Fund, kind: str) -> tuple[dt.date, dt.date]:
    """From the campaign's start to the day before the report is due (as the generator writes
    them), widened to take in every row's date."""
    election = fund.election
    start = election.campaign_start
    end = due_date(fund, kind) - dt.timedelta(days=1)
    dates = [row.date for row in (*data.contributions, *data.expenditures)]
    if dates:
        start, end = min(start, *dates), max(end, *dates)
    return start, end


def demo_file_reports(election: Election, folder: Path, say: Callable[[str], None]) -> int:
    """File every generated report not yet filed (with its scan); returns how many."""
    filed = 0
    for fund in election.funds.select_related("election").order_by("code"):
        for kind in REPORT_KINDS:
            where = folder / "reports" / fund.code / kind
            if not (where / "contributions.csv").exists():
                continue
            if ReportVersion.objects.filed().filter(report__fund=fund, report__kind=kind).exists():
                continue
            uploads = {
                table: Upload(f"{table}.csv", (where / f"{table}.csv").read_bytes())
                for table in (CONTRIBUTIONS, EXPENDITURES)
            }
            data = report_read("csv", uploads)
            scan_path = where / "scan.pdf"
            scan = Upload("scan.pdf", scan_path.read_bytes()) if scan_path.exists() else None
            report_file(
                fund,
                kind,
                *_period_of(data, fund, kind),
                data,
                channel="cli",
                actor=ACTOR,
                scan=scan,
                sources=list(uploads.values()),
                now=_filed_at(fund, kind),
            )
            filed += 1
    if filed:
        say(f"filed {filed} generated reports")
    return filed


def demo_import_statements(election: Election, folder: Path, say: Callable[[str], None]) -> int:
    """Import every generated statement (each fund's in all three formats); returns how
    many bank lines were new."""
    new = 0
    statements = folder / "statements"
    if not statements.is_dir():
        return 0
    for path in sorted(statements.iterdir()):
        if path.suffix not in STATEMENT_SUFFIXES:
            continue
        imported = statement_import(
            path.name,
            path.read_bytes(),
            actor=ACTOR,
            channel="cli",
            election=election,
            as_of=demo_clock(election),
        )
        new += imported.new_lines
    if new:
        say(f"imported {new} bank statement lines")
    return new


def _credentials_file() -> Path:
    return Path(settings.HOME) / "demo-credentials.json"


def _credentials(election: Election) -> dict[str, dict[str, str]]:
    """The demo's accounts, made once and then read back, so every run agrees."""
    path = _credentials_file()
    if path.exists():
        known: dict[str, dict[str, str]] = json.loads(path.read_text(encoding="utf-8"))
        return known
    people: dict[str, dict[str, str]] = {
        "admin": {"role": Role.ADMINISTRATOR},
        "auditor": {"role": Role.AUDITOR},
    }
    for fund in election.funds.order_by("code"):
        people[f"treasurer-{fund.code}"] = {"role": Role.FILER, "fund": fund.code}
    banks = sorted(
        set(Account.objects.filter(fund__election=election).values_list("bank", flat=True))
    )
    for number, bank in enumerate(banks, start=1):
        people[f"bank-{number}"] = {"role": Role.BANK, "bank": bank}
    for entry in people.values():
        entry["password"] = secrets.token_urlsafe(12)
        entry["totp_key_hex"] = secrets.token_hex(20)
    path.write_text(json.dumps(people, ensure_ascii=False, indent=1), encoding="utf-8")
    path.chmod(0o600)
    return people


def demo_users(election: Election, say: Callable[[str], None]) -> None:
    """Create (or bring in line) one account per role, and say how to sign in."""
    first_run = not _credentials_file().exists()
    people = _credentials(election)
    for username, entry in people.items():
        fund = election.funds.get(code=entry["fund"]) if "fund" in entry else None
        user = ensure_demo_user(
            username,
            entry["role"],
            fund=fund,
            bank=entry.get("bank", ""),
            body=entry.get("body", ""),
            password=entry["password"],
            totp_key_hex=entry["totp_key_hex"],
        )
        if entry["role"] in (Role.FILER, Role.BANK) and "api_token" not in entry:
            entry["api_token"] = issue_token(user, "demo")
        # The key as authenticator apps take it, beside the hex the demo sets it from (the
        # file is rewritten every run, so an older one gains these too).
        authenticator = authenticator_for(user)
        if authenticator is not None:
            entry["totp_key_base32"] = authenticator.secret_base32
            entry["totp_uri"] = authenticator.provisioning_uri
    _credentials_file().write_text(json.dumps(people, ensure_ascii=False, indent=1), "utf-8")
    if first_run:
        admin = people["admin"]
        say(
            f"sign in at /ky/accounts/login/ as 'admin' with password {admin['password']} "
            "and the code of an authenticator app set up with this QR code, or with the key "
            f"{admin['totp_key_base32']} typed in (base32):"
        )
        say(qr_text(admin["totp_uri"]).rstrip("\n"))
        say(f"every demo account (auditor, treasurers, banks) is in {_credentials_file()}")
