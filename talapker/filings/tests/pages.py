"""What the filing-page tests share: a treasurer signed in with their second factor, the
sample election moved so that its deadlines fall where a test needs them, and the files a
treasurer uploads (recorded samples and the hostile corpus)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from talapker.accounts.models import Role
from talapker.accounts.testing import make_user, sign_in
from talapker.elections.models import Election
from talapker.filings.models import ReportVersion
from talapker.filings.tests.conftest import CORPUS, SAMPLES
from talapker.funds.models import Fund

CLEAN_SCAN = CORPUS / "pdf" / "clean_scan.pdf"
JAVASCRIPT_SCAN = CORPUS / "pdf" / "javascript_open_action.pdf"  # the manifest: quarantine
NOT_A_PDF = CORPUS / "pdf" / "not_pdf_html.pdf"  # the manifest: reject
SAMPLE_ROWS = {"contributions": 8, "expenditures": 6}  # in samples/*.csv and report.xlsx


def election_around_today(election: Election, *, days_to_election: int) -> None:
    """Move the election so that election day is `days_to_election` from today (negative:
    in the past), the campaign starting 60 days before it. The deadlines follow."""
    day = timezone.localdate() + dt.timedelta(days=days_to_election)
    election.campaign_start = day - dt.timedelta(days=60)
    election.election_day = day
    election.save(update_fields=["campaign_start", "election_day"])


def treasurer_of(fund: Fund, username: str = "treasurer") -> User:
    return make_user(username, Role.FILER, fund=fund)


def signed_in(user: User) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def url(fund: Fund, tail: str = "", *, kind: str = "interim", lang: str = "en") -> str:
    return f"/{lang}/filing/{fund.election.code}/{fund.code}/{kind}/{tail}"


def upload(path: Path, name: str | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name or path.name, path.read_bytes())


def csv_pair(
    contributions: Path = SAMPLES / "contributions.csv",
    expenditures: Path = SAMPLES / "expenditures.csv",
) -> dict[str, object]:
    return {
        "format": "csv",
        "contributions": upload(contributions),
        "expenditures": upload(expenditures),
    }


def workbook(path: Path = SAMPLES / "report.xlsx") -> dict[str, object]:
    return {"format": "xlsx", "workbook": upload(path)}


def scan(path: Path = CLEAN_SCAN) -> dict[str, object]:
    return {"scan": upload(path)}


def draft_of(fund: Fund, kind: str = "interim") -> ReportVersion | None:
    return ReportVersion.objects.filter(
        report__fund=fund, report__kind=kind, state=ReportVersion.State.DRAFT
    ).first()


def start_draft(client: Client, fund: Fund, kind: str = "interim") -> ReportVersion:
    """Start a draft through the report page, with the period the page proposes."""
    form = client.get(url(fund, kind=kind)).context["form"]
    response = client.post(
        url(fund, kind=kind),
        {name: form.initial[name].isoformat() for name in ("period_from", "period_to")},
    )
    assert response.status_code == 302, response.content
    draft = draft_of(fund, kind)
    assert draft is not None
    return draft
