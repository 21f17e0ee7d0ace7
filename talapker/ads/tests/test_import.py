"""Importing ads: the three formats, money in som, idempotency and the history of spend."""

from __future__ import annotations

from decimal import Decimal

import pytest

from talapker.ads.models import Ad, AdImport, AdSpend, Rate
from talapker.ads.services import ads_import, to_kgs
from talapker.audit.models import AuditEvent

from .conftest import ADS, GOOGLE, META, NEWER, RATES

pytestmark = pytest.mark.django_db


def test_ads_csv_is_imported_with_spend_in_som(election, registers) -> None:  # type: ignore[no-untyped-def]
    result = ads_import(election, ADS, RATES, actor="test")
    assert (result.new, result.updated, result.unchanged) == (5, 0, 0)
    assert result.rates_new == Rate.objects.count() == 2 * 60
    ad = Ad.objects.get(ad_id="fb-1002")
    # USD on 2026-10-12 (day 11 of rates.csv): 87.3000 + 11 × 0.0125 = 87.4375 som.
    assert ad.rate_kgs == Decimal("87.4375")
    assert ad.spend_lower_kgs == Decimal("43718.75")  # 500 × 87.4375
    assert ad.spend_upper_kgs == Decimal("87350.06")  # 999 × 87.4375 = 87350.0625
    assert (ad.party.code, ad.source, ad.end_date) == ("ata-jurt", "csv", None)
    som = Ad.objects.get(ad_id="fb-1003")
    assert (som.rate_kgs, som.spend_upper_kgs) == (Decimal(1), Decimal("9999.50"))
    euro = Ad.objects.get(ad_id="fb-1005")  # EUR on 2026-11-02, day 32: 101.2000 + 0.32
    assert (euro.rate_kgs, euro.spend_upper_kgs) == (Decimal("101.52"), Decimal("10050.48"))
    assert (euro.impressions_lower, euro.impressions_upper) == (None, None)
    assert AdSpend.objects.count() == 5
    event = AuditEvent.objects.get(action="ads.imported")
    assert event.data["new"] == 5 and event.data["sha256"] == result.batch.sha256


def test_conversion_is_exact_and_rounds_half_up() -> None:
    assert to_kgs(Decimal("0.01"), Decimal("87.45")) == Decimal("0.87")  # 0.8745
    assert to_kgs(Decimal("0.03"), Decimal("87.5")) == Decimal("2.63")  # 2.625, half up
    assert to_kgs(Decimal("199.99"), Decimal("87.123456")) == Decimal("17423.82")


def test_the_same_file_twice_changes_nothing(election, registers) -> None:  # type: ignore[no-untyped-def]
    ads_import(election, ADS, RATES, actor="test")
    before = (
        list(Ad.objects.values().order_by("pk")),
        AdSpend.objects.count(),
        AdImport.objects.count(),
        AuditEvent.objects.count(),
    )
    again = ads_import(election, ADS, RATES, actor="test")
    assert again.same_file and (again.new, again.updated, again.unchanged) == (0, 0, 5)
    assert again.rates_new == 0
    after = (
        list(Ad.objects.values().order_by("pk")),
        AdSpend.objects.count(),
        AdImport.objects.count(),
        AuditEvent.objects.count(),
    )
    assert after == before


def test_a_newer_export_updates_ads_and_keeps_their_history(election, registers) -> None:  # type: ignore[no-untyped-def]
    first = ads_import(election, ADS, RATES, actor="test")
    newer = ads_import(election, NEWER, actor="test")
    # fb-1002 and fb-1005 changed, fb-1006 is new, three are as they were.
    assert (newer.new, newer.updated, newer.unchanged) == (1, 2, 3)
    ad = Ad.objects.get(ad_id="fb-1002")
    assert (ad.spend_lower, ad.spend_upper) == (Decimal(1000), Decimal(1499))
    assert ad.first_seen == first.batch and ad.last_seen == newer.batch
    history = list(ad.spends.order_by("imported_at", "id").values_list("spend_lower", "batch"))
    assert history == [(Decimal(500), first.batch.pk), (Decimal(1000), newer.batch.pk)]
    kept = Ad.objects.get(ad_id="fb-1001")
    assert kept.spends.count() == 1 and kept.last_seen == newer.batch
    assert AdSpend.objects.count() == 5 + 3


def test_meta_ad_library_json_is_read(election, registers) -> None:  # type: ignore[no-untyped-def]
    result = ads_import(election, META, RATES, actor="test")
    assert (result.new, result.batch.source) == (2, "meta")
    # The third ad names no party: not stored, listed.
    assert result.not_attributed == ["1203456789012347"] and result.batch.skipped == 1
    own = Ad.objects.get(ad_id="1203456789012345")
    assert (own.party.code, own.platform, own.payer) == (
        "ishenim",
        "facebook, instagram",
        "Ишеним саясий партиясы",
    )
    assert (own.impressions_lower, own.impressions_upper) == (5000, 5999)
    assert own.text.startswith("Ишеним — ишенимдүү келечек")
    # Named in the ad's text only; started 18:30 UTC on 10 October, 11 October in Bishkek.
    other = Ad.objects.get(ad_id="1203456789012346")
    assert other.party.code == "yntymak" and str(other.start_date) == "2026-10-11"
    assert other.end_date is None and other.page_id == "100200300400500"


def test_meta_export_can_be_given_its_party(election, registers) -> None:  # type: ignore[no-untyped-def]
    party = election.parties.get(code="yntymak")
    result = ads_import(election, META, RATES, actor="test", party=party)
    assert result.new == 3 and not result.not_attributed
    top = Ad.objects.get(ad_id="1203456789012347")
    # The top impressions bucket is open: no upper bound.
    assert (top.impressions_lower, top.impressions_upper) == (1_000_000, None)
    assert top.platform == "facebook, instagram, messenger"


def test_google_transparency_report_csv_is_read(election, registers) -> None:  # type: ignore[no-untyped-def]
    result = ads_import(election, GOOGLE, RATES, actor="test")
    assert (result.new, result.batch.source) == (2, "google")
    assert result.not_attributed == ["CR10000000000000000003"]
    video = Ad.objects.get(ad_id="CR10000000000000000001")
    assert (video.platform, video.party.code, video.currency) == ("youtube", "ata-jurt", "USD")
    assert (video.spend_lower, video.spend_upper) == (Decimal(1000), Decimal(2000))
    assert (video.impressions_lower, video.impressions_upper) == (100_000, 1_000_000)
    assert video.page_id == "AR10000000000000000001"
    text = Ad.objects.get(ad_id="CR10000000000000000002")
    assert (text.platform, text.impressions_lower, text.impressions_upper) == ("google", 0, 10_000)


def test_the_command_prints_what_it_did(election, registers, capsys) -> None:  # type: ignore[no-untyped-def]
    from django.core.management import call_command

    call_command("import_ads", str(ADS), election="jk-2026", rates=str(RATES))
    assert capsys.readouterr().out.strip() == (
        "ads.csv: csv, 5 ads: 5 new, 0 updated, 0 unchanged; 120 new rates"
    )
    call_command("import_ads", str(ADS), election="jk-2026")
    assert capsys.readouterr().out.strip() == (
        "ads.csv: imported before; 5 ads unchanged, nothing stored"
    )
    call_command("import_ads", str(META), election="jk-2026")
    out = capsys.readouterr().out
    assert "meta, 3 ads: 2 new" in out
    assert "not stored, naming no party of the election (use --party): 1203456789012347" in out
    call_command("import_ads", str(GOOGLE), election="jk-2026", party="ishenim")
    assert "google, 3 ads: 3 new" in capsys.readouterr().out
