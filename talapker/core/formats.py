"""The columns of the exchange files (formats.md), declared once.

Plain data with no Django import, so that the generator, the loaders and the importers all
read the same contract.
"""

from __future__ import annotations

COLUMNS: dict[str, tuple[str, ...]] = {
    "parties": (
        "code",
        "name_ky",
        "name_ru",
        "name_en",
        "registration_no",
        "leader",
        "founded",
        "website",
    ),
    "candidates": (
        "party_code",
        "position",
        "pin",
        "surname",
        "name",
        "patronymic",
        "birth_date",
        "sex",
        "region",
    ),
    "accounts": ("fund", "bank", "account", "opened_on"),
    "population": (
        "pin",
        "surname",
        "name",
        "patronymic",
        "birth_date",
        "sex",
        "citizenship",
        "death_date",
        "biometric",
        "residence_since",
        "region",
        "precinct",
    ),
    "legal_entities": (
        "inn",
        "name",
        "legal_form",
        "country",
        "registration_date",
        "liquidation_date",
        "state_share",
    ),
    "founders": ("entity_inn", "founder_kind", "founder_id", "founder_name", "country", "share"),
    "tax_debtors": ("inn", "debt_kgs", "creditor", "as_of"),
    "convictions": ("pin", "article", "conviction_date", "expunged"),
    "language_certificates": ("pin", "certificate_no", "level", "issued"),
    "diplomas": ("pin", "level", "issued"),
    # section 4: a report's two tables
    "contributions": (
        "line",
        "date",
        "donor_kind",
        "donor_id",
        "donor_name",
        "amount",
        "method",
        "bank_ref",
        "description",
    ),
    "expenditures": (
        "line",
        "date",
        "category",
        "payee_name",
        "payee_id",
        "amount",
        "method",
        "bank_ref",
        "description",
    ),
    # section 5: a bank statement as CSV
    "statement": (
        "account",
        "booking_date",
        "value_date",
        "amount",
        "currency",
        "counterparty_name",
        "counterparty_id",
        "counterparty_account",
        "reference",
        "purpose",
    ),
}
