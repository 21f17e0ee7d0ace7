"""The commission's decisions on candidates: a refusal names a rule screening found and
confirms it, a registration dismisses the candidate's own findings, each is audit-logged;
the staff pages are for auditors only; the public pages and the API show the decision and,
for a refusal, the rule and article, never the register's record; a replaced candidate stays
listed under their place when the party's new list arrives."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from talapker.accounts.models import Role
from talapker.accounts.testing import make_user, sign_in
from talapker.audit.models import AuditEvent
from talapker.audit.services import audit_verify
from talapker.candidates.models import Candidate, CandidateDecision
from talapker.compliance.candidate_decisions import candidate_decide, latest_decision
from talapker.compliance.engine import screen
from talapker.compliance.models import Finding
from talapker.core.names import name_key
from talapker.elections.models import Election
from talapker.registers.models import Conviction, Diploma, Person

pytestmark = pytest.mark.django_db


def _register(candidate: Candidate, **extra: Any) -> None:
    Person.objects.create(
        pin=candidate.pin, surname=candidate.surname, name=candidate.name,
        patronymic=candidate.patronymic, birth_date=candidate.birth_date, sex=candidate.sex,
        citizenship="KGZ", biometric=True, pin_consistent=True, holds_kgz=True,
        citizenship_count=1, residence_since=candidate.birth_date,
        name_key=name_key(candidate.surname, candidate.name, candidate.patronymic),
    )  # fmt: skip
    Diploma.objects.create(pin=candidate.pin, level="higher", issued=dt.date(2005, 6, 20))


@pytest.fixture
def screened(election: Election) -> Election:
    """The sample election with every candidate in the register, one (ata-jurt no. 2) with
    a standing conviction, screened."""
    for candidate in Candidate.objects.filter(party__election=election):
        _register(candidate)
    Conviction.objects.create(
        pin=Candidate.objects.get(party__code="ata-jurt", position=2).pin,
        article="168-2", conviction_date=dt.date(2016, 3, 1), expunged=False,
    )  # fmt: skip
    screen(election, trigger="test")
    return election


def candidate(party: str, position: int) -> Candidate:
    return Candidate.objects.get(party__code=party, position=position)


def test_a_refusal_names_a_found_rule_and_confirms_it(screened: Election) -> None:
    convicted = candidate("ata-jurt", 2)
    with translation.override("en"):
        with pytest.raises(ValidationError, match="names the rule"):
            candidate_decide(convicted, "refused", "no", rule="CANDIDATE_AGE", actor="cec")
        with pytest.raises(ValidationError, match="reason"):
            candidate_decide(convicted, "refused", " ", rule="CANDIDATE_CONVICTION", actor="cec")
    events = AuditEvent.objects.count()
    made = candidate_decide(
        convicted, "refused", "Conviction not expunged", rule="CANDIDATE_CONVICTION", actor="cec"
    )
    assert (made.article, made.pin) == ("CL Art. 59", convicted.pin)
    assert latest_decision(convicted) == made
    finding = Finding.objects.get(rule="CANDIDATE_CONVICTION")
    assert (finding.review, finding.reviewed_by) == ("confirmed", "cec")
    assert AuditEvent.objects.count() == events + 2  # the decision and the review
    assert AuditEvent.objects.filter(action="candidate.decided").get().data["rule"] == (
        "CANDIDATE_CONVICTION"
    )
    assert audit_verify()[1] == []


def test_a_registration_dismisses_the_candidates_own_findings(screened: Election) -> None:
    convicted = candidate("ata-jurt", 2)
    candidate_decide(convicted, "registered", "The court lifted it", actor="cec")
    assert Finding.objects.get(rule="CANDIDATE_CONVICTION").review == "dismissed"
    # The list's findings concern the whole list: they stay for their own review.
    young = Finding.objects.get(rule="LIST_YOUNG_SHARE", fund__code="ata-jurt")
    assert young.review == "open"


def test_only_auditors_decide_and_the_pages_show_it(screened: Election, client: Client) -> None:
    url = "/ky/staff/findings/jk-2026/candidates/ata-jurt/2/"
    assert client.get(url).status_code == 302  # to the login page
    sign_in(client, make_user("treasurer", Role.FILER, fund=screened.funds.get(code="ata-jurt")))
    assert client.get(url).status_code == 403
    sign_in(client, make_user("auditor", Role.AUDITOR))
    queue = client.get("/ky/staff/findings/jk-2026/candidates/").content.decode()
    assert "Үсөнова" in queue and "Ташиев" not in queue  # only candidates with findings
    page = client.get(url).content.decode()
    assert "CANDIDATE_<wbr>CONVICTION" in page
    response = client.post(url, {"decision": "refused", "rule": "", "reason": "x"})
    assert response.status_code == 400 and not CandidateDecision.objects.exists()
    response = client.post(
        url, {"decision": "refused", "rule": "CANDIDATE_CONVICTION", "reason": "Соттуулук"}
    )
    assert response.status_code == 302
    assert CandidateDecision.objects.get().decided_by == "auditor"


def test_the_public_sees_the_decision_never_the_record(screened: Election) -> None:
    convicted = candidate("ata-jurt", 2)
    candidate_decide(convicted, "refused", "Соттуулук", rule="CANDIDATE_CONVICTION", actor="cec")
    candidate_decide(candidate("ishenim", 1), "registered", "Баары туура", actor="cec")
    client = Client()
    page = client.get("/ky/elections/jk-2026/candidates/").content.decode()
    assert "каттоодон баш тартылды" in page and "КМ 59-берене" in page
    assert "катталды" in page and "каралууда" in page
    assert "168-2" not in page and "1985-11-03" not in page  # no conviction, no birth date
    refused = client.get("/ky/elections/jk-2026/candidates/?status=refused").content.decode()
    assert "Үсөнова" in refused and "Жээнбекова" not in refused
    detail = client.get("/ru/elections/jk-2026/parties/ata-jurt/candidates/2/").content.decode()
    assert "в регистрации отказано" in detail and "КЗ ст. 59" in detail
    assert "168-2" not in detail
    findings = client.get("/ky/elections/jk-2026/findings/").content.decode()
    assert "168-2" not in findings
    api = client.get("/api/v1/elections/jk-2026/parties/ata-jurt/candidates").json()
    by_place = {c["position"]: c for c in api["results"]}
    assert (by_place[2]["registration"], by_place[2]["refusal_rule"]) == (
        "refused", "CANDIDATE_CONVICTION"
    )  # fmt: skip
    assert by_place[1]["registration"] == "pending" and by_place[1]["refusal_rule"] == ""
    assert "pin" not in by_place[2] and "birth_date" not in by_place[2]


def test_a_replaced_candidate_stays_listed_under_their_place(
    screened: Election, election_folder: Path
) -> None:
    convicted = candidate("ata-jurt", 2)
    candidate_decide(convicted, "replaced", "The party withdrew her", actor="cec")
    path = election_folder / "candidates.csv"
    path.write_text(
        path.read_text("utf-8").replace(
            "10311198500456,Үсөнова,Гүлнара,Бекболотовна,1985-11-03",
            "10202198800111,Бекова,Айнура,,1988-02-02",
        ),
        "utf-8",
    )
    call_command("load_election", str(election_folder))
    successor = candidate("ata-jurt", 2)
    assert successor.surname == "Бекова" and latest_decision(successor) is None
    page = Client().get("/en/elections/jk-2026/candidates/").content.decode()
    replaced = page.split('id="replaced-heading"', 1)[1]
    assert "Үсөнова Гүлнара Бекболотовна" in replaced
    assert "Бекова Айнура" not in replaced
