"""Filing a complaint, as a voter who saw vote buying would: from a phone, in Kyrgyz, with a
photo, anonymously, and following it by its code. The photo loses its location before it is
stored; a file that is not what it says, or too large, is refused with the reason in the
page's language and nothing is stored; a flood from one address is stopped with a
translated 429; HTML in the text is shown as text; nothing of the complainant is kept."""

from __future__ import annotations

import io
import re
from hashlib import sha256
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from PIL import Image

from talapker.audit.models import AuditEvent
from talapker.complaints.filing import complaint_reply
from talapker.complaints.limits import too_many_text
from talapker.complaints.models import Attachment, Complaint, State
from talapker.complaints.tests.conftest import file_one, phone_photo
from talapker.complaints.uploads import MAX_BYTES
from talapker.elections.models import Election
from talapker.filings.tests.conftest import CORPUS

pytestmark = pytest.mark.django_db

FORM = "/ky/complaints/"
CODE = re.compile(r"[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}")
PHONE = {"HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 14) Mobile", "REMOTE_ADDR": "192.0.2.7"}
PDFS = CORPUS / "pdf"


def send(client: Client, *files: SimpleUploadedFile, **changes: Any) -> Any:
    data: dict[str, Any] = {
        "election": "jk-2026",
        "category": "vote_buying",
        "text": "Мектептин жанында шайлоочуларга акча таратып жатышты.",
        "region": "bishkek",
        "district": "Ленин району",
        "precinct": "",
        "occurred_on": "2026-11-20",
        "occurred_time": "14:00",
        "name": "",
        "contact": "",
        **changes,
    }
    if files:
        data["attachments"] = list(files)
    return client.post(FORM, data, **PHONE)


def jpeg(name: str = "IMG_2031.jpg", data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data if data is not None else phone_photo(), "image/jpeg")


def test_a_voter_files_from_a_phone_in_kyrgyz_with_a_photo_and_follows_it(
    stations: Election, campaign_day: Any, client: Client
) -> None:
    page = client.get(FORM, **PHONE)
    html = page.content.decode()
    assert page.status_code == 200
    assert (
        'enctype="multipart/form-data"' in html
        and 'name="attachments"' in html
        and "multiple" in html
    )
    assert "Шайлоо" in html or "шайлоо" in html  # Kyrgyz

    sent = send(client, jpeg())
    assert sent.status_code == 302, sent.content.decode()[:3000]
    code = sent["Location"].rstrip("/").rsplit("/", 1)[1]
    assert CODE.fullmatch(code) and sent["Location"] == f"/ky/complaints/{code}/"
    complaint = Complaint.objects.get()
    assert (complaint.category, complaint.region, complaint.state) == (
        "vote_buying",
        "bishkek",
        "new",
    )
    assert complaint.body is not None and complaint.body.code == "police"
    assert (complaint.name, complaint.contact, complaint.language) == ("", "", "ky")

    followed = client.get(sent["Location"], **PHONE).content.decode()
    assert code in followed and "Ички иштер министрлиги" in followed  # the police examine it
    assert "Мектептин жанында" in followed
    found = client.post("/ky/complaints/find/", {"code": code.lower().replace("-", " ")})
    assert found.status_code == 302 and found["Location"] == f"/ky/complaints/{code}/"


def test_the_photo_is_stored_without_its_location_or_camera(
    stations: Election, campaign_day: Any, client: Client
) -> None:
    original = phone_photo(orientation=6)  # taken with the phone turned: 64 × 48 stored turned
    before = Image.open(io.BytesIO(original)).getexif()
    assert before.get_ifd(0x8825) and before[0x0110] == "Phone 15"
    assert send(client, jpeg(data=original)).status_code == 302
    attachment = Attachment.objects.get()
    stored = attachment.file.open("rb").read()
    assert attachment.kind == "image" and attachment.content_type == "image/jpeg"
    assert b"Exif" not in stored and b"Phone 15" not in stored and b"PhoneMaker" not in stored
    image = Image.open(io.BytesIO(stored))
    assert not image.getexif() and not image.getexif().get_ifd(0x8825)
    assert not {"exif", "xmp", "icc_profile"} & set(image.info)
    assert image.size == (48, 64)  # upright, as it was taken
    assert attachment.name == "IMG_2031.jpg" and attachment.sha256 == sha256(stored).hexdigest()
    assert attachment.file.name == f"complaints/{attachment.sha256[:24]}.jpg"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("photo.jpg", b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF", "PDF"),  # a PDF called a photo
        ("photo.jpg", b"MZ\x90\x00\x03\x00\x00\x00 this program cannot be run", "JPEG, PNG"),
        ("photo.jpg", b"\xff\xd8\xff\xe0 not really a jpeg at all", ""),  # broken
        ("virus.exe", phone_photo(), "JPEG, PNG"),
    ],
)
def test_a_file_that_is_not_what_it_says_is_refused_and_nothing_stored(
    stations: Election,
    campaign_day: Any,
    client: Client,
    name: str,
    content: bytes,
    reason: str,
) -> None:
    refused = send(client, jpeg(name, content))
    html = refused.content.decode()
    assert refused.status_code == 400
    assert f"«{name}»" in html and reason in html
    assert "Мектептин жанында" in html  # what was typed is still in the form
    assert not Complaint.objects.exists() and not Attachment.objects.exists()


def test_an_oversized_upload_is_refused(
    stations: Election, campaign_day: Any, client: Client
) -> None:
    big = phone_photo() + b"\0" * MAX_BYTES
    refused = send(client, jpeg("big.jpg", big))
    assert refused.status_code == 400 and "«big.jpg»" in refused.content.decode()
    with translation.override("ky"):
        assert gettext("it is larger than %(max)s MB.") % {"max": 20} in refused.content.decode()
    assert not Complaint.objects.exists()


def test_too_many_files_are_refused(stations: Election, campaign_day: Any, client: Client) -> None:
    refused = send(client, *(jpeg(f"p{n}.jpg") for n in range(6)))
    assert refused.status_code == 400 and not Complaint.objects.exists()


def test_a_dangerous_pdf_is_refused_and_a_clean_one_kept(
    stations: Election, campaign_day: Any, client: Client
) -> None:
    dangerous = (PDFS / "javascript_open_action.pdf").read_bytes()
    refused = send(client, SimpleUploadedFile("act.pdf", dangerous, "application/pdf"))
    assert refused.status_code == 400 and "JavaScript" in refused.content.decode()
    clean = (PDFS / "clean_scan.pdf").read_bytes()
    assert send(client, SimpleUploadedFile("act.pdf", clean, "application/pdf")).status_code == 302
    assert Attachment.objects.get().kind == "pdf"


def test_a_flood_from_one_address_is_throttled_in_the_page_language(
    stations: Election, campaign_day: Any, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("talapker.complaints.views.FILINGS", (3, 3600))
    for _ in range(3):
        assert send(client).status_code == 302
    stopped = send(client, text="Дагы бир даттануу")
    html = stopped.content.decode()
    assert stopped.status_code == 429 and stopped["Retry-After"] == "3600"
    with translation.override("ky"):
        assert escape(too_many_text()) in html  # in the page's language
    assert "Дагы бир даттануу" in html  # nothing lost: the text is still in the form
    assert Complaint.objects.count() == 3
    other = Client()
    assert other.post(FORM, {}, REMOTE_ADDR="198.51.100.1").status_code == 400  # another address


def test_html_in_the_text_is_stored_as_typed_and_shown_as_text(
    stations: Election, campaign_day: Any, client: Client
) -> None:
    script = '<script>alert("x")</script><b>акча</b>'
    sent = send(client, text=script)
    assert Complaint.objects.get().text == script
    html = client.get(sent["Location"]).content.decode()
    assert script not in html and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_nothing_of_the_complainant_is_kept_or_logged(
    stations: Election, campaign_day: Any, client: Client
) -> None:
    sent = send(client, jpeg(), name="Айгүл", contact="+996 555 123 456")
    complaint = Complaint.objects.get()
    event = AuditEvent.objects.get(action="complaints.filed")
    assert event.object_id == complaint.tracking_code and event.data["files"] == 1
    for secret in ("Айгүл", "555 123", "192.0.2.7", "Мектептин"):
        assert secret not in str(event.data) and secret not in event.actor
    assert "192.0.2.7" not in str(Complaint.objects.values().get())
    page = client.get(sent["Location"]).content.decode()
    assert "Айгүл" not in page and "555 123" not in page


def test_a_station_places_the_complaint_and_an_unknown_one_is_refused(
    stations: Election, campaign_day: Any, client: Client
) -> None:
    assert send(client, category="precinct", precinct="1003", region="bishkek").status_code == 302
    complaint = Complaint.objects.get()
    assert (complaint.region, complaint.precinct, complaint.body.code) == ("osh", "1003", "tec-osh")  # type: ignore[union-attr]
    refused = send(client, precinct="7777")
    assert refused.status_code == 400 and "7777" in refused.content.decode()
    assert send(client, occurred_on="2026-12-01").status_code == 400  # in the future


def test_the_reply_form_shows_only_while_the_examiners_wait(
    stations: Election, campaign_day: Any, client: Client
) -> None:
    from talapker.complaints.handling import complaint_ask

    complaint = file_one(stations)
    page = f"/ky/complaints/{complaint.tracking_code}/"
    assert "complaint-reply-form" not in client.get(page).content.decode()
    assert client.post(page, {"text": "мына"}).status_code == 400
    complaint_ask(complaint, "Канча акча беришти? Сүрөт барбы?", actor="prosecutor1")
    asked = client.get(page).content.decode()
    assert "Канча акча беришти?" in asked and "complaint-reply-form" in asked
    assert "prosecutor1" not in asked  # never who handles it
    replied = client.post(page, {"text": "2000 сом", "attachments": [jpeg()]})
    assert replied.status_code == 302
    complaint.refresh_from_db()
    assert complaint.state == State.TAKEN and complaint.attachments.count() == 1
    with pytest.raises(ValidationError) as refused:
        complaint_reply(complaint, "дагы")
    assert refused.value.code == "not_waiting"


def test_the_api_files_and_follows_a_complaint(stations: Election, campaign_day: Any) -> None:
    client = Client()
    filed = client.post(
        "/api/v1/complaints",
        {
            "election": "jk-2026",
            "category": "foreign",
            "region": "chui",
            "occurred_on": "2026-11-19",
            "text": "Чет элдик уюм үгүт жүргүзүп жатат.",
            "files": [jpeg(), jpeg("second.jpg")],
        },
        HTTP_ACCEPT_LANGUAGE="ru",
    )
    assert filed.status_code == 201, filed.content
    body = filed.json()
    assert CODE.fullmatch(body["tracking_code"]) and body["body"]["code"] == "security"
    assert body["url"] == f"/ru/complaints/{body['tracking_code']}/"
    assert Attachment.objects.count() == 2
    status = client.get(f"/api/v1/complaints/{body['tracking_code']}").json()
    assert (status["state"], status["category"], status["overdue"]) == ("new", "foreign", False)
    assert "contact" not in status and "name" not in status and "text" not in status
    assert [s["kind"] for s in status["steps"]] == ["filed"]
    assert client.get("/api/v1/complaints/ABCD-EFGH").status_code == 404

    as_json = client.post(
        "/api/v1/complaints",
        {"election": "jk-2026", "category": "other", "region": "naryn",
         "occurred_on": "2026-11-20", "text": "<i>JSON</i>"},
        content_type="application/json",
    )  # fmt: skip
    assert as_json.status_code == 201

    fake = client.post(
        "/api/v1/complaints",
        {"election": "jk-2026", "category": "other", "region": "naryn",
         "occurred_on": "2026-11-20", "text": "x", "files": [jpeg("a.jpg", b"%PDF-1.4")]},
        HTTP_ACCEPT_LANGUAGE="ky",
    )  # fmt: skip
    assert fake.status_code == 400 and "«a.jpg»" in fake.json()["files"][0]
    closed = client.post(
        "/api/v1/complaints",
        {"election": "nope", "category": "other", "region": "naryn",
         "occurred_on": "2026-11-20", "text": "x"},
    )  # fmt: skip
    assert closed.status_code == 400 and "election" in closed.json()


def test_the_api_is_throttled_with_a_translated_reason(
    stations: Election, campaign_day: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("talapker.complaints.api.FILINGS", (1, 3600))
    client = Client()
    data = {"election": "jk-2026", "category": "other", "region": "naryn",
            "occurred_on": "2026-11-20", "text": "x"}  # fmt: skip
    assert client.post("/api/v1/complaints", data).status_code == 201
    stopped = client.post("/api/v1/complaints", data, HTTP_ACCEPT_LANGUAGE="ru")
    assert stopped.status_code == 429 and stopped.json()["code"] == "throttled"
    with translation.override("ru"):
        assert stopped["Retry-After"] == "3600" and stopped.json()["detail"] == too_many_text()


def test_complaints_close_days_after_election_day(stations: Election) -> None:
    import datetime as dt

    late = dt.datetime(2026, 12, 30, 12, tzinfo=dt.UTC)  # election day + 31
    with pytest.raises(ValidationError) as refused:
        file_one(stations, at=late)
    assert refused.value.code == "closed"
    assert file_one(stations, at=late - dt.timedelta(days=1)).state == State.NEW
