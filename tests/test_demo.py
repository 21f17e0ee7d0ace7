"""`talapker demo` end to end: the generated demonstration election passes every importer,
and preparing it a second time changes nothing."""

from __future__ import annotations

import base64
import json
from decimal import Decimal
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.conf import settings
from django.db import models
from django.test import Client
from django.utils import timezone

from talapker.audit.models import AuditEvent
from talapker.audit.services import audit_verify
from talapker.banking.models import Statement, Transaction
from talapker.candidates.models import Candidate, CandidateDecision
from talapker.demo.prepare import demo_prepare
from talapker.elections.models import Election
from talapker.filings.models import ReportVersion
from talapker.lotdraw.models import BallotDraw
from talapker.lotdraw.services import verify
from talapker.registers.models import LegalEntity, Person, RegisterSnapshot

# Committed as the demo's own build is, not one test-long transaction: on PostgreSQL every
# protocol updates the national tally rows, and versions that no commit frees make each
# update walk a longer chain of them (the demo took three times as long: 190 s, not 64 s).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def test_the_demo_election_loads_and_reloads_without_change(tmp_path: Path) -> None:
    settings.HOME = tmp_path
    said: list[str] = []
    demo_prepare(said.append)

    election = Election.objects.get(code="jk-2026")
    assert election.parties.count() == 20
    # 20 lists of 54, but one of 55 (LIST_TOO_LONG) and one of 50 (35 women: 70% exactly)
    assert Candidate.objects.filter(party__election=election).count() == 20 * 54 + 1 - 4
    assert all(p.programme_text for p in election.parties.all())
    assert Person.objects.count() >= 90_000
    assert LegalEntity.objects.count() >= 1_500
    assert RegisterSnapshot.objects.count() == 7
    candidate = Candidate.objects.order_by("pk").first()
    assert candidate is not None
    person = Person.objects.get(pin=candidate.pin)
    assert (person.surname, person.birth_date) == (candidate.surname, candidate.birth_date)

    _the_money_trail_matches_what_was_planted(election)
    _the_ads_are_imported_with_their_payers(election)
    _screening_finds_exactly_what_was_planted(election)
    _the_campaign_has_just_ended_today(election)
    _the_auditor_confirmed_one_finding_of_each_violation_rule(election)
    _every_candidate_is_screened_decided_and_shown(election)
    _the_register_has_its_stations_voters_abroad_and_requests(election)
    draw = BallotDraw.objects.get(election=election)  # held in public, as the commission does
    assert verify(draw.protocol) is None
    assert draw.committed_at < draw.drawn_at  # type: ignore[operator]
    assert timezone.localtime(draw.drawn_at).date() < election.campaign_start  # type: ignore[arg-type]
    positions = dict(election.parties.values_list("code", "ballot_position"))
    assert [positions[code] for code in draw.order] == list(range(1, 21))

    events = AuditEvent.objects.count()
    demo_prepare(said.append)
    assert AuditEvent.objects.count() == events
    assert said[-1] == "demonstration election loaded (unchanged)"
    assert audit_verify()[1] == []


def test_the_demo_accounts_are_made_once_and_sign_in_needs_the_code(
    tmp_path: Path, election: Election
) -> None:
    from django.contrib.auth import get_user_model
    from django_otp.oath import totp

    from talapker.accounts.permissions import can_file, is_auditor
    from talapker.demo.money import demo_users

    settings.HOME = tmp_path
    said: list[str] = []
    demo_users(election, said.append)
    events = AuditEvent.objects.count()
    demo_users(election, said.append)
    assert AuditEvent.objects.count() == events  # the second run changes nothing
    people = json.loads((tmp_path / "demo-credentials.json").read_text(encoding="utf-8"))
    assert people["admin"]["password"] in said[0]
    users = get_user_model().objects
    assert users.get(username="admin").check_password(people["admin"]["password"])
    assert is_auditor(users.get(username="auditor"))
    treasurer = users.get(username="treasurer-ata-jurt")
    assert can_file(treasurer, election.funds.get(code="ata-jurt"))
    assert not can_file(treasurer, election.funds.get(code="ishenim"))
    assert people["bank-1"]["api_token"]
    # The key as an authenticator app takes it: base32, and the otpauth:// URI with it.
    auditor = people["auditor"]
    key = base64.b32decode(auditor["totp_key_base32"])
    assert key == bytes.fromhex(auditor["totp_key_hex"])
    uri = urlsplit(auditor["totp_uri"])
    assert (uri.scheme, uri.netloc, unquote(uri.path)) == ("otpauth", "totp", "/Talapker:auditor")
    query = parse_qs(uri.query)
    assert query["secret"] == [auditor["totp_key_base32"]]
    assert query["issuer"] == ["Talapker"]
    assert people["admin"]["totp_key_base32"] in said[0]
    assert said[1].startswith("\u2588")  # the administrator's QR code follows
    # A code computed from the base32 key signs in.
    response = Client().post(
        "/en/accounts/login/",
        {"username": "auditor", "password": auditor["password"], "code": f"{totp(key):06d}"},
    )
    assert response.status_code == 302


BANK_RULES = {
    "BANK_UNDECLARED_CREDIT", "BANK_UNDECLARED_DEBIT", "DECLARED_NOT_IN_BANK",
    "BANK_AMOUNT_MISMATCH",
}  # fmt: skip


def _discrepancy(t: Transaction) -> tuple[str, str, str, str] | None:
    """The bank rule a transaction's status stands for, as planted.json writes it."""
    fund = t.fund.code
    item = t.contribution or t.expenditure
    source = "contribution" if t.contribution else "expenditure"
    if t.reported == "undeclared":
        rule = "BANK_UNDECLARED_CREDIT" if t.amount > 0 else "BANK_UNDECLARED_DEBIT"
        return (rule, fund, "bank", t.bank_line.reference)
    if t.bank == "missing" and item.method == "bank":
        return ("DECLARED_NOT_IN_BANK", fund, source, str(item.line))
    if t.bank == "amount_mismatch":
        return ("BANK_AMOUNT_MISMATCH", fund, source, str(item.line))
    return None


def _the_money_trail_matches_what_was_planted(election: Election) -> None:
    """Every generated report is filed with its scan, every statement imported, and the
    reconciliation finds exactly the planted discrepancies: no more, no fewer."""
    funds = election.funds.count()
    assert ReportVersion.objects.filed().count() == 2 * funds
    assert ReportVersion.objects.standing().count() == funds
    assert not ReportVersion.objects.filter(scan="").exists()
    assert Statement.objects.count() == 3 * funds  # CSV, MT940 and camt.053 of each fund
    assert Statement.objects.filter(new_lines=0).count() == 2 * funds  # the same bookings
    planted = json.loads((settings.HOME / "demo-data" / "planted.json").read_text("utf-8"))
    expected = {
        (p["rule"], p["fund"], p["source"], str(p["line"]))
        for p in planted
        if p.get("rule") in BANK_RULES
    }
    assert len(expected) >= 4
    transactions = Transaction.objects.filter(fund__election=election).select_related(
        "fund", "contribution", "expenditure", "bank_line"
    )
    found = {d for t in transactions if (d := _discrepancy(t))}
    assert found == expected
    assert not transactions.filter(status="pending").exists()


def _the_ads_are_imported_with_their_payers(election: Election) -> None:
    """Every generated ad is stored in som; the planted ads and payees are in the truth; the
    near misses are matched as planted: each party's ads on its leader's page and under the
    Latin spelling of its name are the party's, the Latin-spelled company is its register
    row."""
    from talapker.ads.models import Ad

    folder = settings.HOME / "demo-data"
    rows = (folder / "ads" / "ads.csv").read_text("utf-8").count("\n") - 1
    ads = Ad.objects.filter(election=election)
    assert ads.count() == rows >= 100
    assert not ads.filter(spend_lower_kgs__gt=models.F("spend_upper_kgs")).exists()
    planted = json.loads((folder / "planted.json").read_text("utf-8"))
    rules = {p.get("rule", "") for p in planted}
    assert {"AD_SPEND_UNDECLARED", "AD_FOREIGN_PAYER", "AD_THIRD_PARTY_PAYER"} <= rules
    assert len({r for r in rules if r.startswith("PAYEE_")}) == 6
    for p in planted:
        if p.get("kind") in ("ad_own_ads_on_leader_page", "ad_latin_party_payer"):
            assert ads.get(ad_id=p["line"]).payer_kind == "party", p
        if p.get("kind") == "ad_latin_company_payer":
            ad = ads.get(ad_id=p["line"])
            assert (ad.payer_kind, ad.payer_inn) == ("legal_entity", p["inn"])


def _the_campaign_has_just_ended_today(election: Election) -> None:
    """The story stands at today (talapker/demo/tests/test_clock.py moves the day): every
    report was due and is filed before now, and the election is a past one."""
    from talapker.disclosure.selectors import election_list

    now = timezone.now()
    assert election.final_report_due < timezone.localdate()
    filed = ReportVersion.objects.values_list("filed_at", flat=True)
    assert all(at is not None and at < now for at in filed)
    assert election_list(today=timezone.localdate()).past == [election]


def _screening_finds_exactly_what_was_planted(election: Election) -> None:
    """Precision and recall of 100% on every planted violation, with its amount; a re-run
    adds nothing and keeps the review state."""
    from talapker.compliance.engine import findings_data, screen
    from talapker.compliance.models import Finding
    from talapker.compliance.services import finding_review

    screen(election, trigger="test")
    found = {
        (f["rule"], f["fund"], f["source"], str(f["line"])): f for f in findings_data(election)
    }
    planted = json.loads((settings.HOME / "demo-data" / "planted.json").read_text("utf-8"))
    truth = {
        (p["rule"], p["fund"], p["source"], str(p.get("line"))): p for p in planted if "rule" in p
    }
    assert len(truth) >= 50
    assert set(found) == set(truth)  # no planted violation missed, no false finding
    for key, p in truth.items():
        assert found[key]["severity"] == p["severity"], key
        if p.get("amount"):
            assert found[key]["amount"] == p["amount"], key
        assert found[key]["explanation"]["ky"] != found[key]["explanation"]["en"]
    chain = next(f for k, f in found.items() if k[0] == "ENTITY_FOREIGN_PARTICIPATION")
    assert chain["evidence"]["chains"][0]["chain"][0]["inn"] == chain["evidence"]["inn"]
    # An active money finding: a candidate's are reviewed by the commission's decision on
    # the candidate, and the screenings the demo's imports queued (run at each commit) found
    # some that later filings answered (a report missing until it was filed).
    first = (
        Finding.objects.filter(election=election, severity="violation", active=True)
        .exclude(source="candidate")
        .order_by("pk")
        .first()
    )
    assert first is not None
    finding_review(first, "confirmed", "checked against the register", actor="auditor")
    count = Finding.objects.count()
    screen(election, trigger="test again")
    assert Finding.objects.count() == count
    first.refresh_from_db()
    assert (first.review, first.active) == ("confirmed", True)


def _the_register_has_its_stations_voters_abroad_and_requests(election: Election) -> None:
    """The stations at home and abroad, the registrations abroad, the requests to vote
    abroad (approved ones moved on the register), and the public pages that count them."""
    from talapker.voters.models import (
        AbroadRegistration,
        MoveRequest,
        Precinct,
        RegisterBuild,
        Voter,
    )

    assert Precinct.objects.count() == 2540
    assert Precinct.objects.exclude(country="KGZ").count() == 100
    assert AbroadRegistration.objects.filter(election=election).count() == 3000
    assert RegisterBuild.objects.filter(election=election).exists()
    states = sorted(MoveRequest.objects.filter(election=election).values_list("state", flat=True))
    assert states == ["approved"] * 3 + ["pending"] * 3 + ["refused"] * 2
    assert Voter.objects.filter(election=election, how="moved").count() == 3
    assert Voter.objects.filter(election=election, how="abroad").count() == 3000
    page = Client().get(f"/ky/elections/{election.code}/precincts/?country=TUR")
    assert page.status_code == 200 and "Түркия" in page.content.decode()


def _every_candidate_is_screened_decided_and_shown(election: Election) -> None:
    """The demo commission decided on every candidate: refused where screening found a
    violation (naming its rule), replaced where the register records a death, registered
    otherwise; the public page shows each decision, never the register's record."""
    from talapker.candidates.selectors import with_status
    from talapker.compliance.models import Finding

    candidates = with_status(Candidate.objects.filter(party__election=election))
    assert not candidates.filter(decision=None).exists()
    refused = dict(candidates.filter(decision="refused").values_list("pk", "decision_rule"))
    violations = Finding.objects.filter(
        election=election, source="candidate", severity="violation", active=True
    ).exclude(line="")
    places = set(violations.values_list("fund_id", "line"))
    dead = set(violations.filter(rule="CANDIDATE_DECEASED").values_list("fund_id", "line"))
    assert len(refused) == len(places - dead) - 1  # on two lists: refused on one of them
    assert candidates.filter(decision="replaced").count() == 1
    page = Client().get(f"/ky/elections/{election.code}/candidates/?status=refused")
    html = page.content.decode()
    assert page.status_code == 200 and html.count("каттоодон баш тартылды") >= len(refused)
    assert "КМ 59-берене" in html


def _the_auditor_confirmed_one_finding_of_each_violation_rule(election: Election) -> None:
    """The public register has entries: one confirmed finding of each violation rule, one of
    them answered with a refund; the public page lists them."""
    from talapker.compliance.models import Finding

    violations = Finding.objects.filter(election=election, active=True, severity="violation")
    confirmed = violations.filter(review="confirmed")
    rules = set(violations.values_list("rule", flat=True))
    money = confirmed.exclude(source="candidate")
    assert sorted(money.values_list("rule", flat=True)) == sorted(
        rules - {r for r in rules if r.startswith(("CANDIDATE_", "LIST_"))}
    )
    # A candidate's findings are reviewed by the commission's decision on the candidate: a
    # refusal confirms the finding it names; the public register shows money findings only.
    refusals = CandidateDecision.objects.filter(election=election, decision="refused")
    assert sorted(confirmed.filter(source="candidate").values_list("rule", flat=True)) == sorted(
        refusals.values_list("rule", flat=True)
    )
    confirmed = confirmed.exclude(source="candidate")
    assert confirmed.exclude(refunded_amount=None).count() == 1
    refunded = confirmed.exclude(refunded_amount=None).get()  # what went over the cap
    assert refunded.refunded_amount == Decimal(refunded.evidence["excess"]) <= refunded.amount
    html = Client().get(f"/en/elections/{election.code}/findings/").content.decode()
    assert html.count('<h3 id="finding-') == confirmed.count()
