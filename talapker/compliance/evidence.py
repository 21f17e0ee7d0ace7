"""A finding's evidence as the auditors' page shows it: every fact under its label in the page's
language, a code (legal form, report kind, donor kind, the rule money was owed under) by its
label, a sum of money grouped as the tables group it. The stored evidence keeps the keys and
codes (rules.md, "Findings as data"); only the page translates them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from talapker.compliance.registry import fact_text

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

# Every key a rule family writes into evidence (compliance/rules/). An unknown key shows as
# itself, which the language test of every page catches.
LABELS: dict[str, _StrPromise] = {
    "ad_id": _("Ad id"),
    "ad_spend_lower": _("Ads cost at least, som"),
    "ad_spend_upper": _("Ads cost at most, som"),
    "ads": _("The ads"),
    "ads_lower": _("Payer's ads cost at least, som"),
    "age": _("Age on election day"),
    "allowed": _("Ages allowed"),
    "amount": _("Amount, som"),
    "article": _("Article of the criminal code"),
    "as_of": _("As of"),
    "bank_amount": _("Amount booked by the bank, som"),
    "bank_ref": _("Bank reference"),
    "birth_date": _("Birth date in the register"),
    "candidate": _("Candidate"),
    "candidates": _("Candidates on the list"),
    "cap": _("Cap, som"),
    "chains": _("Chains of ownership"),
    "citizenship": _("Citizenship"),
    "contributions": _("The payee's contributions to the fund"),
    "conviction_date": _("Convicted on"),
    "convictions": _("Convictions that bar candidacy"),
    "count": _("How many"),
    "counterparty": _("Counterparty"),
    "counterparty_id": _("Counterparty's PIN or INN"),
    "country": _("Country"),
    "creditor": _("Owed to"),
    "currency": _("Currency"),
    "date": _("Date"),
    "days": _("Least days from registration"),
    "death_date": _("Date of death"),
    "debt_kgs": _("Debt, som"),
    "debt_since": _("Owing since"),
    "debts": _("Rows of the tax-debtor register"),
    "declared": _("Payer's gifts declared, som"),
    "declared_amount": _("Amount declared, som"),
    "declared_online": _("Online advertising declared, som"),
    "donor_id": _("Donor PIN or INN"),
    "donor_kind": _("Donor kind"),
    "donor_name": _("Donor name"),
    "donors": _("Donors"),
    "due": _("To be returned by"),
    "due_on": _("Due on"),
    "election_day": _("Election day"),
    "end": _("Campaign end"),
    "end_date": _("End date"),
    "entity": _("Row of the legal-entity register"),
    "entity_name": _("Name in the register"),
    "excess": _("Over the cap, som"),
    "expunged": _("Expunged"),
    "expunged_disqualify": _("Expunged convictions bar candidacy in this election"),
    "filed_name": _("Name filed"),
    "filed_on": _("Filed on"),
    "foreign_reason": _("Why the payer is foreign"),
    "foreign_share": _("Foreign participation, %"),
    "founder_id": _("Founder's PIN or id in the register"),
    "founder_name": _("Founder's name in the register"),
    "founder_of_payee": _("Founder of the payee"),
    "founders_total": _("Founders' shares in all, %"),
    "highest_education": _("Highest diploma held"),
    "in_kind_declared": _("Of them in kind, som"),
    "inn": _("INN"),
    "insiders": _("The party's own people"),
    "kind": _("Report"),
    "legal_form": _("Legal form"),
    "line": _("Line"),
    "lines": _("Report lines"),
    "links": _("How the payee is linked"),
    "liquidated": _("Liquidated on"),
    "list_position": _("Place on the party list"),
    "matched_by_name": _("Found by name alone"),
    "max_age": _("Greatest age"),
    "max_candidates": _("Most candidates allowed"),
    "max_sex_share": _("Largest share of one sex allowed, %"),
    "max_share": _("Most foreign participation allowed, %"),
    "men": _("Men"),
    "min_age": _("Minimum age"),
    "min_young_share": _("Least share of the young required, %"),
    "name": _("Name"),
    "other_lists": _("Other lists"),
    "owed": _("To be returned, som"),
    "ownership_cycle": _("Owners own each other in a circle"),
    "page_name": _("Page"),
    "parties": _("Parties of the other lists"),
    "party": _("Party"),
    "party_leader": _("Party leader"),
    "payee_id": _("Payee PIN or INN filed"),
    "payee_name": _("Payee name filed"),
    "payer": _("Paid for by"),
    "payer_entity": _("Payer's row of the legal-entity register"),
    "payer_id": _("Payer's INN or PIN as exported"),
    "payer_kind": _("Payer in the registers"),
    "payer_person": _("Payer's row of the population register"),
    "pin": _("PIN"),
    "pins": _("PINs"),
    "platform": _("Platform"),
    "rate_kgs": _("Rate on the start date, som per unit"),
    "reason": _("Why it must be returned"),
    "receipt": _("Receipt"),
    "register_anomalies": _("Register anomalies"),
    "register_name": _("Name in the register"),
    "registered": _("Registered on"),
    "required_education": _("Education required"),
    "required_years": _("Years required"),
    "residence_since": _("Permanent residence since"),
    "returned": _("Returned in time, som"),
    "score": _("Name match score (of 100)"),
    "sex_share": _("Share of one sex, %"),
    "share": _("Share, %"),
    "spend_lower": _("Spend from, in the currency"),
    "spend_lower_kgs": _("Spend from, som"),
    "spend_upper": _("Spend to, in the currency"),
    "spend_upper_kgs": _("Spend to, som"),
    "start": _("Campaign start"),
    "start_date": _("Start date"),
    "state_share": _("State share, %"),
    "threshold": _("Least score accepted"),
    "total": _("Total, som"),
    "well_formed": _("The PIN has a PIN's shape"),
    "why_unmatched": _("Why no register row matched"),
    "women": _("Women"),
    "years": _("Full years of residence"),
    "young": _("Young candidates"),
    "young_age": _("Young means younger than"),
    "young_share": _("Share of the young, %"),
}


def evidence_label(key: str) -> str:
    label = LABELS.get(key)
    return str(label) if label is not None else key.replace("_", " ")


def evidence_value(key: str, value: Any) -> str:
    """One fact as text: a code by its label, money grouped, yes/no, a dash for nothing."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    return str(fact_text(key, value))


def evidence_items(evidence: Any) -> list[dict[str, Any]]:
    """The evidence as the page shows it: label and value, lists, and chains hop by hop."""
    items: list[dict[str, Any]] = []
    if not isinstance(evidence, dict):
        return [{"key": "", "kind": "text", "value": evidence_value("", evidence)}]
    for key, value in evidence.items():
        label = evidence_label(str(key))
        if key == "chains" and isinstance(value, list):
            items.append({"key": label, "kind": "chains", "chains": value})
        elif isinstance(value, dict):
            items.append({"key": label, "kind": "mapping", "items": evidence_items(value)})
        elif isinstance(value, list):
            entries = [
                evidence_items(v)
                if isinstance(v, dict)
                else [{"kind": "text", "value": evidence_value(str(key), v)}]
                for v in value
            ]
            items.append({"key": label, "kind": "list", "entries": entries})
        else:
            items.append({"key": label, "kind": "text", "value": evidence_value(str(key), value)})
    return items
