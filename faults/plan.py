"""What the harness sends: each fund's report versions, each account's statement files and
each precinct's protocols, seeded, the same every run.

Every write belongs to a lane that sends its writes one after the other (a fund's versions in
order, an account's statements in order, a group of precincts), so the state they leave does
not depend on when a fault struck: the last version sent is the one that counts, whatever was
retried. Lanes run side by side.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

ELECTION = "jk-2026"
# The sample election's funds (talapker/elections/tests/samples/valid/accounts.csv).
ACCOUNTS = {
    "ata-jurt": ("Айыл Банк", "1350100012345678"),
    "ishenim": ("Элдик Банк", "1280016012345678"),
    "yntymak": ("Айыл Банк", "1350100087654321"),
}
PARTIES = ("ata-jurt", "ishenim", "yntymak")
PERIOD = ("2026-10-01", "2026-10-31")
NAMES = (
    "Өмүрбеков Нурлан Үсөнович", "Абдыкалыкова Айгүл Маматовна", "Жеңишбек уулу Таалайбек",
    "Сейталиева Гүлнара Асановна", "Токтогулов Бакыт Эркинович", "Иванова Ольга Петровна",
)  # fmt: skip


@dataclass
class Write:
    """One request: where, what, under which key, and what a good answer holds."""

    kind: str  # report, statement, protocol
    name: str  # the fund, account or precinct, with the version or file number
    path: str
    body: bytes
    key: str  # the Idempotency-Key
    headers: dict[str, str] = field(default_factory=dict)
    token: str = ""  # whose: a fund's filer, a bank, a precinct (filled in from the world)


@dataclass
class Plan:
    lanes: list[list[Write]]
    # What must be stored at the end.
    versions: dict[str, int]  # fund -> report versions
    lines: dict[str, int]  # fund -> contribution lines of its last version
    statements: dict[str, int]  # account -> files
    bank_lines: dict[str, int]  # account -> distinct lines
    protocols: dict[str, int]  # precinct -> versions
    votes: dict[str, int]  # party -> votes of the last versions

    @property
    def writes(self) -> int:
        return sum(len(lane) for lane in self.lanes)


def _pin(rng: random.Random) -> str:
    return f"{rng.choice('12')}{rng.randint(0, 10**13 - 1):013d}"


def _day(rng: random.Random) -> str:
    return (dt.date(2026, 10, 1) + dt.timedelta(days=rng.randint(0, 29))).isoformat()


def _credits(
    fund: str, files: int, per_file: int, rng: random.Random
) -> list[list[dict[str, str]]]:
    """Each statement file's credits (a file repeats one line of the one before: a bank sends
    the day's last line again; it must be stored once)."""
    donors = [(_pin(rng), rng.choice(NAMES)) for _ in range(per_file * files)]
    made: list[list[dict[str, str]]] = []
    for number in range(files):
        day = dt.date(2026, 10, 2 + number * 2)
        rows = [
            {
                "reference": f"FT-{fund[:3].upper()}-{number:02d}{n:04d}",
                "day": day.isoformat(),
                "amount": f"{Decimal(rng.randint(500, 150_000)):.2f}",
                "pin": donors[number * per_file + n][0],
                "name": donors[number * per_file + n][1],
            }
            for n in range(per_file)
        ]
        if made:
            rows.insert(0, made[-1][-1])
        made.append(rows)
    return made


def statement_csv(account: str, rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        ["account", "booking_date", "value_date", "amount", "currency", "counterparty_name",
         "counterparty_id", "counterparty_account", "reference", "purpose"]
    )  # fmt: skip
    for row in rows:
        writer.writerow(
            [account, row["day"], row["day"], row["amount"], "KGS", row["name"], row["pin"],
             "1240020000123456", row["reference"], "Шайлоо фондуна салым / взнос в фонд"]
        )  # fmt: skip
    return out.getvalue().encode()


def report_json(version: int, credits: list[dict[str, str]], rng: random.Random) -> bytes:
    """A report declaring the credits (one in twenty as cash, one amount mistyped in the
    versions before the last), and a few expenditures."""
    contributions = []
    for line, row in enumerate(credits, start=1):
        cash = line % 20 == 0
        amount = row["amount"] if version or line != 3 else "1.00"
        contributions.append(
            {"line": line, "date": row["day"], "donor_kind": "individual", "donor_id": row["pin"],
             "donor_name": row["name"], "amount": amount, "method": "cash" if cash else "bank",
             "bank_ref": "" if cash else row["reference"], "description": ""}
        )  # fmt: skip
    expenditures = [
        {"line": n, "date": _day(rng), "category": rng.choice(("print", "online", "events")),
         "payee_name": "ОсОО «Ала-Тоо Принт»", "payee_id": "00512201210045",
         "amount": f"{rng.randint(1000, 90_000)}.00", "method": "bank",
         "bank_ref": f"EX-{version}-{n}",
         "description": ""}
        for n in range(1, 4)
    ]  # fmt: skip
    report = {
        "kind": "interim", "period_from": PERIOD[0], "period_to": PERIOD[1],
        "contributions": contributions, "expenditures": expenditures,
    }  # fmt: skip
    return json.dumps(report, ensure_ascii=False).encode()


def protocol_json(precinct: str, rng: random.Random, extra_invalid: int = 0) -> dict[str, Any]:
    registered = rng.randint(700, 2600)
    issued = round(registered * rng.uniform(0.35, 0.7))
    in_box = issued - rng.randint(0, 3)
    invalid = rng.randint(0, 9) + extra_invalid
    against = rng.randint(0, 12)
    rest = in_box - invalid - against
    first = round(rest * rng.uniform(0.35, 0.5))
    second = round((rest - first) * rng.uniform(0.4, 0.7))
    votes = {"ata-jurt": first, "ishenim": second, "yntymak": rest - first - second}
    return {
        "precinct": precinct, "registered": registered,
        "ballots_received": registered + rng.randint(0, 20), "ballots_issued": issued,
        "biometric_identified": issued, "ballots_in_box": in_box, "invalid": invalid,
        "against_all": against, "votes": votes,
    }  # fmt: skip


def precinct_codes(count: int) -> list[str]:
    return [f"{20001 + n}" for n in range(count)]


def make(
    *, versions: int, files: int, per_file: int, precincts: int, lanes: int, seed: int = 2026
) -> Plan:
    rng = random.Random(seed)
    reports = f"/api/v1/elections/{ELECTION}/funds/{{fund}}/reports"
    all_lanes: list[list[Write]] = []
    counts: dict[str, dict[str, int]] = {
        key: {} for key in ("versions", "lines", "statements", "bank_lines", "protocols")
    }
    for fund, (_bank, account) in ACCOUNTS.items():
        credits = _credits(fund, files, per_file, rng)
        statements = [
            Write("statement", f"{account}#{n + 1}", "/api/v1/bank/statements",
                  statement_csv(account, rows), f"st-{account}-{n + 1}",
                  {"X-File-Name": f"{account}-{n + 1}.csv",
                   "Content-Type": "application/octet-stream"}, token=f"bank:{fund}")
            for n, rows in enumerate(credits)
        ]  # fmt: skip
        distinct = {row["reference"] for rows in credits for row in rows}
        declared = [row for rows in credits for row in rows]
        declared = list({row["reference"]: row for row in declared}.values())
        filings = []
        for version in range(versions):
            # Each version declares more of what came in; the last declares all of it.
            share = declared[: max(1, len(declared) * (version + 1) // versions)]
            body = report_json(version if version < versions - 1 else 99, share, rng)
            filings.append(
                Write("report", f"{fund} v{version + 1}", reports.format(fund=fund), body,
                      f"rp-{fund}-{version + 1}", {"Content-Type": "application/json"},
                      token=f"filer:{fund}")
            )  # fmt: skip
        all_lanes += [statements, filings]
        counts["versions"][fund] = versions
        counts["lines"][fund] = len(declared)
        counts["statements"][account] = files
        counts["bank_lines"][account] = len(distinct)
    protocols: list[Write] = []
    last: dict[str, dict[str, Any]] = {}
    path = f"/api/v1/elections/{ELECTION}/protocols"
    for code in precinct_codes(precincts):
        again = rng.random() < 0.2  # a second version: the first had a wrong sum
        body = protocol_json(code, rng)
        sent = [dict(body, invalid=body["invalid"] + 5)] if again else []
        sent.append(body)
        for number, one in enumerate(sent, start=1):
            protocols.append(
                Write("protocol", f"{code} v{number}", path,
                      json.dumps(one, ensure_ascii=False).encode(), f"pr-{code}-{number}",
                      {"Content-Type": "application/json"}, token=f"precinct:{code}")
            )  # fmt: skip
        last[code] = body
        counts["protocols"][code] = len(sent)
    chunks: list[list[Write]] = [[] for _ in range(lanes)]
    for write in protocols:  # a precinct's versions stay in one lane, in order
        chunks[int(write.name.split()[0]) % lanes].append(write)
    all_lanes += [chunk for chunk in chunks if chunk]
    votes = {party: sum(body["votes"][party] for body in last.values()) for party in PARTIES}
    return Plan(
        all_lanes, counts["versions"], counts["lines"], counts["statements"],
        counts["bank_lines"], counts["protocols"], votes,
    )  # fmt: skip
