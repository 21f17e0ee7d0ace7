"""The default bodies and routing table (docs/complaints.md, "Routing"), seeded by the
migration `0002_default_routes`; the commission edits both in the admin site afterwards.

    cec, tec-<region> (nine), prosecutor, police, security

A crime (vote buying) goes to the police, coercion to the prosecutor's office, foreign
participation to national security, a polling station's procedure and the campaign to the
territorial commissions of the region (the CEC abroad), the rest to the CEC.
"""

from __future__ import annotations

from typing import Any

from talapker.core.regions import REGION_NAMES

BODIES: tuple[tuple[str, str, str, str, str], ...] = (
    (
        "cec",
        "commission",
        "Кыргыз Республикасынын Шайлоо жана референдум өткөрүү боюнча борбордук комиссиясы",
        "Центральная комиссия по выборам и проведению референдумов Кыргызской Республики",
        "Central Commission for Elections and Referendums of the Kyrgyz Republic",
    ),
    (
        "prosecutor",
        "prosecutor",
        "Кыргыз Республикасынын Башкы прокуратурасы",
        "Генеральная прокуратура Кыргызской Республики",
        "General Prosecutor's Office of the Kyrgyz Republic",
    ),
    (
        "police",
        "police",
        "Кыргыз Республикасынын Ички иштер министрлиги",
        "Министерство внутренних дел Кыргызской Республики",
        "Ministry of Internal Affairs of the Kyrgyz Republic",
    ),
    (
        "security",
        "security",
        "Кыргыз Республикасынын Улуттук коопсуздук мамлекеттик комитети (УКМК)",
        "Государственный комитет национальной безопасности Кыргызской Республики (ГКНБ)",
        "State Committee for National Security of the Kyrgyz Republic (SCNS)",
    ),
    *(
        (
            f"tec-{r.code}",
            "commission",
            f"Аймактык шайлоо комиссиялары ({r.ky})",
            f"Территориальные избирательные комиссии ({r.ru})",
            f"Territorial election commissions ({r.en})",
        )
        for r in REGION_NAMES
    ),
)
# (category, region or "" for any region, body)
ROUTES: tuple[tuple[str, str, str], ...] = (
    ("vote_buying", "", "police"),
    ("pressure", "", "prosecutor"),
    ("campaigning", "", "cec"),
    ("unpaid_ads", "", "cec"),
    ("foreign", "", "security"),
    ("precinct", "", "cec"),
    ("other", "", "cec"),
    *(
        (category, r.code, f"tec-{r.code}")
        for category in ("campaigning", "precinct")
        for r in REGION_NAMES
    ),
)


def table_seed(body_model: Any, route_model: Any) -> None:
    """Add what is missing of the default table (the models are the migration's historical
    ones, or the app's own)."""
    bodies = {}
    for code, kind, ky, ru, en in BODIES:
        bodies[code], _ = body_model.objects.get_or_create(
            code=code, defaults={"kind": kind, "name_ky": ky, "name_ru": ru, "name_en": en}
        )
    for category, region, body in ROUTES:
        route_model.objects.get_or_create(
            category=category, region=region, defaults={"body": bodies[body]}
        )


def default_table_ensure() -> None:
    """The default table, if no body exists at all (a database emptied by hand, or by a
    test that flushes it); a table the commission edited is left as it is."""
    from talapker.complaints.models import Body, Route

    if not Body.objects.exists():
        table_seed(Body, Route)
