"""The election definition (``election.json``) with every rule parameter of ``rules.md``.

Decimals (money, percentages, shares) are strings, counts are integers, "none" is
``null`` and flags are booleans.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .common import Calendar, iso
from .writers import write_json

#: the ``rules`` defaults of ``rules.md`` (the 2021 Jogorku Kenesh party-list election)
DEFAULT_RULES: dict[str, Any] = {
    "calculated_index_kgs": "100.00",
    "individual_cap_ci": 2000,
    "legal_entity_cap_ci": 30000,
    "fund_cap_ci": 3000000,
    "spending_cap_ci": 3000000,
    "cash_cap_kgs": None,
    "foreign_share_max_percent": "0",
    "recent_entity_days": 90,
    "donor_min_age": 18,
    "name_match_min_score": 85,
    "cluster_min_donors": 5,
    "bank_match_days": 3,
    "refund_days": 10,
    "interim_report_days_before": 10,
    "final_report_days_after": 10,
    "voter_min_age": 18,
    "candidate_min_age": 25,
    "candidate_max_age": None,
    "candidate_residence_years": None,
    "candidate_education": "higher",
    "candidate_language_certificate": False,
    "expunged_convictions_disqualify": False,
    "seats": 54,
    "threshold_percent": "5",
    "regional_threshold_percent": "0.5",
    "max_seat_share": "0.5",
    "women_seat_share": "0.3",
    "allocation_method": "hare",
}


def election_definition(calendar: Calendar) -> dict[str, Any]:
    """The ``election.json`` document; code and name carry the year of election day."""
    year = calendar.election_day.year
    return {
        "code": calendar.election_code,
        "kind": "parliamentary",
        "name": {
            "ky": f"Жогорку Кеңешке шайлоо {year}",
            "ru": f"Выборы в Жогорку Кенеш {year}",
            "en": f"Jogorku Kenesh election {year}",
        },
        "campaign_start": iso(calendar.campaign_start),
        "election_day": iso(calendar.election_day),
        "rules": dict(DEFAULT_RULES),
    }


def write_election(path: Path, calendar: Calendar) -> int:
    """Write ``election.json``; returns 1 (one document)."""
    write_json(path, election_definition(calendar))
    return 1
