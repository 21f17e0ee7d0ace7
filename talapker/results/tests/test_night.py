"""Election night as the commission and the public see it: outliers among a district's
precincts, the import command and its refusals, the results command, the approval, and the
pages in Kyrgyz and Russian."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import translation

from talapker.accounts.models import Role
from talapker.accounts.testing import make_user, sign_in
from talapker.audit.models import AuditEvent
from talapker.core.errors import InputError
from talapker.elections.models import Election
from talapker.results import tally
from talapker.results.approval import ApprovalRefused, approve
from talapker.results.files import import_protocols
from talapker.results.models import Approval, PrecinctFlag, Protocol
from talapker.results.tests.conftest import protocol

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


OUTLIER = "PROTOCOL_TURNOUT_OUTLIER"


def district(stuffed: dict | None = None) -> list[tuple[str, bytes]]:
    """The ten Bishkek stations: turnout 58–62 %, Ata-Jurt about half; 1010 as given."""
    files = []
    for n in range(10):
        code = f"{1001 + n}"
        issued = 580 + 5 * n
        body = protocol(
            code, ballots_issued=issued, biometric_identified=issued, ballots_in_box=issued,
            invalid=10, against_all=10,
            votes={"ata-jurt": issued // 2, "ishenim": issued - issued // 2 - 120, "yntymak": 100},
        )  # fmt: skip
        if code == "1010" and stuffed:
            body = stuffed
        files.append((f"{code}.json", json.dumps(body).encode()))
    return files


STUFFED = protocol(
    "1010", ballots_issued=980, biometric_identified=980, ballots_in_box=980, invalid=0,
    against_all=0, votes={"ata-jurt": 950, "ishenim": 20, "yntymak": 10},
)  # fmt: skip


def test_a_stuffed_precinct_stands_out_of_its_district(night: Election) -> None:
    import_protocols(night, district(STUFFED), actor="test")
    (flag,) = PrecinctFlag.objects.filter(rule=OUTLIER)
    assert flag.precinct == "1010" and flag.severity == "notice"
    metrics = {m["metric"]: m for m in flag.evidence["metrics"]}
    assert set(metrics) == {"turnout", "party:ata-jurt", "party:ishenim", "party:yntymak"}
    assert metrics["turnout"]["value"] == "98.0"
    assert flag.evidence["group"] == "Бишкек шаары|Ленин району"


def test_a_tight_district_flags_no_one(night: Election) -> None:
    import_protocols(night, district(), actor="test")
    assert not PrecinctFlag.objects.filter(rule=OUTLIER).exists()


def test_too_few_precincts_are_not_judged(night: Election) -> None:
    import_protocols(night, district(STUFFED)[5:], actor="test")  # five of ten reporting
    assert not PrecinctFlag.objects.filter(rule=OUTLIER).exists()


def test_a_corrected_protocol_clears_its_outlier_flag(night: Election) -> None:
    import_protocols(night, district(STUFFED), actor="test")
    import_protocols(night, district()[-1:], actor="test")
    assert not PrecinctFlag.objects.filter(rule=OUTLIER).exists()


def test_the_import_command_reads_a_folder_and_refuses_a_bad_file_whole(
    night: Election, tmp_path: Path
) -> None:
    for name, data in district():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "1011.json").write_text('{"precinct": "1011", "votes": {}}', "utf-8")
    with pytest.raises(CommandError, match=r"1011.json, column registered: "):
        call_command("import_protocols", "--election", "jk-2026", str(tmp_path))
    assert not Protocol.objects.exists()
    (tmp_path / "1011.json").unlink()
    out = StringIO()
    call_command("import_protocols", "--election", "jk-2026", str(tmp_path), stdout=out)
    assert "10 protocols received, 0 unchanged" in out.getvalue()
    call_command("import_protocols", "--election", "jk-2026", str(tmp_path), stdout=out)
    assert "0 protocols received, 10 unchanged" in out.getvalue()
    assert tally.read(night.pk) == tally.recount(night.pk)


def test_the_results_command_gives_votes_percentages_and_seats(night: Election) -> None:
    import_protocols(night, district(), actor="test")
    out = StringIO()
    call_command("results", "--election", "jk-2026", "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert result["status"] == "provisional" and result["reporting"] == 10
    assert result["precincts"] == 14 and result["reporting_percent"] == "71.43"
    seats = {p["party"]: p["seats"] for p in result["parties"]}
    assert sum(seats.values()) == 54 and seats["ata-jurt"] > seats["ishenim"] > seats["yntymak"]
    votes = {p["party"]: p["votes"] for p in result["parties"]}
    assert votes["ata-jurt"] == sum(int(json.loads(d)["votes"]["ata-jurt"]) for _n, d in district())
    elected = {p["party"]: p["elected"] for p in result["parties"]}
    assert len(elected["ata-jurt"]) <= seats["ata-jurt"]  # the sample lists are short
    text = StringIO()
    call_command("results", "--election", "jk-2026", stdout=text)
    assert "10 of 14 precincts reporting" in text.getvalue()


def test_approval_ends_the_provisional_mark_and_the_arrivals(night: Election) -> None:
    with pytest.raises(ApprovalRefused, match="no protocol"):
        approve(night, actor="chair")
    import_protocols(night, district(), actor="test")
    approve(night, actor="chair", note="Decision No. 1")
    assert AuditEvent.objects.filter(action="results.approve", object_id="jk-2026").exists()
    result = Client().get("/api/v1/elections/jk-2026/results").json()
    assert result["status"] == "approved" and result["approved_at"]
    with pytest.raises(InputError):  # the language is the last request's: no words compared
        import_protocols(night, district(STUFFED)[-1:], actor="test")
    assert not Protocol.objects.filter(version=2).exists()
    with pytest.raises(ApprovalRefused):
        approve(night, actor="chair")


def test_the_pages_show_the_night_in_kyrgyz_and_russian(night: Election) -> None:
    import_protocols(night, district(STUFFED), actor="test")
    ky = Client().get("/ky/elections/jk-2026/results/").content.decode()
    assert "Алдын ала" in ky
    assert "Ата-Журт Кыргызстан" in ky
    ru = Client().get("/ru/elections/jk-2026/results/precincts/?flagged=1").content.decode()
    assert "1010" in ru and "1001" not in ru
    one = Client().get("/ru/elections/jk-2026/results/precincts/1010/").content.decode()
    assert "Ата-Журт" in one and "98,0" in one  # as Russian writes numbers
    forensics = Client().get("/ky/elections/jk-2026/results/forensics/").content.decode()
    assert "1010" in forensics
    assert Client().get("/ky/elections/jk-2026/results/precincts/0000/").status_code == 404


def test_the_forensics_are_computed_once_per_arrival(
    night: Election, django_assert_max_num_queries: Any
) -> None:
    """Kept in the cache between arrivals (no protocol or station read again); a new
    protocol shows at once."""
    import_protocols(night, district()[:6], actor="test")
    page = "/ky/elections/jk-2026/results/forensics/"

    def reporting() -> str:
        text = Client().get(page).content.decode()
        found = re.search(r'<p class="lead">\D*(\d+)', text)
        assert found is not None, text
        return found.group(1)

    assert reporting() == "6"
    with django_assert_max_num_queries(8):  # the page's own reads; no forensics recomputed
        assert reporting() == "6"
    import_protocols(night, district()[6:7], actor="test")
    assert reporting() == "7"


def test_percentages_are_written_as_each_language_writes_numbers(night: Election) -> None:
    import_protocols(night, district(), actor="test")
    page = "/{}/elections/jk-2026/results/"
    ru = Client().get(page.format("ru")).content.decode()
    en = Client().get(page.format("en")).content.decode()
    assert re.search(r"<dd>\d+,\d\d %</dd>", ru), "turnout as Russian writes it"
    assert re.search(r"<dd>\d+\.\d\d %</dd>", en)
    assert not re.search(r"<dd>\d+\.\d\d %</dd>", ru)
    # Counts grouped as each language groups thousands: 6,025 voters took part.
    assert "<dd>6\xa0025</dd>" in ru and "<dd>6,025</dd>" in en


def test_the_last_digits_give_no_verdict_on_too_few_counts(night: Election) -> None:
    """Ten stations give 30 counts, three a digit: the chi-square test says nothing there, and
    the page says so instead of calling the digits even or suspect."""
    from talapker.results.forensics import LAST_DIGIT_ENOUGH, digits_judgeable, last_digits

    import_protocols(night, district(), actor="test")
    page = Client().get("/en/elections/jk-2026/results/forensics/").content.decode()
    assert "too few counts to judge: the test needs at least 50" in page
    assert "worth a look" not in page and "as even as chance" not in page
    ru = Client().get("/ru/elections/jk-2026/results/forensics/").content.decode()
    assert "16,92" in ru and "16.92" not in ru  # the figures written as Russian writes them
    made_up = [Protocol(votes={"a": 10 + 10 * i}) for i in range(LAST_DIGIT_ENOUGH)]
    counted = last_digits(made_up)
    assert digits_judgeable(counted["total"]) and not counted["uniform"]
    assert not digits_judgeable(last_digits(made_up[:-1])["total"])


def test_staff_upload_and_approve_and_the_public_may_not(night: Election, client: Client) -> None:
    url = "/en/staff/results/jk-2026/"
    assert client.get(url).status_code == 302
    filer = make_user("filer", role=Role.FILER, fund=night.funds.first())
    sign_in(client, filer)
    assert client.get(url).status_code == 403
    auditor = make_user("auditor", role=Role.AUDITOR)
    sign_in(client, auditor)
    assert client.get(url).status_code == 200
    name, data = district()[0]
    from django.core.files.uploadedfile import SimpleUploadedFile

    answer = client.post(url, {"upload": "1", "file": SimpleUploadedFile(name, data)})
    assert answer.status_code == 302
    assert Protocol.objects.get().channel == "upload"
    bad = client.post(url, {"upload": "1", "file": SimpleUploadedFile("x.json", b"{")})
    assert bad.status_code == 400 and "x.json" in bad.content.decode()
    assert client.post(url, {"approve": "1", "confirm": "on"}).status_code == 302
    assert Approval.objects.get().approved_by == "auditor"


def test_screen_json_gives_the_protocol_flags_as_findings(night: Election) -> None:
    broken = protocol("2001", invalid=9)
    import_protocols(
        night, [*district(STUFFED), ("2001.json", json.dumps(broken).encode())], actor="t"
    )
    out = StringIO()
    call_command("screen", "--election", "jk-2026", "--json", stdout=out)
    found = [f for f in json.loads(out.getvalue()) if f["source"] == "protocol"]
    assert [(f["rule"], f["fund"], f["line"], f["severity"]) for f in found] == [
        ("PROTOCOL_SUM_MISMATCH", None, "2001", "violation"),
        ("PROTOCOL_TURNOUT_OUTLIER", None, "1010", "notice"),
    ]
    mismatch = found[0]
    assert mismatch["evidence"]["difference"] == 1
    assert "difference: 1" in mismatch["explanation"]["en"]
    assert "айырма: 1" in mismatch["explanation"]["ky"]
    assert "разница: 1" in mismatch["explanation"]["ru"]


def test_a_folder_imported_again_after_a_re_send_adds_nothing(night: Election) -> None:
    first = protocol("1001", invalid=9)
    files = [("1001.json", json.dumps(first).encode()),
             ("1001.resent.json", json.dumps(protocol("1001")).encode())]  # fmt: skip
    done = import_protocols(night, files, actor="test")
    again = import_protocols(night, files, actor="test")
    assert (done.received, again.received, again.unchanged) == (2, 0, 2)
    assert Protocol.objects.get(effective=True).version == 2
    assert not PrecinctFlag.objects.exists()
