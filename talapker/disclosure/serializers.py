"""What the public API shows. Personal data (PIN, full birth date, address) is never here:
a candidate is shown with the birth year only."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from talapker.candidates.models import Candidate
from talapker.core.api.serializers import NamesSerializer
from talapker.core.i18n import all_languages
from talapker.elections.models import Election
from talapker.elections.parameters import PARAMETERS, Parameter
from talapker.parties.models import Party


def _rule_field(parameter: Parameter) -> serializers.Field[Any, Any, Any, Any]:
    help_text = str(parameter.help)
    if parameter.kind == "int":
        return serializers.IntegerField(help_text=help_text, allow_null=parameter.optional)
    if parameter.kind == "bool":
        return serializers.BooleanField(help_text=help_text)
    # money, percent and share are exact decimals, written as strings
    return serializers.CharField(help_text=help_text, allow_null=parameter.optional)


# The election's rule parameters (elections/parameters.py), one field each.
RulesSerializer = type(
    "RulesSerializer",
    (serializers.Serializer,),
    {parameter.key: _rule_field(parameter) for parameter in PARAMETERS},
)


class ElectionSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()
    rules = serializers.SerializerMethodField()
    interim_report_due = serializers.DateField(read_only=True)
    final_report_due = serializers.DateField(read_only=True)

    class Meta:
        model = Election
        fields = [
            "code",
            "kind",
            "name",
            "campaign_start",
            "election_day",
            "interim_report_due",
            "final_report_due",
            "rules",
        ]

    @extend_schema_field(NamesSerializer)
    def get_name(self, obj: Election) -> dict[str, str]:
        return all_languages(obj, "name")

    @extend_schema_field(RulesSerializer)
    def get_rules(self, obj: Election) -> dict[str, Any]:
        """The parameters in their declared order (PostgreSQL's jsonb keeps its own)."""
        rules = obj.rules
        return {p.key: rules[p.key] for p in PARAMETERS if p.key in rules} | rules


class PartySerializer(serializers.ModelSerializer):
    election = serializers.CharField(source="election.code")
    name = serializers.SerializerMethodField()
    has_programme = serializers.SerializerMethodField()
    candidate_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Party
        fields = [
            "election",
            "code",
            "name",
            "ballot_position",
            "registration_no",
            "leader",
            "founded",
            "website",
            "has_programme",
            "candidate_count",
        ]

    @extend_schema_field(NamesSerializer)
    def get_name(self, obj: Party) -> dict[str, str]:
        return all_languages(obj, "name")

    def get_has_programme(self, obj: Party) -> bool:
        return bool(obj.programme)


class CandidateSerializer(serializers.ModelSerializer):
    party = serializers.CharField(source="party.code")
    full_name = serializers.CharField(read_only=True)
    birth_year = serializers.IntegerField(read_only=True)

    class Meta:
        model = Candidate
        fields = [
            "party",
            "position",
            "surname",
            "name",
            "patronymic",
            "full_name",
            "birth_year",
            "sex",
            "region",
        ]
