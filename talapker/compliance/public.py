"""What the public is told about a finding: what the party filed and what the rule says,
never what a state register holds about a private person.

The auditors' explanation (`Rule.explanation`) is written from the evidence, which holds
register rows: the name the population register gives the PIN filed, a death, a birth date,
a citizenship, the counterparty of a bank line. Those facts stay in the staff evidence. For
the public register of findings and the public API, each rule is one of two kinds:

- its auditors' explanation uses only what the party filed, sums worked out from the filing,
  dates of the campaign, and register facts about legal entities (which the law publishes):
  it is published as it is (`PUBLISHED_AS_IS`);
- otherwise it has a public explanation of its own (`PUBLIC_TEXTS`), which names the line,
  the sum and the date filed and states the rule, and says that the register's record is not
  published.

Either way only the facts in `PUBLIC_FACTS` reach the text, and a number shaped like a PIN
(14 digits) is masked in whatever free text a finding publishes. A test holds every
registered rule to one of the two kinds, so a new rule cannot reach the public unread.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from talapker.compliance.registry import LANGUAGES, RULES, fact_text, load_rules

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

    from talapker.compliance.models import Finding

# The facts a public explanation may name: what the party filed (line, sum, date, the donor's
# name as filed), what follows from the filing and the election's parameters, and what the
# legal-entity register says about a company. Never a PIN, a register's name for a PIN, a
# birth or death date, a citizenship or a bank's counterparty.
PUBLIC_FACTS = frozenset(
    {
        "line", "amount", "date", "donor_name", "filed_name", "threshold", "min_age",
        "total", "cap", "excess", "owed", "returned", "due", "reason", "start", "end",
        "donors", "lines", "bank_ref", "bank_amount", "declared_amount",
        "kind", "receipt", "filed_on", "due_on",
        "entity_name", "legal_form", "country", "foreign_share", "max_share",
        "founders_total", "state_share", "debt_since", "registered", "days", "liquidated",
        "ad_spend_lower", "ad_spend_upper", "declared_online",
        "spend_lower_kgs", "spend_upper_kgs",  # an ad's spend range, as the libraries publish it
        # a party list's make-up: counts and shares of the list as the party filed it
        "candidates", "max_candidates", "men", "women", "sex_share", "max_sex_share", "young",
        "young_age", "young_share", "min_young_share",
    }
)  # fmt: skip

# Said after a public explanation whose finding rests on the population register.
REGISTER_KEPT = _(
    "The commission checked the PIN filed against the population register; the register's "
    "record is not published."
)

PUBLIC_TEXTS: dict[str, _StrPromise] = {
    # The auditors' text gives the register's name for the PIN filed.
    "DONOR_NAME_MISMATCH": _(
        "Line %(line)s: the donor's name filed, %(filed_name)s, is not the name the "
        "population register holds for the PIN filed with it. The rule: a donor is "
        "identified by a PIN whose name in the register matches the name filed (a "
        "similarity of at least %(threshold)s of 100)."
    ),
    # The auditors' text states a death.
    "DONOR_DECEASED": _(
        "Line %(line)s: a donation of %(amount)s som dated %(date)s. The rule: a donation "
        "dated after the death of the person whose PIN is filed cannot have come from that "
        "person."
    ),
    # The auditors' text states an age.
    "DONOR_MINOR": _(
        "Line %(line)s: a donation of %(amount)s som dated %(date)s. The rule: a donor "
        "younger than %(min_age)s is checked as a possible straw donor."
    ),
    # The auditors' texts state a citizenship.
    "DONOR_FOREIGN_CITIZEN": _(
        "Line %(line)s: a donation of %(amount)s som. The rule: foreign citizens may not "
        "give to an election fund."
    ),
    "DONOR_DUAL_CITIZEN": _(
        "Line %(line)s: a donation of %(amount)s som. The rule: a donor who holds another "
        "citizenship besides that of the Kyrgyz Republic is checked by an auditor."
    ),
    "DONOR_STATELESS": _(
        "Line %(line)s: a donation of %(amount)s som. The rule: only citizens of the Kyrgyz "
        "Republic may give to an election fund; a person without citizenship may not."
    ),
    # The auditors' texts name the bank's counterparty, who may be a private person.
    "BANK_UNDECLARED_CREDIT": _(
        "Bank line %(line)s: %(amount)s som came into the fund's account on %(date)s, and no "
        "filed contribution accounts for it. The rule: every receipt of the fund is declared "
        "in its report."
    ),
    "BANK_UNDECLARED_DEBIT": _(
        "Bank line %(line)s: %(amount)s som left the fund's account on %(date)s, and no filed "
        "expenditure accounts for it. The rule: every payment of the fund is declared in its "
        "report."
    ),
    # Payee rules (an extension, docs/rules.md): a payee may be a private person (a sole
    # trader, a candidate, a donor), so the public text names the line, the sum, the date
    # and the rule, never the payee or the people it is linked to.
    "PAYEE_RECENT_ENTITY": _(
        "Line %(line)s: a payment of %(amount)s som dated %(date)s. The rule: a payee "
        "registered less than %(days)s days before it was paid is checked by an auditor."
    ),
    "PAYEE_TAX_DEBTOR": _(
        "Line %(line)s: a payment of %(amount)s som dated %(date)s. The rule: a payee that "
        "owed the budget or the Social Fund when it was paid is checked by an auditor."
    ),
    "PAYEE_LIQUIDATED": _(
        "Line %(line)s: a payment of %(amount)s som dated %(date)s. The rule: a payment to a "
        "company liquidated on or before that day is checked by an auditor."
    ),
    "PAYEE_STATE_OWNED": _(
        "Line %(line)s: a payment of %(amount)s som dated %(date)s. The rule: a payment to a "
        "state or municipal enterprise is compared with the terms other parties were given."
    ),
    "PAYEE_RELATED_TO_CANDIDATE": _(
        "Line %(line)s: a payment of %(amount)s som dated %(date)s. The rule: a payment to "
        "one of the party's own candidates or its leader, or to a company one of them "
        "founded, is checked by an auditor."
    ),
    "PAYEE_ALSO_DONOR": _(
        "Line %(line)s: a payment of %(amount)s som dated %(date)s. The rule: a payment to "
        "someone who also gave to the fund is checked by an auditor."
    ),
    # Ad rules: the payer may be a private person, and whether a person is foreign is the
    # population register's record, so the public text names the ad, not its payer.
    "AD_FOREIGN_PAYER": _(
        "Ad %(line)s: an ad for the party that cost from %(spend_lower_kgs)s to "
        "%(spend_upper_kgs)s som. The rule: foreign citizens, foreign legal entities and "
        "companies with foreign founders may not finance a campaign; the registers show this "
        "ad's payer as one of them."
    ),
    "AD_THIRD_PARTY_PAYER": _(
        "Ad %(line)s: an ad for the party that cost from %(spend_lower_kgs)s to "
        "%(spend_upper_kgs)s som, paid for by someone other than the party. The rule: a "
        "campaign's advertising is paid from its election fund, and an auditor checks who "
        "paid."
    ),
    "AD_PAYER_OVER_CAP": _(
        "Ad %(line)s: with this ad, what one payer spent on ads for the party and gave its "
        "fund comes to more than the donor cap of %(cap)s som. The rule: an ad paid for by "
        "someone else is a gift in kind, which counts against the donor's cap."
    ),
    # The auditors' text points to chains of founders in the evidence, which is not public.
    "ENTITY_FOREIGN_PARTICIPATION": _(
        "Line %(line)s: %(entity_name)s has foreign participation of %(foreign_share)s%% "
        "through its founders; at most %(max_share)s%% is allowed."
    ),
}
# Candidate rules: a candidate's name and place are public, the registers' records behind a
# refusal are not (no birth date, no conviction, no citizenship): the public is told the
# place and which requirement is not met (the finding's title), never the record.
CANDIDATE_CHECKED = _(
    "Position %(line)s on the list: checked against the state registers, the candidate does "
    "not meet this requirement of the law. The registers' records are not published."
)
PUBLIC_TEXTS.update(
    {
        "CANDIDATE_PIN_UNKNOWN": _(
            "Position %(line)s on the list: the PIN filed for the candidate is not in the "
            "population register."
        ),
        "CANDIDATE_NAME_MISMATCH": _(
            "Position %(line)s on the list: the name filed for the candidate is not the name "
            "the population register holds for the PIN filed with it."
        ),
        "CANDIDATE_ON_TWO_LISTS": _(
            "Position %(line)s on the list: the same person also stands on another list of "
            "this election; a person may stand on one list only."
        ),
    }
)
PUBLIC_TEXTS.update(
    dict.fromkeys(
        ("CANDIDATE_DECEASED", "CANDIDATE_NOT_CITIZEN", "CANDIDATE_OTHER_CITIZENSHIP",
         "CANDIDATE_AGE", "CANDIDATE_RESIDENCE", "CANDIDATE_EDUCATION", "CANDIDATE_LANGUAGE",
         "CANDIDATE_CONVICTION"),
        CANDIDATE_CHECKED,
    )
)  # fmt: skip
# Rules whose public explanation rests on the population register's record of a person.
FROM_POPULATION_REGISTER = frozenset(
    {"DONOR_DECEASED", "DONOR_MINOR", "DONOR_FOREIGN_CITIZEN", "DONOR_DUAL_CITIZEN",
     "DONOR_STATELESS"}
)  # fmt: skip

# Rules whose auditors' explanation names only public facts (read and decided one by one).
PUBLISHED_AS_IS = frozenset(
    {
        # bank: sums and references filed and booked
        "DECLARED_NOT_IN_BANK", "BANK_AMOUNT_MISMATCH",
        # legal entities: the register of legal entities is public
        "ENTITY_INN_UNKNOWN", "ENTITY_FOREIGN", "ENTITY_SHARES_OVER_100",
        "ENTITY_OWNERSHIP_CYCLE", "ENTITY_STATE_OWNED", "ENTITY_STATE_SHARE",
        "ENTITY_PROHIBITED_FORM", "ENTITY_TAX_DEBT", "ENTITY_RECENTLY_REGISTERED",
        "ENTITY_LIQUIDATED",
        # filing deadlines
        "REPORT_LATE", "REPORT_MISSING",
        # a party list's length and shares: counts of the list as filed
        "LIST_TOO_LONG", "LIST_SEX_SHARE", "LIST_YOUNG_SHARE",
        # the party's ad spend against its own declaration: sums only
        "AD_SPEND_UNDECLARED",
        # sums and dates of the filing, the donor's name as filed
        "DONOR_CAP_EXCEEDED", "CASH_OVER_LIMIT", "OUTSIDE_CAMPAIGN", "FUND_CAP_EXCEEDED",
        "SPENDING_CAP_EXCEEDED", "DONOR_CLUSTER", "PROHIBITED_NOT_REFUNDED",
        # the PIN filed is invalid, unknown or disagrees with its own register row: what is
        # said is about the filing; no register value is named
        "DONOR_UNIDENTIFIED", "DONOR_PIN_UNKNOWN", "DONOR_PIN_INCONSISTENT",
    }
)  # fmt: skip

# A number with the shape of a PIN or an INN (14 digits), in free text.
FOURTEEN_DIGITS = re.compile(r"(?<!\d)\d{14}(?!\d)")
MASK = "••••••••••••••"


def mask_ids(text: str) -> str:
    """Free text with every 14-digit number (a PIN's shape) masked."""
    return FOURTEEN_DIGITS.sub(MASK, text)


class _Facts(dict[str, Any]):
    """A fact that is missing (or not public) shows as a dash."""

    def __missing__(self, key: str) -> str:
        return "—"


def public_facts(
    line: str, amount: Decimal | None, evidence: dict[str, Any] | Any
) -> dict[str, Any]:
    """The finding's facts that a public explanation may name (`PUBLIC_FACTS`)."""
    facts: dict[str, Any] = {}
    if isinstance(evidence, dict):
        facts = {name: value for name, value in evidence.items() if name in PUBLIC_FACTS}
    facts.setdefault("line", line or "—")
    if amount is not None:
        facts.setdefault("amount", str(amount))
    return facts


def public_template(rule: str) -> str:
    """The public explanation's text, with its placeholders, in the active language."""
    load_rules()
    if rule in PUBLIC_TEXTS:
        text = str(PUBLIC_TEXTS[rule])
        if rule in FROM_POPULATION_REGISTER:
            text = f"{text} {REGISTER_KEPT}"
        return text
    if rule in PUBLISHED_AS_IS and rule in RULES:
        return str(RULES[rule].explanation)
    return ""  # a rule no one has read for the public: nothing is said but its title


def explain_publicly(rule: str, line: str, amount: Decimal | None, evidence: Any) -> str:
    """The public explanation in the active language."""
    template = public_template(rule)
    if not template:
        return ""
    facts = public_facts(line, amount, evidence)
    shown = _Facts({name: fact_text(name, value) for name, value in facts.items()})
    return mask_ids(template % shown)


def public_explanation(finding: Finding) -> str:
    """The finding's public explanation in the active language."""
    return explain_publicly(finding.rule, finding.line, finding.amount, finding.evidence)


def public_explanations(finding: Finding) -> dict[str, str]:
    """The finding's public explanation in every language (the API's `explanation`)."""
    texts = {}
    for language in LANGUAGES:
        with translation.override(language):
            texts[language] = public_explanation(finding)
    return texts
