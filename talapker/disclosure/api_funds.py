"""`GET elections/{election}/funds`: each election fund with its money, as the finance pages
show it (money.py: the standing report's totals kept at filing, the caps of the election's
parameters), under its public id: a candidate's fund code is a PIN and never appears."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import generics, serializers

from talapker.core.api.exports import RENDERERS, ExportMixin
from talapker.core.api.pagination import StableCursorPagination
from talapker.disclosure.money import FundMoney, funds_money
from talapker.disclosure.public_ids import fund_public_code
from talapker.elections.models import Election
from talapker.funds.models import Fund


def _money(help_text: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=16, decimal_places=2, help_text=help_text)


class FundSerializer(serializers.Serializer):
    code = serializers.CharField(
        help_text=_("The fund's public id: the party's code, or candidate- and a pseudonym.")
    )
    party = serializers.CharField(
        allow_null=True, help_text=_("The party's code; empty for a candidate's fund.")
    )
    filed = serializers.BooleanField(help_text=_("Whether the fund has filed a report yet."))
    raised = _money(_("Raised, som, by the standing report."))
    fund_cap = _money(_("The most a fund may raise, som (the election's parameter)."))
    spent = _money(_("Spent, som, by the standing report."))
    spending_cap = _money(_("The most a fund may spend, som (the election's parameter)."))
    balance = _money(_("Raised less spent, som."))
    donors = serializers.IntegerField(help_text=_("Donors identified by their PIN or INN."))
    contributions = serializers.IntegerField(help_text=_("Contributions in the report."))
    expenditures = serializers.IntegerField(help_text=_("Expenditures in the report."))
    open_findings = serializers.IntegerField(
        help_text=_("Findings waiting for an auditor's review.")
    )
    confirmed_findings = serializers.IntegerField(
        help_text=_("Findings the commission has confirmed.")
    )
    updated_at = serializers.DateTimeField(
        allow_null=True, help_text=_("When the standing report was filed.")
    )
    url = serializers.URLField(allow_null=True, help_text=_("The fund's finance page."))

    def to_representation(self, instance: Any) -> dict[str, Any]:
        money: FundMoney = self.context["money"][instance.pk]
        party = instance.party.code if instance.party else None
        page = self.context.get("page")
        return {
            "code": fund_public_code(instance.code, party),
            "party": party,
            "filed": money.filed,
            "raised": format(money.raised.value, "f"),
            "fund_cap": format(money.raised.cap, "f"),
            "spent": format(money.spent.value, "f"),
            "spending_cap": format(money.spent.cap, "f"),
            "balance": format(money.balance, "f"),
            "donors": money.donors,
            "contributions": money.contributions,
            "expenditures": money.expenditures,
            "open_findings": money.open_findings,
            "confirmed_findings": money.confirmed_findings,
            "updated_at": serializers.DateTimeField().to_representation(money.updated_at)
            if money.updated_at
            else None,
            "url": page.replace("party-placeholder", party) if page and party else None,
        }


class FundPagination(StableCursorPagination):
    ordering = ("id",)  # not the code: a cursor would carry a candidate's PIN


class FundList(ExportMixin, generics.ListAPIView):
    """The election funds with their money (404 for an unknown election, as every path
    under it)."""

    serializer_class = FundSerializer
    pagination_class = FundPagination
    renderer_classes = RENDERERS
    export_name = "funds"

    def get_queryset(self) -> QuerySet[Fund]:
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI generator's dry run
            return Fund.objects.none()
        self.election = get_object_or_404(Election, code=self.kwargs["election"])
        return Fund.objects.filter(election=self.election).select_related("party")

    def get_serializer_context(self) -> dict[str, Any]:
        """Every fund's money at once (four queries; an election has tens of funds)."""
        context = dict(super().get_serializer_context())
        election = getattr(self, "election", None)
        if election is not None:
            funds = list(self.get_queryset())
            context["money"] = {m.fund.pk: m for m in funds_money(election, funds)}
            path = reverse(
                "disclosure:fund-finance",
                kwargs={"election": election.code, "party": "party-placeholder"},
            )
            context["page"] = self.request.build_absolute_uri(path)
        return context
