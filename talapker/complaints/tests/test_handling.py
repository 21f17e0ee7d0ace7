"""Handling complaints, as a prosecutor's officer would: only their body's queue, the
deadline, the question to the complainant, the answer; every step audit-logged; overdue
complaints marked and escalated once; duplicates joined; complaints linked to ads and
findings."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from talapker.accounts.models import Role
from talapker.accounts.testing import make_user, sign_in
from talapker.ads.models import Ad
from talapker.ads.services import ads_import
from talapker.ads.tests.conftest import ADS, RATES
from talapker.audit.models import AuditEvent
from talapker.audit.services import audit_verify
from talapker.complaints.filing import complaint_reply
from talapker.complaints.handling import (
    complaint_decide,
    complaint_forward,
    complaint_join,
    complaint_take,
)
from talapker.complaints.links import complaint_finding_link
from talapker.complaints.models import Body, Complaint, State, StepKind
from talapker.complaints.overdue import complaints_escalate
from talapker.complaints.tests.conftest import CAMPAIGN_DAY, file_one
from talapker.compliance.models import Finding
from talapker.elections.models import Election

pytestmark = pytest.mark.django_db

QUEUE = "/ky/staff/complaints/"


@pytest.fixture
def officer() -> Client:
    """An officer of the General Prosecutor's Office, signed in."""
    client = Client()
    sign_in(client, make_user("prosecutor1", Role.HANDLER, body="prosecutor"))
    return client


def events(complaint: Complaint) -> list[str]:
    found = AuditEvent.objects.filter(object_id=complaint.tracking_code).order_by("seq")
    return [e.action for e in found]


def test_a_prosecutors_officer_sees_only_their_queue(
    stations: Election, campaign_day: Any, officer: Client
) -> None:
    pressure = file_one(stations, category="pressure", contact="+996 700 000 001")
    buying = file_one(stations, category="vote_buying")
    assert (pressure.body.code, buying.body.code) == ("prosecutor", "police")  # type: ignore[union-attr]
    queue = officer.get(QUEUE)
    html = queue.content.decode()
    assert queue.status_code == 200
    assert pressure.tracking_code in html and buying.tracking_code not in html
    assert "Башкы прокуратурасы" in html  # their body, named

    own = officer.get(f"{QUEUE}{pressure.tracking_code}/").content.decode()
    assert "+996 700 000 001" in own  # the handling staff see the contact
    deadline = timezone.localtime(pressure.deadline).strftime("%Y-%m-%d %H:%M")
    assert deadline in own and deadline == "2026-11-23 15:00"  # three days for pressure
    assert officer.get(f"{QUEUE}{buying.tracking_code}/").status_code == 404
    assert officer.post(f"{QUEUE}{buying.tracking_code}/", {"action": "take"}).status_code == 404
    assert buying.tracking_code not in officer.get(f"{QUEUE}?body=police").content.decode()

    public = Client()
    assert "/accounts/login" in public.get(QUEUE)["Location"]
    reader = Client()
    sign_in(reader, make_user("reader"))
    assert reader.get(QUEUE).status_code == 403
    treasurer = Client()
    sign_in(treasurer, make_user("treasurer", Role.FILER, fund=stations.funds.first()))
    assert treasurer.get(f"{QUEUE}{pressure.tracking_code}/").status_code == 403
    auditor = Client()
    sign_in(auditor, make_user("auditor1", Role.AUDITOR))
    everything = auditor.get(QUEUE).content.decode()
    assert pressure.tracking_code in everything and buying.tracking_code in everything


def test_take_ask_reply_forward_and_decide_are_audit_logged(
    stations: Election, campaign_day: Any, officer: Client
) -> None:
    complaint = file_one(stations, category="pressure")
    page = f"{QUEUE}{complaint.tracking_code}/"
    assert officer.post(page, {"action": "take"}).status_code == 302
    asked = officer.post(page, {"action": "ask", "ask-question": "Ким басым жасады?"})
    assert asked.status_code == 302
    complaint.refresh_from_db()
    assert (complaint.state, complaint.taken_by) == (State.WAITING, "prosecutor1")
    complaint_reply(complaint, "Айыл өкмөтүнүн башчысы.")
    decided = officer.post(
        page,
        {
            "action": "decide",
            "decide-outcome": "confirmed",
            "decide-answer": "Фактылар ырасталды; иш козголду.",
            "decide-public": "on",
        },
    )
    assert decided.status_code == 302
    complaint.refresh_from_db()
    assert (complaint.state, complaint.outcome, complaint.answer_public) == (
        State.DECIDED, "confirmed", True,
    )  # fmt: skip
    assert events(complaint) == [
        "complaints.filed",
        "complaints.taken",
        "complaints.asked",
        "complaints.replied",
        "complaints.decided",
    ]
    assert [s.kind for s in complaint.steps.order_by("at", "pk")] == [
        "filed", "taken", "asked", "replied", "decided",
    ]  # fmt: skip
    decided_event = AuditEvent.objects.get(action="complaints.decided")
    assert decided_event.actor == "prosecutor1" and decided_event.data["within_deadline"] is True
    again = officer.post(page, {"action": "take"})
    assert (
        again.status_code == 400
        and not AuditEvent.objects.filter(
            action="complaints.taken", seq__gt=decided_event.seq
        ).exists()
    )

    followed = Client().get(f"/ky/complaints/{complaint.tracking_code}/").content.decode()
    assert "Фактылар ырасталды" in followed and "Айыл өкмөтүнүн башчысы" in followed
    assert "prosecutor1" not in followed
    assert audit_verify()[1] == []


def test_a_forward_moves_the_complaint_out_of_the_handlers_queue(
    stations: Election, campaign_day: Any, officer: Client
) -> None:
    complaint = file_one(stations, category="pressure")
    page = f"{QUEUE}{complaint.tracking_code}/"
    refused = officer.post(page, {"action": "forward", "forward-body": "police"})
    assert refused.status_code == 400  # a forward needs its reason
    moved = officer.post(
        page, {"action": "forward", "forward-body": "police", "forward-reason": "Кылмыш иши."}
    )
    assert moved.status_code == 302 and moved["Location"] == QUEUE
    complaint.refresh_from_db()
    assert (complaint.body.code, complaint.state) == ("police", State.NEW)  # type: ignore[union-attr]
    assert officer.get(page).status_code == 404
    assert AuditEvent.objects.get(action="complaints.forwarded").data == {
        "from": "prosecutor", "to": "police", "reason": "Кылмыш иши.",
    }  # fmt: skip
    public = Client().get(f"/ru/complaints/{complaint.tracking_code}/").content.decode()
    assert "Министерство внутренних дел" in public and "Кылмыш иши." not in public
    with pytest.raises(ValidationError):
        complaint_forward(complaint, Body.objects.get(code="police"), "x", actor="a")


def test_a_decision_needs_a_reasoned_answer(stations: Election, campaign_day: Any) -> None:
    complaint = file_one(stations)
    with pytest.raises(ValidationError) as refused:
        complaint_decide(complaint, "confirmed", "  ", public=False, actor="police1")
    assert refused.value.code == "no_answer"
    assert Complaint.objects.get().state == State.NEW


def test_an_overdue_complaint_is_marked_and_escalated_once(
    stations: Election, monkeypatch: pytest.MonkeyPatch
) -> None:
    late = file_one(stations, category="pressure", at=CAMPAIGN_DAY - dt.timedelta(days=4))
    on_time = file_one(stations, category="pressure", at=CAMPAIGN_DAY)
    decided = file_one(stations, category="pressure", at=CAMPAIGN_DAY - dt.timedelta(days=5))
    complaint_decide(decided, "not_confirmed", "Ырасталган жок.", public=False, actor="p",
                     at=CAMPAIGN_DAY - dt.timedelta(days=1))  # fmt: skip
    monkeypatch.setattr(timezone, "now", lambda: CAMPAIGN_DAY)
    officer = Client()
    sign_in(officer, make_user("prosecutor1", Role.HANDLER, body="prosecutor"))
    queue = officer.get(f"{QUEUE}?show=overdue").content.decode()  # reading escalates
    assert late.tracking_code in queue and on_time.tracking_code not in queue
    assert decided.tracking_code not in queue
    late.refresh_from_db()
    assert late.escalated_at == CAMPAIGN_DAY
    assert events(late)[-1] == "complaints.escalated"
    assert late.steps.filter(kind=StepKind.ESCALATED).count() == 1
    assert complaints_escalate() == 0  # once
    officer.get(QUEUE)
    assert AuditEvent.objects.filter(action="complaints.escalated").count() == 1
    auditor = Client()
    sign_in(auditor, make_user("auditor1", Role.AUDITOR))
    assert late.tracking_code in auditor.get(f"{QUEUE}?show=overdue").content.decode()
    page = officer.get(f"{QUEUE}{late.tracking_code}/").content.decode()
    assert "staff-mark--late" in page
    public = Client().get(f"/ky/complaints/{late.tracking_code}/").content.decode()
    assert "staff-mark--late" in public


def test_the_periodic_task_escalates(stations: Election) -> None:
    from talapker.complaints.tasks import escalate_overdue

    file_one(stations, category="pressure", at=timezone.now() - dt.timedelta(days=30))
    escalate_overdue.call_local()
    assert AuditEvent.objects.filter(action="complaints.escalated").count() == 1


def test_a_duplicate_is_joined_and_follows_the_main_complaint(
    stations: Election, campaign_day: Any, officer: Client
) -> None:
    main = file_one(stations, category="pressure", text="Мугалимдерди мажбурлашты.")
    duplicate = file_one(stations, category="pressure", text="Мектепте мажбурлоо.")
    page = f"{QUEUE}{duplicate.tracking_code}/"
    assert (
        officer.post(page, {"action": "join", "join-main": main.tracking_code}).status_code == 302
    )
    duplicate.refresh_from_db()
    assert (duplicate.state, duplicate.duplicate_of) == (State.JOINED, main)
    assert events(duplicate)[-1] == "complaints.joined"
    assert officer.post(page, {"action": "take"}).status_code == 400  # closed
    with pytest.raises(ValidationError) as chain:
        complaint_join(main, duplicate, actor="prosecutor1")
    assert chain.value.code == "chain"
    complaint_take(main, actor="prosecutor1")
    complaint_decide(main, "confirmed", "Директор эскертүү алды.", public=False, actor="p1")
    followed = Client().get(f"/ky/complaints/{duplicate.tracking_code}/").content.decode()
    assert "Директор эскертүү алды." in followed
    assert main.tracking_code not in followed and "Мугалимдерди" not in followed


def test_only_open_complaints_of_one_election_are_joined(
    stations: Election, campaign_day: Any
) -> None:
    first = file_one(stations)
    with pytest.raises(ValidationError) as itself:
        complaint_join(first, first, actor="a")
    assert itself.value.code == "itself"


def test_a_complaint_links_ads_and_a_finding_cites_it(
    stations: Election, campaign_day: Any, fund: Any
) -> None:
    ads_import(stations, ADS, RATES, actor="test")
    complaint = file_one(stations, category="unpaid_ads", text="Төлөөчүсү жок жарнама.")
    auditor = Client()
    sign_in(auditor, make_user("auditor1", Role.AUDITOR))
    page = f"{QUEUE}{complaint.tracking_code}/"
    assert auditor.post(page, {"action": "link-ad", "ad-ad_id": "fb-1002"}).status_code == 302
    assert list(complaint.ads.values_list("ad_id", flat=True)) == ["fb-1002"]
    assert Ad.objects.get(ad_id="fb-1002").complaints.get() == complaint
    missing = auditor.post(page, {"action": "link-ad", "ad-ad_id": "fb-9999"})
    assert missing.status_code == 400 and "fb-9999" in missing.content.decode()

    finding = Finding.objects.create(
        election=stations, fund=fund, key="AD_PAYER_UNKNOWN:fb-1002", rule="AD_PAYER_UNKNOWN",
        severity="warning", source="ad", line="fb-1002",
    )  # fmt: skip
    linked = auditor.post(page, {"action": "link-finding", "finding-finding": finding.pk})
    assert linked.status_code == 302
    assert list(finding.complaints.all()) == [complaint]
    html = auditor.get(page).content.decode()
    assert "fb-1002" in html and f"/staff/findings/jk-2026/{finding.pk}/" in html
    cited = auditor.get(f"/ky/staff/findings/jk-2026/{finding.pk}/").content.decode()
    assert f"/ky/staff/complaints/{complaint.tracking_code}/" in cited
    assert auditor.post(page, {"action": "unlink-ad", "ad": "fb-1002"}).status_code == 302
    complaint_finding_link(complaint, finding.pk, actor="auditor1", link=False)
    assert not complaint.ads.exists() and not finding.complaints.exists()
    assert events(complaint)[1:] == [
        "complaints.ad_linked",
        "complaints.finding_linked",
        "complaints.ad_unlinked",
        "complaints.finding_unlinked",
    ]
    with pytest.raises(ValidationError):
        complaint_finding_link(complaint, 999999, actor="auditor1")


def test_the_staff_see_the_photo_and_download_a_pdf(
    stations: Election, campaign_day: Any, officer: Client
) -> None:
    from talapker.complaints.tests.conftest import photo
    from talapker.complaints.uploads import file_check
    from talapker.filings.tests.conftest import CORPUS

    pdf = file_check("act.pdf", (CORPUS / "pdf" / "clean_scan.pdf").read_bytes())
    complaint = file_one(stations, category="pressure", files=(photo(), pdf))
    image, document = complaint.attachments.order_by("pk")
    shown = officer.get(f"{QUEUE}{complaint.tracking_code}/files/{image.pk}/")
    assert shown.status_code == 200 and shown["Content-Type"] == "image/jpeg"
    assert "attachment" not in shown.get("Content-Disposition", "")
    assert shown["Content-Security-Policy"] == "default-src 'none'; sandbox"
    downloaded = officer.get(f"{QUEUE}{complaint.tracking_code}/files/{document.pk}/")
    assert downloaded["Content-Disposition"].startswith("attachment")
    assert downloaded["Content-Type"] == "application/pdf"
    other = file_one(stations, category="vote_buying", files=(photo(),))
    pk = other.attachments.get().pk
    assert officer.get(f"{QUEUE}{other.tracking_code}/files/{pk}/").status_code == 404
    assert Client().get(f"{QUEUE}{complaint.tracking_code}/files/{image.pk}/").status_code == 302
