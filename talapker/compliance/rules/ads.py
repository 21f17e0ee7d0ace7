"""Political ads against the registers and the declarations (rules.md, advertising rules):
a party's ads outspending the online spending it declared, ads paid for by a foreign payer,
ads paid for by someone other than the party, and, as an extension, a payer whose ads and
gifts together pass the donor cap (docs/rules.md, "How the ad rules read the law").

The ads are read once for the scope, with their payer's register rows (the payer match is
kept on each ad by the ads app, `ads/payers.py`: the party itself, a legal entity by INN, a
person by PIN, or unmatched with its best score). Spend is compared in tyiyn at its lower
bound, converted at the official rate of the ad's start date when it was imported: what the
ad cost at least.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from talapker.compliance.registry import Hit, Scope, family, rule
from talapker.compliance.rules.common import day, som
from talapker.compliance.rules.entities import FOREIGN_FORMS, foreign_chains
from talapker.compliance.sql import cents, contributions_cte, expenditures_cte, fetch, in_list

rule(
    "AD_SPEND_UNDECLARED", "warning", _("Ads cost more than the online spending declared"),
    _("The party's own ads in the ad libraries cost at least %(ad_spend_lower)s som (at most "
      "%(ad_spend_upper)s som); its report declares %(declared_online)s som of online "
      "advertising, %(excess)s som less than the ads cost at least."), "CL Art. 41(20)",
)  # fmt: skip
rule(
    "AD_FOREIGN_PAYER", "violation", _("Ad paid for by a foreign payer"),
    _("Ad %(line)s promotes the party and was paid for by %(payer)s: %(foreign_reason)s. It "
      "cost at least %(amount)s som. Foreign money may not finance a campaign."),
    "CL Art. 41(3)",
)  # fmt: skip
rule(
    "AD_THIRD_PARTY_PAYER", "warning", _("Ad paid for by someone other than the party"),
    _("Ad %(line)s promotes the party and was paid for by %(payer)s, not by the party; it "
      "cost at least %(amount)s som. A campaign's advertising is paid from its election "
      "fund."), "CL Art. 41(2)",
)  # fmt: skip
# An extension of rules.md (docs/rules.md): a third party's ads counted as gifts in kind.
rule(
    "AD_PAYER_OVER_CAP", "warning", _("Ad payer over the donor cap, counting its ads"),
    _("Ad %(line)s: %(payer)s paid for ads for the party costing at least %(ads_lower)s som "
      "and gave its fund %(declared)s som; counted as gifts in kind, that comes to %(total)s "
      "som, over the cap of %(cap)s som by %(excess)s som."), "CL Art. 41(6)",
)  # fmt: skip

# Why the registers show a payer as foreign (a code in the evidence, a label in the text).
FOREIGN_REASONS = {
    "entity_foreign": _(
        "a legal entity registered abroad, or a branch or representative office of a foreign one"
    ),
    "foreign_founders": _("a legal entity with foreign founders"),
    "foreign_citizen": _("a person who is not a citizen of the Kyrgyz Republic"),
}
# Why a payer is no one in the registers.
UNMATCHED_REASONS = {
    "no_payer": _("the ad names no payer"),
    "no_match": _(
        "no legal entity, person or party of the registers has the payer's name, and no "
        "entity's name scores the least similarity accepted"
    ),
}

ADS = """
SELECT f.id AS fund_id, a.ad_id, a.platform, a.page_name, a.payer, a.payer_id, a.start_date,
       a.end_date, a.currency, a.rate_kgs, a.spend_lower, a.spend_upper,
       {lower} AS lower_cents, {upper} AS upper_cents, a.payer_kind, a.payer_inn,
       a.payer_person_pin, a.payer_score,
       le.inn, le.name AS entity_name, le.legal_form, le.country, o.foreign_share,
       CASE WHEN o.foreign_share_unknown THEN 1 ELSE 0 END AS share_unknown,
       p.pin, p.surname, p.name AS person_name, p.patronymic, p.citizenship,
       CASE WHEN p.holds_kgz THEN 1 ELSE 0 END AS holds_kgz
FROM ads_ad a
JOIN funds_fund f ON f.party_id = a.party_id
LEFT JOIN registers_legalentity le ON a.payer_kind = 'legal_entity' AND le.inn = a.payer_inn
LEFT JOIN registers_ownership o ON a.payer_kind = 'legal_entity' AND o.inn = a.payer_inn
LEFT JOIN registers_person p ON a.payer_kind = 'person' AND p.pin = a.payer_person_pin
WHERE a.election_id = %(election)s AND f.id IN {funds}
ORDER BY f.id, a.start_date, a.ad_id
"""
ONLINE = """
WITH {e}
SELECT fund_id, SUM(cents) AS total FROM e WHERE category = 'online' GROUP BY fund_id
"""
GIVEN = """
WITH {c}
SELECT fund_id, donor_kind, donor_id, SUM(cents) AS total,
       SUM(CASE WHEN method = 'in_kind' THEN cents ELSE 0 END) AS in_kind
FROM c WHERE donor_kind IN ('individual', 'legal_entity') AND donor_id IN {ids}
GROUP BY fund_id, donor_kind, donor_id
"""


@family("ads")
def find(scope: Scope) -> Iterator[Hit]:
    params: dict[str, Any] = {"election": scope.election.pk}
    sql = ADS.format(
        lower=cents("a.spend_lower_kgs"),
        upper=cents("a.spend_upper_kgs"),
        funds=in_list("f", scope.fund_ids, params),
    )
    ads = fetch(sql, params)
    if not ads:
        return
    max_share = Decimal(str(scope.param("foreign_share_max_percent")))
    threshold = scope.param("name_match_min_score")
    foreign = {id(ad): reason for ad in ads if (reason := _foreign(ad, max_share))}
    chains = foreign_chains(
        sorted({ad["inn"] for ad in ads if foreign.get(id(ad)) == "foreign_founders"})
    )
    third: list[dict[str, Any]] = []
    for ad in ads:
        reason = foreign.get(id(ad))
        if reason is not None:
            evidence = _ad_evidence(ad, threshold) | {"foreign_reason": reason}
            if reason == "foreign_founders":
                evidence |= {
                    "foreign_share": _foreign_share(ad),
                    "max_share": _pct(max_share),
                    "chains": chains.get(ad["inn"], []),
                }
            yield _hit("AD_FOREIGN_PAYER", ad, evidence)
        elif ad["payer_kind"] != "party":
            third.append(ad)
            yield _hit("AD_THIRD_PARTY_PAYER", ad, _ad_evidence(ad, threshold))
    yield from _undeclared(scope, [ad for ad in ads if ad["payer_kind"] == "party"])
    yield from _over_cap(scope, third)


def _foreign(ad: dict[str, Any], max_share: Decimal) -> str | None:
    """Why the registers show the ad's payer as foreign, if they do."""
    if ad["payer_kind"] == "legal_entity" and ad["inn"] is not None:
        if ad["country"] != "KGZ" or ad["legal_form"] in FOREIGN_FORMS:
            return "entity_foreign"
        share = ad["foreign_share"]
        if ad["share_unknown"] or (share is not None and Decimal(str(share)) > max_share):
            return "foreign_founders"
    if ad["payer_kind"] == "person" and ad["pin"] is not None and not ad["holds_kgz"]:
        return "foreign_citizen"
    return None


def _undeclared(scope: Scope, own: list[dict[str, Any]]) -> Iterator[Hit]:
    """AD_SPEND_UNDECLARED: per fund, the party's own ads at their lower bound against the
    online expenditures of its standing report."""
    params: dict[str, Any] = {}
    declared = {
        r["fund_id"]: int(r["total"] or 0)
        for r in fetch(ONLINE.format(e=expenditures_cte(scope, params)), params)
    }
    by_fund: dict[int, list[dict[str, Any]]] = {}
    for ad in own:
        by_fund.setdefault(ad["fund_id"], []).append(ad)
    for fund_id, ads in sorted(by_fund.items()):
        lower = sum(int(ad["lower_cents"]) for ad in ads)
        upper = sum(int(ad["upper_cents"]) for ad in ads)
        online = declared.get(fund_id, 0)
        if lower <= online:
            continue
        evidence = {
            "ad_spend_lower": str(som(lower)),
            "ad_spend_upper": str(som(upper)),
            "declared_online": str(som(online)),
            "excess": str(som(lower - online)),
            "ads": [_ad_row(ad) for ad in ads],
        }
        yield Hit("AD_SPEND_UNDECLARED", fund_id, "ad", "", som(lower - online), evidence)


def _over_cap(scope: Scope, third: list[dict[str, Any]]) -> Iterator[Hit]:
    """AD_PAYER_OVER_CAP: a third party's ads as gifts in kind to the party's fund, added to
    what the payer gave the fund, against the cap of its kind. A gift in kind the fund
    declared from the payer may be these very ads, so the ads count only beyond it."""
    payers: dict[tuple[int, str, str], list[dict[str, Any]]] = {}
    for ad in third:
        if ad["payer_kind"] == "legal_entity" and ad["inn"] is not None:
            payers.setdefault((ad["fund_id"], "legal_entity", ad["inn"]), []).append(ad)
        elif ad["payer_kind"] == "person" and ad["pin"] is not None:
            payers.setdefault((ad["fund_id"], "individual", ad["pin"]), []).append(ad)
    if not payers:
        return
    params: dict[str, Any] = {}
    ids = in_list("p", tuple(sorted({key[2] for key in payers})), params)
    given = {
        (r["fund_id"], r["donor_kind"], r["donor_id"]): (int(r["total"]), int(r["in_kind"]))
        for r in fetch(GIVEN.format(c=contributions_cte(scope, params), ids=ids), params)
    }
    caps = {
        "individual": scope.cap_cents("individual_cap_ci"),
        "legal_entity": scope.cap_cents("legal_entity_cap_ci"),
    }
    for (fund_id, kind, donor_id), ads in sorted(payers.items()):
        total_given, in_kind = given.get((fund_id, kind, donor_id), (0, 0))
        if total_given > caps[kind]:  # over it by its gifts alone: DONOR_CAP_EXCEEDED says so
            continue
        other = total_given - in_kind
        running = 0
        for ad in ads:  # by start date, then ad id: the ad that crosses the cap is named
            running += int(ad["lower_cents"])
            total = other + max(in_kind, running)
            if total <= caps[kind]:
                continue
            evidence = _ad_evidence(ad, None) | {
                "donor_kind": kind,
                "ads_lower": str(som(running)),
                "declared": str(som(total_given)),
                "in_kind_declared": str(som(in_kind)),
                "total": str(som(total)),
                "cap": str(som(caps[kind])),
                "excess": str(som(total - caps[kind])),
                "ads": [_ad_row(a) for a in ads[: ads.index(ad) + 1]],
            }
            yield Hit(
                "AD_PAYER_OVER_CAP", fund_id, "ad", ad["ad_id"], som(ad["lower_cents"]), evidence
            )
            break


def _hit(code: str, ad: dict[str, Any], evidence: dict[str, Any]) -> Hit:
    return Hit(code, ad["fund_id"], "ad", ad["ad_id"], som(ad["lower_cents"]), evidence)


def _ad_row(ad: dict[str, Any]) -> dict[str, Any]:
    """An ad as evidence: where it ran, when, and its spend as exported and in som."""
    return {
        "ad_id": ad["ad_id"],
        "platform": ad["platform"],
        "page_name": ad["page_name"],
        "payer": ad["payer"] or None,
        "start_date": day(ad["start_date"]),
        "end_date": day(ad["end_date"]) if ad["end_date"] else None,
        "currency": ad["currency"],
        "spend_lower": _money(ad["spend_lower"]),
        "spend_upper": _money(ad["spend_upper"]),
        "rate_kgs": _rate(ad["rate_kgs"]),
        "spend_lower_kgs": str(som(ad["lower_cents"])),
        "spend_upper_kgs": str(som(ad["upper_cents"])),
    }


def _ad_evidence(ad: dict[str, Any], threshold: int | None) -> dict[str, Any]:
    """An ad and its payer as the registers know it, or why they do not."""
    evidence = _ad_row(ad) | {"payer": ad["payer"] or "—", "payer_kind": ad["payer_kind"]}
    if ad["payer_id"]:
        evidence["payer_id"] = ad["payer_id"]
    if ad["inn"] is not None:
        evidence["payer_entity"] = {
            "inn": ad["inn"],
            "name": ad["entity_name"],
            "legal_form": ad["legal_form"],
            "country": ad["country"],
        }
        evidence["score"] = ad["payer_score"]
    elif ad["pin"] is not None:
        name = " ".join(x for x in (ad["surname"], ad["person_name"], ad["patronymic"]) if x)
        evidence["payer_person"] = {
            "pin": ad["pin"],
            "name": name,
            "citizenship": ad["citizenship"] or "",
        }
        evidence["score"] = ad["payer_score"]
    elif ad["payer_kind"] == "unmatched" and threshold is not None:
        evidence["why_unmatched"] = "no_match" if (ad["payer"] or "").strip() else "no_payer"
        evidence["score"] = ad["payer_score"]
        evidence["threshold"] = threshold
    return evidence


def _foreign_share(ad: dict[str, Any]) -> str:
    known = _pct(ad["foreign_share"] or 0)
    return f"{known} + ?" if ad["share_unknown"] else known


def _pct(value: Any) -> str:
    return f"{Decimal(str(value)).quantize(Decimal('0.01')).normalize():f}"


def _money(value: Any) -> str:
    return str(Decimal(str(value)).quantize(Decimal("0.01")))


def _rate(value: Any) -> str:
    return f"{Decimal(str(value)).normalize():f}"
