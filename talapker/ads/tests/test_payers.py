"""Payers found in the registers: by name key across scripts, by INN or PIN, near names
by score; the party's own page and account recognised as the party."""

from __future__ import annotations

from pathlib import Path

import pytest

from talapker.ads.models import Ad, PayerKind
from talapker.ads.payers import payers_match
from talapker.ads.services import ads_import

from .conftest import (
    ADS,
    ASANOV,
    ATA_JURT_PARTY,
    GOOGLE,
    ISHENIM_MEDIA,
    MEDIA_PLUS,
    MEDIA_SERVICE,
    META,
    RATES,
    entity,
)

pytestmark = pytest.mark.django_db


def payer(ad_id: str) -> tuple[str, str, str, int]:
    ad = Ad.objects.get(ad_id=ad_id)
    return ad.payer_kind, ad.payer_inn, ad.payer_person_pin, ad.payer_score


def test_a_latin_payer_name_matches_a_cyrillic_company(election, registers) -> None:  # type: ignore[no-untyped-def]
    ads_import(election, ADS, RATES, actor="test")
    # "Media Service LLC" and «ОсОО «Медиа Сервис»»: keys "media service" / "media servis".
    kind, inn, _pin, score = payer("fb-1002")
    assert (kind, inn) == (PayerKind.LEGAL_ENTITY, MEDIA_SERVICE)
    assert election.rule("name_match_min_score") <= score < 100


def test_an_exact_name_key_matches_across_scripts(election, registers, tmp_path) -> None:  # type: ignore[no-untyped-def]
    entity("05678901234567", "ОсОО «Жаңы Медиа»")
    text = ADS.read_text(encoding="utf-8").replace("Media Service LLC", "Jany Media OsOO")
    (tmp_path / "ads.csv").write_text(text, encoding="utf-8")
    ads_import(election, tmp_path / "ads.csv", RATES, actor="test")
    assert payer("fb-1002") == (PayerKind.LEGAL_ENTITY, "05678901234567", "", 100)


def test_a_person_is_found_by_name_key_in_any_word_order(election, registers) -> None:  # type: ignore[no-untyped-def]
    ads_import(election, ADS, RATES, actor="test")
    assert payer("fb-1004") == (PayerKind.PERSON, "", ASANOV, 100)


def test_the_partys_own_account_and_page_are_the_party(election, registers) -> None:  # type: ignore[no-untyped-def]
    ads_import(election, ADS, RATES, actor="test")
    # Paid by "Ата-Журт Кыргызстан саясий партиясы": the party's name as whole words.
    assert payer("fb-1001") == (PayerKind.PARTY, "", "", 100)
    # No payer named, on the page «Ишеним» of the party «Ишеним».
    assert payer("fb-1003") == (PayerKind.PARTY, "", "", 100)


def test_the_partys_registration_inn_is_the_party(election, registers, tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = ADS.read_text(encoding="utf-8")
    lines = text.splitlines()
    lines = [lines[0] + ",payer_id"] + [line + "," for line in lines[1:]]
    lines[1] = lines[1].replace("саясий партиясы,", "Kampaniya Shtaby,") + ATA_JURT_PARTY
    (tmp_path / "ads.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    ads_import(election, tmp_path / "ads.csv", RATES, actor="test")
    assert payer("fb-1001") == (PayerKind.PARTY, "", "", 100)
    assert Ad.objects.get(ad_id="fb-1001").payer_id == ATA_JURT_PARTY


def test_a_company_named_like_the_party_is_not_the_party(election, registers) -> None:  # type: ignore[no-untyped-def]
    ads_import(election, GOOGLE, RATES, actor="test")
    ad = Ad.objects.get(ad_id="CR10000000000000000002")
    assert ad.party.code == "ishenim"
    kind, inn, _pin, score = payer("CR10000000000000000002")
    assert (kind, inn) == (PayerKind.LEGAL_ENTITY, ISHENIM_MEDIA) and score >= 85
    # The party's own advertiser account.
    assert payer("CR10000000000000000001")[0] == PayerKind.PARTY


def test_an_unmatched_payer_keeps_its_best_score(election, registers) -> None:  # type: ignore[no-untyped-def]
    ads_import(election, ADS, RATES, actor="test")
    kind, inn, pin, score = payer("fb-1005")  # "Friends of Unity Foundation"
    assert (kind, inn, pin) == (PayerKind.UNMATCHED, "", "")
    assert 0 < score < election.rule("name_match_min_score")


def test_an_inn_in_the_payers_name_is_used(election, registers, tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = ADS.read_text(encoding="utf-8").replace(
        "Media Service LLC", f"Digital Agency (INN {MEDIA_PLUS})"
    )
    (tmp_path / "ads.csv").write_text(text, encoding="utf-8")
    ads_import(election, tmp_path / "ads.csv", RATES, actor="test")
    assert payer("fb-1002") == (PayerKind.LEGAL_ENTITY, MEDIA_PLUS, "", 100)


def test_matches_are_recomputed_when_the_registers_change(election, registers) -> None:  # type: ignore[no-untyped-def]
    ads_import(election, META, RATES, actor="test")
    # "MediaPlus OsOO" and «ОсОО «МедиаПлюс»»: near, above the threshold.
    assert payer("1203456789012346")[:2] == (PayerKind.LEGAL_ENTITY, MEDIA_PLUS)
    from talapker.registers.models import LegalEntity

    LegalEntity.objects.filter(inn=MEDIA_PLUS).delete()
    assert payers_match(election) == 1
    assert payer("1203456789012346")[0] == PayerKind.UNMATCHED
    assert payers_match(election) == 0  # nothing changed the second time


def test_no_registers_leaves_every_payer_unmatched_or_the_party(election, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ads_import(election, ADS, RATES, actor="test")
    kinds = dict(Ad.objects.values_list("ad_id", "payer_kind"))
    assert kinds == {
        "fb-1001": PayerKind.PARTY,
        "fb-1002": PayerKind.UNMATCHED,
        "fb-1003": PayerKind.PARTY,
        "fb-1004": PayerKind.UNMATCHED,
        "fb-1005": PayerKind.UNMATCHED,
    }


def test_the_payers_pin_is_not_shown_in_the_admin(election, registers, admin_client) -> None:  # type: ignore[no-untyped-def]
    ads_import(election, ADS, RATES, actor="test")
    ad = Ad.objects.get(ad_id="fb-1004")
    assert ad.payer_person_pin == ASANOV
    page = admin_client.get(f"/en/admin/ads/ad/{ad.pk}/change/")
    assert page.status_code == 200 and "Асанов Бакыт" in page.content.decode()
    assert ASANOV not in page.content.decode()
    listing = admin_client.get("/en/admin/ads/ad/")
    assert listing.status_code == 200 and ASANOV not in listing.content.decode()
