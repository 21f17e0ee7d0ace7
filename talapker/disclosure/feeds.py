"""Atom feeds of an election's and of a fund's public changes, for feed readers: a journalist
follows a fund and hears of each report filed, each statement received and each finding
confirmed without polling the pages (docs/public-finance.md, "Following a fund").

A feed holds the latest changes (`changes.py`), newest first, in the language of its
address, each entry leading to its public page. An entry's id is a tag URI of the change
(kind and id), the same in every language, so a reader that follows two languages, or a
page whose URL changes, never sees a change twice as new.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from talapker.core.i18n import localized
from talapker.disclosure import change_texts, changes, selectors
from talapker.elections.models import Election
from talapker.funds.models import Fund
from talapker.parties.models import Party

LATEST = 50  # entries in a feed; the API's change list has them all
NEWEST_FIRST = tuple(f"-{name}" for name in changes.ORDERING)
AUTHOR = "Talapker"


@dataclass(frozen=True)
class Subject:
    """What a feed is about: an election, or one party's fund in it; `tag` begins the tag
    URIs of the feed and its entries (the host and the campaign's first day)."""

    election: Election
    fund: Fund | None
    tag: str

    @property
    def party(self) -> Party:
        assert self.fund is not None and self.fund.party is not None
        return self.fund.party

    def address(self, name: str) -> str:
        kwargs = {"election": self.election.code}
        if self.fund is not None:
            kwargs["party"] = self.party.code
        return reverse(f"disclosure:{name}", kwargs=kwargs)


def _tag(request: HttpRequest, election: Election) -> str:
    return f"tag:{request.get_host().split(':')[0]},{election.campaign_start:%Y-%m-%d}:"


class ElectionFeed(Feed):
    """`/{lang}/elections/{e}/feed.atom`: every fund's changes."""

    feed_type = Atom1Feed  # its language: the active one, the address's (Feed's default)
    author_name = AUTHOR
    item_guid_is_permalink = False

    def get_object(self, request: HttpRequest, election: str) -> Subject:
        found = selectors.election_get(code=election)
        return Subject(found, None, _tag(request, found))

    def title(self, obj: Subject) -> str:
        return _("Talapker: what changed in %(election)s") % {
            "election": localized(obj.election, "name")
        }

    def subtitle(self, obj: Subject) -> str:
        return _(
            "Reports filed, bank statements received and findings confirmed by the commission."
        )

    def link(self, obj: Subject) -> str:
        return obj.address("election")

    def feed_url(self, obj: Subject) -> str:
        return obj.address("election-feed")

    def feed_guid(self, obj: Subject) -> str:
        return f"{obj.tag}{obj.election.code}/{get_language()}"

    def items(self, obj: Subject) -> list[dict[str, Any]]:
        criteria = changes.Criteria(fund=obj.fund.pk if obj.fund else None)
        rows = changes.changes(obj.election, criteria).order_by(*NEWEST_FIRST)[0:LATEST]
        for row in rows:
            row["election"], row["tag"] = obj.election.code, obj.tag
        return rows

    def item_title(self, item: dict[str, Any]) -> str:
        return change_texts.title(item)

    def item_description(self, item: dict[str, Any]) -> str:
        return escape(change_texts.summary(item))  # Atom's summary is HTML: the text, escaped

    def item_link(self, item: dict[str, Any]) -> str:
        return change_texts.page(item, item["election"])

    def item_guid(self, item: dict[str, Any]) -> str:
        return f"{item['tag']}{item['election']}/{item['kind']}/{item['item']}"

    def item_pubdate(self, item: dict[str, Any]) -> dt.datetime:
        return item["at"]  # type: ignore[no-any-return]

    def item_updateddate(self, item: dict[str, Any]) -> dt.datetime:
        return item["at"]  # type: ignore[no-any-return]


class FundFeed(ElectionFeed):
    """`/{lang}/elections/{e}/parties/{p}/finance/feed.atom`: one fund's changes."""

    def get_object(  # type: ignore[override]
        self, request: HttpRequest, election: str, party: str
    ) -> Subject:
        found = selectors.party_get(election_code=election, party_code=party)
        fund = Fund.objects.select_related("party", "election").get(party=found)
        return Subject(fund.election, fund, _tag(request, fund.election))

    def title(self, obj: Subject) -> str:
        return _("Talapker: the money of %(party)s in %(election)s") % {
            "party": localized(obj.party, "name"),
            "election": localized(obj.election, "name"),
        }

    def link(self, obj: Subject) -> str:
        return obj.address("fund-finance")

    def feed_url(self, obj: Subject) -> str:
        return obj.address("fund-feed")

    def feed_guid(self, obj: Subject) -> str:
        return f"{obj.tag}{obj.election.code}/{obj.party.code}/{get_language()}"
