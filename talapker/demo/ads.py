"""The demonstration's ad library: the generated `ads/ads.csv` imported with its rates, as the
commission would import an export of the ad libraries.

Idempotent like the rest of the demo: the same file again stores nothing (the import service
recognises it by its digest). A demo folder generated before the ads existed has none, and
the step is skipped.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from talapker.ads.services import ads_import
from talapker.elections.models import Election

ACTOR = "demo"


def demo_import_ads(election: Election, folder: Path, say: Callable[[str], None]) -> int:
    """Import the generated ads with their rates; return how many ads were new or changed."""
    ads = folder / "ads" / "ads.csv"
    if not ads.exists():
        return 0
    rates = folder / "ads" / "rates.csv"
    result = ads_import(election, ads, rates if rates.exists() else None, actor=ACTOR)
    if result.same_file:
        return 0
    say(f"imported {result.new + result.updated} political ads from {ads.name}")
    return result.new + result.updated
