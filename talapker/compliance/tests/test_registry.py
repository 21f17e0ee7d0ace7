"""The registry, the documentation and the catalogues agree on every rule."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import translation

from talapker.compliance.registry import load_rules

DOCS = Path(__file__).resolve().parents[3] / "docs" / "rules.md"
SPEC_CODES = {
    "DONOR_UNIDENTIFIED",
    "DONOR_PIN_UNKNOWN",
    "DONOR_PIN_INCONSISTENT",
    "DONOR_NAME_MISMATCH",
    "DONOR_DECEASED",
    "DONOR_MINOR",
    "DONOR_FOREIGN_CITIZEN",
    "DONOR_DUAL_CITIZEN",
    "DONOR_STATELESS",
    "ENTITY_INN_UNKNOWN",
    "ENTITY_FOREIGN",
    "ENTITY_FOREIGN_PARTICIPATION",
    "ENTITY_STATE_OWNED",
    "ENTITY_STATE_SHARE",
    "ENTITY_PROHIBITED_FORM",
    "ENTITY_TAX_DEBT",
    "ENTITY_RECENTLY_REGISTERED",
    "ENTITY_LIQUIDATED",
    "DONOR_CAP_EXCEEDED",
    "CASH_OVER_LIMIT",
    "OUTSIDE_CAMPAIGN",
    "PROHIBITED_NOT_REFUNDED",
    "FUND_CAP_EXCEEDED",
    "SPENDING_CAP_EXCEEDED",
    "DONOR_CLUSTER",
    "BANK_UNDECLARED_CREDIT",
    "BANK_UNDECLARED_DEBIT",
    "DECLARED_NOT_IN_BANK",
    "BANK_AMOUNT_MISMATCH",
    "REPORT_LATE",
    "REPORT_MISSING",
    "AD_SPEND_UNDECLARED",
    "AD_FOREIGN_PAYER",
    "AD_THIRD_PARTY_PAYER",
    "CANDIDATE_PIN_UNKNOWN",
    "CANDIDATE_NAME_MISMATCH",
    "CANDIDATE_DECEASED",
    "CANDIDATE_NOT_CITIZEN",
    "CANDIDATE_OTHER_CITIZENSHIP",
    "CANDIDATE_AGE",
    "CANDIDATE_RESIDENCE",
    "CANDIDATE_EDUCATION",
    "CANDIDATE_LANGUAGE",
    "CANDIDATE_CONVICTION",
    "CANDIDATE_ON_TWO_LISTS",
    "LIST_TOO_LONG",
    "LIST_SEX_SHARE",
    "LIST_YOUNG_SHARE",
}  # fmt: skip  (rules.md)
EXTENSIONS = {
    "ENTITY_SHARES_OVER_100",
    "ENTITY_OWNERSHIP_CYCLE",
    "PAYEE_RECENT_ENTITY",
    "PAYEE_TAX_DEBTOR",
    "PAYEE_LIQUIDATED",
    "PAYEE_STATE_OWNED",
    "PAYEE_RELATED_TO_CANDIDATE",
    "PAYEE_ALSO_DONOR",
    "AD_PAYER_OVER_CAP",
}  # docs/rules.md


def test_every_rule_of_the_spec_is_registered_with_its_severity() -> None:
    rules = load_rules()
    assert set(rules) == SPEC_CODES | EXTENSIONS
    spec = Path(__file__).resolve().parents[4] / "shared" / "spec" / "rules.md"
    if spec.exists():  # beside the project on the commission's machines
        for code, severity in re.findall(r"^\| `([A-Z_]+)` \| (\w+) \|", spec.read_text(), re.M):
            if code in rules:
                assert rules[code].severity == severity, code


def test_every_registered_rule_has_a_doc_section_and_every_section_a_rule() -> None:
    documented = set(re.findall(r"^## ([A-Z0-9_]+)$", DOCS.read_text(), re.M))
    assert documented == set(load_rules())


@pytest.mark.parametrize("code", sorted(SPEC_CODES | EXTENSIONS))
def test_every_rule_is_titled_and_explained_in_three_languages(code: str) -> None:
    rule = load_rules()[code]
    titles = rule.titles()
    assert len(set(titles.values())) == 3, titles  # ky, ru and en differ: all translated
    explained = rule.explain({"line": 7, "amount": "10.00"})
    assert len(set(explained.values())) == 3
    assert all("%(" not in text for text in explained.values())
    with translation.override("en"):
        assert str(rule.title) == titles["en"]


# A sole trader's INN is their PIN, so no identifier goes into a published explanation.
PERSONAL = ("pin", "pins", "inn", "donor_id", "birth_date", "death_date", "address")


@pytest.mark.parametrize("code", sorted(SPEC_CODES | EXTENSIONS))
def test_no_explanation_names_personal_data(code: str) -> None:
    """Explanations are published with confirmed findings: PINs and birth or death dates stay
    in the evidence, which only auditors read."""
    with translation.override("en"):
        template = str(load_rules()[code].explanation)
    assert not any(f"%({field})s" in template for field in PERSONAL), template


def test_codes_in_an_explanation_show_as_labels_in_each_language() -> None:
    """A legal form, a report's kind and the rule a refund was owed under are codes in the
    evidence; the explanation shows each in the reader's language, never the code."""
    rules = load_rules()
    form = rules["ENTITY_PROHIBITED_FORM"].explain(
        {"line": 3, "entity_name": "X", "legal_form": "religious"}
    )
    assert "religious organisation" in form["en"]
    assert "religious" not in form["ru"] and "religious" not in form["ky"]
    late = rules["REPORT_LATE"].explain(
        {"kind": "final", "receipt": "TK-1", "filed_on": "d", "due_on": "e"}
    )
    assert late["en"].startswith("Final report (receipt TK-1)")
    assert "final" not in late["ru"].lower() and "final" not in late["ky"].lower()
    refund = rules["PROHIBITED_NOT_REFUNDED"].explain({"line": 1, "reason": "DONOR_DECEASED"})
    assert "(Donation dated after the donor's death)" in refund["en"]
    assert "DONOR_DECEASED" not in refund["ru"] + refund["ky"]
    unknown = rules["ENTITY_PROHIBITED_FORM"].explain({"legal_form": "something_new"})
    assert "something_new" in unknown["en"]  # a code without a label is shown as it is
