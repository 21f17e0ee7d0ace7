"""Bad input is refused with its file, line, column and reason, and nothing is stored —
not the ads, not the rates given with them."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from talapker.ads.models import Ad, AdImport, AdSpend, Rate
from talapker.ads.services import ads_import
from talapker.audit.models import AuditEvent
from talapker.core.errors import InputError

from .conftest import ADS, GOOGLE, META, RATES

pytestmark = pytest.mark.django_db


def nothing_stored() -> bool:
    return not (
        Ad.objects.exists()
        or AdSpend.objects.exists()
        or AdImport.objects.exists()
        or Rate.objects.exists()
        or AuditEvent.objects.filter(action__startswith="ads.").exists()
    )


def edited(tmp_path: Path, sample: Path, old: str, new: str) -> Path:
    text = sample.read_text(encoding="utf-8")
    assert old in text
    target = tmp_path / sample.name
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


def refused(election, upload, rates=RATES, **kwargs) -> InputError:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError) as caught:
        ads_import(election, upload, rates, actor="test", **kwargs)
    assert nothing_stored()
    return caught.value


def test_an_ad_for_an_unknown_party(election, tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = edited(tmp_path, ADS, ",yntymak,2026-11-02", ",birimdik,2026-11-02")
    err = refused(election, bad)
    assert (err.file, err.line, err.column) == ("ads.csv", 6, "party_code")
    assert "no party with code “birimdik” stands in election jk-2026" in err.reason


def test_a_spend_range_upside_down(election, tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = edited(tmp_path, ADS, "2026-10-12,,500,999,USD", "2026-10-12,,999,500,USD")
    err = refused(election, bad)
    assert (err.file, err.line, err.column) == ("ads.csv", 3, "spend_upper")
    assert "upside down" in err.reason and "999" in err.reason


def test_a_spend_range_upside_down_in_meta_json(election, tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = edited(
        tmp_path,
        META,
        '"spend": {"lower_bound": "1000", "upper_bound": "1499"}',
        '"spend": {"lower_bound": "1499", "upper_bound": "1000"}',
    )
    err = refused(election, bad)
    # The line of the ad's "id" in the JSON, and the key path as the column.
    assert (err.file, err.line, err.column) == ("meta-ads-archive.json", 22, "spend.upper_bound")


def test_a_currency_without_a_rate(election, tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = edited(tmp_path, ADS, "0,99,EUR,,", "0,99,RUB,,")
    err = refused(election, bad)
    assert (err.file, err.line, err.column) == ("ads.csv", 6, "currency")
    assert "no official rate of RUB on 2026-11-02" in err.reason


def test_a_missing_rate_is_refused_without_a_rates_file(election) -> None:  # type: ignore[no-untyped-def]
    err = refused(election, ADS, rates=None)
    assert (err.line, err.column) == (2, "currency")
    assert "no official rate of USD on 2026-10-05" in err.reason


def test_a_date_that_does_not_exist(election, tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = edited(tmp_path, ADS, "2026-10-07,2026-10-21", "2026-10-07,2026-09-31")
    err = refused(election, bad)
    assert (err.file, err.line, err.column) == ("ads.csv", 4, "end_date")
    assert "'2026-09-31' is not a date that exists" in err.reason


def test_a_date_that_does_not_exist_in_google_csv(election, tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = edited(tmp_path, GOOGLE, "2026-10-20,2026-11-05", "2026-02-30,2026-11-05")
    err = refused(election, bad)
    assert (err.line, err.column) == (3, "Date_Range_Start")


def test_a_rate_date_that_does_not_exist(election, tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = edited(tmp_path, RATES, "2026-10-03,USD", "2026-10-32,USD")
    err = refused(election, ADS, rates=bad)
    assert (err.file, err.line, err.column) == ("rates.csv", 6, "date")


def test_a_duplicate_ad_id_with_conflicting_data(election, tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = ADS.read_text(encoding="utf-8")
    again = text.splitlines()[2].replace(",500,999,", ",500,1499,")
    bad = tmp_path / "ads.csv"
    bad.write_text(text + again + "\n", encoding="utf-8")
    err = refused(election, bad)
    assert (err.file, err.line, err.column) == ("ads.csv", 7, "spend_upper")
    assert "ad fb-1002 appears again with a different value (1499 here, 999 on line 3)" in (
        err.reason
    )


def test_a_duplicate_ad_id_with_the_same_data_is_one_ad(election, tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = ADS.read_text(encoding="utf-8")
    bad = tmp_path / "ads.csv"
    bad.write_text(text + text.splitlines()[2] + "\n", encoding="utf-8")
    result = ads_import(election, bad, RATES, actor="test")
    assert result.new == 5 and result.batch.rows == 5


def test_a_rate_that_differs_from_the_one_held(election, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ads_import(election, ADS, RATES, actor="test")
    bad = edited(tmp_path, RATES, "2026-10-01,USD,87.3000", "2026-10-01,USD,88.0000")
    with pytest.raises(InputError) as caught:
        ads_import(election, ADS, bad, actor="test")
    assert (caught.value.line, caught.value.column) == (2, "rate_kgs")
    assert Rate.objects.get(date="2026-10-01", currency="USD").rate_kgs == Decimal("87.3")


def test_a_file_in_no_known_format(election, tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "ads.csv"
    bad.write_text("id,name\n1,x\n", encoding="utf-8")
    err = refused(election, bad)
    assert err.line == 1 and "not an ad-library file" in err.reason


def test_json_that_is_not_an_api_response(election, tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "ads.json"
    bad.write_text(json.dumps({"error": {"message": "Invalid OAuth access token"}}), "utf-8")
    err = refused(election, bad)
    assert err.column == "data"


def test_the_reason_is_given_in_kyrgyz_and_russian(election, tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = edited(tmp_path, ADS, "2026-10-12,,500,999,USD", "2026-10-12,,999,500,USD")
    for language in ("ky", "ru"):
        with translation.override(language):
            err = refused(election, bad)
            assert "upside down" not in err.reason and "999" in err.reason
            assert "spend_upper" in err.localized()


def test_the_command_exits_with_the_error(election, tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = edited(tmp_path, ADS, "2026-10-12,,500,999,USD", "2026-10-12,,999,500,USD")
    with pytest.raises(CommandError) as caught:
        call_command("import_ads", str(bad), election="jk-2026", rates=str(RATES))
    assert str(caught.value).startswith("ads.csv, line 3, column spend_upper: ")
    assert nothing_stored()


def test_a_date_that_does_not_exist_in_meta_json(election, tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = edited(tmp_path, META, '"2026-10-22"', '"2026-10-32"')
    err = refused(election, bad)
    assert (err.line, err.column) == (4, "ad_delivery_stop_time")
    assert "'2026-10-32' is not a date that exists" in err.reason


def test_a_duplicate_ad_with_conflicting_data_in_meta_json(election, tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = edited(tmp_path, META, '"id": "1203456789012347"', '"id": "1203456789012345"')
    err = refused(election, bad)
    # The later ad, at the line of its "id"; the first of its fields that differs.
    assert (err.line, err.column) == (40, "publisher_platforms")


def test_a_spend_range_upside_down_in_google_csv(election, tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = edited(tmp_path, GOOGLE, ",,1000,2000,0,50", ",,2000,1000,0,50")
    err = refused(election, bad)
    assert (err.line, err.column) == (2, "Spend_Range_Max_USD")
