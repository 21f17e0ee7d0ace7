"""The political ads a reader can search, and what they add up to: one module for the ads
page, each party's finance page and the API's `elections/{e}/ads`, so that they answer the
same question the same way.

What is published about an ad: what the ad library itself publishes (platform, page, the
payer's name as exported, dates, spend and impressions ranges) and the spend in som at the
official rate. A private person who paid for a political ad is named by the ad library, so
the name is shown as exported; the PIN the payer match found is never shown (the model keeps
it for the rules only), nor is any register fact about the person.

An ad's findings are its *confirmed* findings (source `ad`, line = the ad's id): an open
finding is an auditor's question, published only as a count on the findings register
(disclosure/findings.py), never ad by ad.

A payer's name is filtered by its name key (core/names.py), so any script and case find it.
Ads carry no stored key: the election's payers are keyed in Python, which is cheap, since an
election has about a thousand ads (the Ad Library held 1,101 for Kyrgyzstan).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from talapker.ads.models import Ad, PayerKind
from talapker.compliance.models import Finding, Review
from talapker.core.i18n import localized
from talapker.core.names import name_key
from talapker.disclosure.transactions import date_filter, standing_versions
from talapker.elections.models import Election
from talapker.filings.models import Expenditure
from talapker.parties.models import Party

PAGE_SIZE = 50
# A platform as its brand writes itself (the libraries export lower-case codes).
PLATFORMS = {
    "facebook": "Facebook",
    "instagram": "Instagram",
    "messenger": "Messenger",
    "audience_network": "Audience Network",
    "google": "Google",
    "youtube": "YouTube",
    "search": "Google Search",
    "tiktok": "TikTok",
    "telegram": "Telegram",
}
ZERO = Decimal(0)

ORDERS = {
    "-start": ("-start_date", "ad_id"),
    "start": ("start_date", "ad_id"),
    "-spend": ("-spend_upper_kgs", "-spend_lower_kgs", "ad_id"),
    "spend": ("spend_lower_kgs", "spend_upper_kgs", "ad_id"),
    "-impressions": ("-impressions_upper", "ad_id"),
}


class AdQuery(forms.Form):
    """What a reader may ask of the ads; every field may stay empty. `party` and `platform`
    take the election's own values (set by the view), so a value it lacks is refused."""

    party = forms.ChoiceField(label=_("Party"), required=False)
    platform = forms.ChoiceField(label=_("Platform"), required=False)
    payer_kind = forms.ChoiceField(
        label=_("Paid for by"),
        required=False,
        choices=[("", _("any")), *PayerKind.choices],
    )
    payer = forms.CharField(
        label=_("Payer's name"),
        required=False,
        max_length=200,
        help_text=_("Any script and case: Асанов, Asanov and АСАНОВ find the same payer."),
    )
    date_from = date_filter(_("Shown from"))
    date_to = date_filter(_("Shown up to"))
    spend_min = forms.DecimalField(
        label=_("Spend at least, som"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        help_text=_("Ads whose spend may have reached this sum (the upper bound)."),
    )
    rule = forms.CharField(label=_("Finding (rule code)"), required=False, max_length=40)
    order = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[
            ("-start", _("newest first")),
            ("start", _("oldest first")),
            ("-spend", _("largest first")),
            ("spend", _("smallest first")),
            ("-impressions", _("most seen first")),
        ],
    )

    def __init__(self, data: Any, election: Election) -> None:
        super().__init__(data)
        parties = Party.objects.filter(election=election)
        self.fields["party"].choices = [  # type: ignore[attr-defined]
            ("", _("any")),
            *((p.code, localized(p, "name")) for p in parties),
        ]
        platforms = election_platforms(election)
        self.fields["platform"].choices = [  # type: ignore[attr-defined]
            ("", _("any")),
            *((p, platform_name(p)) for p in platforms),
        ]


def platform_name(code: str) -> str:
    """A platform's brand for a form's option, where no markup can mark it English: quoted
    «…» on a Kyrgyz or Russian page, as a Latin name is there."""
    name = PLATFORMS.get(code.lower(), code)
    return name if (get_language() or "en")[:2] == "en" else f"«{name}»"


def election_platforms(election: Election) -> list[str]:
    return list(
        Ad.objects.filter(election=election)
        .order_by("platform")
        .values_list("platform", flat=True)
        .distinct()
    )


def confirmed(election: Election) -> QuerySet[Finding]:
    """The published findings on ads: confirmed ones (see the module docstring)."""
    return Finding.objects.filter(election=election, source="ad", review=Review.CONFIRMED)


def ad_filter(election: Election, found: QuerySet[Any], data: dict[str, Any]) -> QuerySet[Any]:
    """The ads of `found` that answer the query (cleaned data; empty values are ignored)."""
    if data.get("party"):
        found = found.filter(party__code=data["party"])
    if data.get("platform"):
        found = found.filter(platform=data["platform"])
    if data.get("payer_kind"):
        found = found.filter(payer_kind=data["payer_kind"])
    if data.get("date_from"):
        # An ad shown on or after the day: it ends on or after it, or has not ended.
        found = found.filter(Q(end_date__gte=data["date_from"]) | Q(end_date__isnull=True))
    if data.get("date_to"):
        found = found.filter(start_date__lte=data["date_to"])
    if data.get("spend_min") is not None:
        found = found.filter(spend_upper_kgs__gte=data["spend_min"])
    if data.get("payer"):
        found = found.filter(pk__in=_payers_named(election, data["payer"]))
    if data.get("rule"):
        lines = confirmed(election).filter(rule=data["rule"].strip().upper()).values("line")
        found = found.filter(ad_id__in=lines)
    return found


def _payers_named(election: Election, text: str) -> list[int]:
    """The ads whose payer's name key holds every word of `text`'s key."""
    words = name_key(text).split()
    if not words:
        return []
    payers = Ad.objects.filter(election=election).exclude(payer="").values_list("pk", "payer")
    return [pk for pk, payer in payers if all(w in name_key(payer) for w in words)]


def ads(election: Election, data: dict[str, Any]) -> QuerySet[Ad]:
    """The election's ads that answer the query, in its order."""
    found = ad_filter(election, Ad.objects.filter(election=election), data)
    order = ORDERS.get(data.get("order") or "-start", ORDERS["-start"])
    return found.select_related("party").order_by(*order)


def findings_of(election: Election, ad_ids: list[str] | None = None) -> dict[str, list[str]]:
    """The confirmed rule codes on each of `ad_ids`, or on every ad (one query)."""
    found: dict[str, set[str]] = defaultdict(set)
    findings = confirmed(election)
    if ad_ids is not None:
        findings = findings.filter(line__in=ad_ids)
    rows = findings.values_list("line", "rule")
    for line, rule in rows:
        found[line].add(rule)
    return {line: sorted(rules) for line, rules in found.items()}


@dataclass(frozen=True)
class PartySpend:
    """A party's ads in som (their bounds), those it paid for itself, and the online
    advertising its standing report declares."""

    party: Party
    ads: int
    lower: Decimal
    upper: Decimal
    own_lower: Decimal
    own_upper: Decimal
    declared_online: Decimal

    @property
    def outspends(self) -> bool:
        """The party's own ads cost at least more than it declared (AD_SPEND_UNDECLARED's
        test, shown beside the figures; the finding itself is the auditor's)."""
        return self.own_lower > self.declared_online


def party_spend(election: Election, party: Party | None = None) -> list[PartySpend]:
    """Per party with ads (or `party` alone, ads or not), largest upper bound first."""
    found = Ad.objects.filter(election=election)
    parties = Party.objects.filter(election=election)
    if party is not None:
        found, parties = found.filter(party=party), parties.filter(pk=party.pk)
    own = Q(payer_kind=PayerKind.PARTY)
    totals: dict[int, dict[str, Any]] = {
        row["party"]: dict(row)
        for row in found.values("party").annotate(
            n=Count("pk"),
            lower=Sum("spend_lower_kgs"),
            upper=Sum("spend_upper_kgs"),
            own_lower=Sum("spend_lower_kgs", filter=own),
            own_upper=Sum("spend_upper_kgs", filter=own),
        )
    }
    online = dict(
        Expenditure.objects.filter(
            version__in=standing_versions(election=election),
            category="online",
            version__report__fund__party__in=parties,
        )
        .values_list("version__report__fund__party")
        .annotate(total=Sum("amount"))
        .values_list("version__report__fund__party", "total")
    )
    result = []
    for p in parties:
        if p.pk not in totals and party is None:
            continue
        row = totals.get(p.pk, {})
        result.append(
            PartySpend(
                party=p,
                ads=row.get("n") or 0,
                lower=row.get("lower") or ZERO,
                upper=row.get("upper") or ZERO,
                own_lower=row.get("own_lower") or ZERO,
                own_upper=row.get("own_upper") or ZERO,
                declared_online=online.get(p.pk) or ZERO,
            )
        )
    return sorted(result, key=lambda s: (-s.upper, s.party.code))


@dataclass(frozen=True)
class Payer:
    name: str
    kind: str
    parties: list[Party]
    ads: int
    lower: Decimal
    upper: Decimal


def payers_ranked(election: Election, limit: int = 20) -> list[Payer]:
    """Who paid for the election's ads, by the most their ads may have cost. A payer is its
    name as exported and its kind; never a PIN."""
    rows = (
        Ad.objects.filter(election=election)
        .values("payer", "payer_kind", "party__code")
        .annotate(n=Count("pk"), lower=Sum("spend_lower_kgs"), upper=Sum("spend_upper_kgs"))
    )
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        key = (row["payer"], row["payer_kind"])
        entry = merged.setdefault(key, {"parties": set(), "n": 0, "lower": ZERO, "upper": ZERO})
        entry["parties"].add(row["party__code"])
        entry["n"] += row["n"]
        entry["lower"] += row["lower"] or ZERO
        entry["upper"] += row["upper"] or ZERO
    parties = {p.code: p for p in election.parties.all()}
    payers = [
        Payer(
            name,
            kind,
            [parties[code] for code in sorted(e["parties"])],
            e["n"],
            e["lower"],
            e["upper"],
        )
        for (name, kind), e in merged.items()
    ]
    payers.sort(key=lambda p: (-p.upper, -p.lower, p.name))
    return payers[:limit]


def fund_ad_spend(party: Party, declared_online: Decimal) -> PartySpend | None:
    """The party's ads beside the online advertising its finance page already has (from the
    standing version's totals), in one query; None when the election has no ads at all."""
    own = Q(party=party, payer_kind=PayerKind.PARTY)
    mine = Q(party=party)
    row = Ad.objects.filter(election_id=party.election_id).aggregate(
        every=Count("pk"),
        n=Count("pk", filter=mine),
        lower=Sum("spend_lower_kgs", filter=mine),
        upper=Sum("spend_upper_kgs", filter=mine),
        own_lower=Sum("spend_lower_kgs", filter=own),
        own_upper=Sum("spend_upper_kgs", filter=own),
    )
    if not row["every"]:
        return None
    return PartySpend(
        party=party,
        ads=row["n"],
        lower=row["lower"] or ZERO,
        upper=row["upper"] or ZERO,
        own_lower=row["own_lower"] or ZERO,
        own_upper=row["own_upper"] or ZERO,
        declared_online=declared_online,
    )
