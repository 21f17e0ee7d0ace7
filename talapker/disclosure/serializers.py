"""What the public API shows. Personal data (PIN, full birth date, address) is never here:
a candidate is shown with the birth year only."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from talapker.candidates.models import Candidate
from talapker.candidates.selectors import STATUS_LABELS, status_of
from talapker.compliance.registry import load_rules
from talapker.core.api.serializers import NamesSerializer
from talapker.core.i18n import all_languages
from talapker.elections.models import Election
from talapker.elections.parameters import PARAMETERS, Parameter
from talapker.parties.models import Party


def _rule_field(parameter: Parameter) -> serializers.Field[Any, Any, Any, Any]:
    help_text = parameter.help  # lazy: rendered in the reader's language, not the importer's
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
    name = serializers.SerializerMethodField(help_text=_("The election's name."))
    rules = serializers.SerializerMethodField(
        help_text=_("The rule parameters the checks apply (elections/parameters.py).")
    )
    interim_report_due = serializers.DateField(
        read_only=True, help_text=_("The last day to file the interim finance report.")
    )
    final_report_due = serializers.DateField(
        read_only=True, help_text=_("The last day to file the final finance report.")
    )

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
        extra_kwargs = {
            "code": {"help_text": _("The election's id in every address and file.")},
            "kind": {
                "help_text": _(
                    "The kind of election: parliamentary, presidential, local or referendum."
                )
            },
            "campaign_start": {"help_text": _("The first day of the campaign.")},
            "election_day": {"help_text": _("Election day.")},
        }

    @extend_schema_field(NamesSerializer)
    def get_name(self, obj: Election) -> dict[str, str]:
        return all_languages(obj, "name")

    @extend_schema_field(RulesSerializer)
    def get_rules(self, obj: Election) -> dict[str, Any]:
        """The parameters in their declared order (PostgreSQL's jsonb keeps its own)."""
        rules = obj.rules
        return {p.key: rules[p.key] for p in PARAMETERS if p.key in rules} | rules


class PartySerializer(serializers.ModelSerializer):
    election = serializers.CharField(source="election.code", help_text=_("The election's code."))
    name = serializers.SerializerMethodField(help_text=_("The party's name."))
    has_programme = serializers.SerializerMethodField(
        help_text=_("Whether the party's programme is published (a PDF on its page).")
    )
    candidate_count = serializers.IntegerField(
        read_only=True, help_text=_("The number of candidates on its list.")
    )

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
        extra_kwargs = {
            "code": {"help_text": _("The party's id in the election, in every address and file.")},
            "ballot_position": {
                "help_text": _("Its place on the ballot, once the order is drawn; else empty.")
            },
            "registration_no": {"help_text": _("Its number in the register of parties.")},
            "leader": {"help_text": _("The party's leader, as registered.")},
            "founded": {"help_text": _("The day the party was founded.")},
            "website": {"help_text": _("The party's website.")},
        }

    @extend_schema_field(NamesSerializer)
    def get_name(self, obj: Party) -> dict[str, str]:
        return all_languages(obj, "name")

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_has_programme(self, obj: Party) -> bool:
        return bool(obj.programme)


class CandidateSerializer(serializers.ModelSerializer):
    party = serializers.CharField(source="party.code", help_text=_("The code of the party."))
    full_name = serializers.CharField(
        read_only=True, help_text=_("Surname, name and patronymic together.")
    )
    birth_year = serializers.IntegerField(
        read_only=True, help_text=_("The year of birth (never the full date).")
    )
    registration = serializers.SerializerMethodField(
        help_text=_(
            "The commission's decision: pending (under review), registered, refused, or "
            "replaced (the party put someone else in this place)."
        )
    )
    refusal_rule = serializers.SerializerMethodField(
        help_text=_("For a refusal, the code of the rule it rests on (empty otherwise).")
    )
    refusal_article = serializers.SerializerMethodField(
        help_text=_(
            "For a refusal, the article of law the rule applies, as the rules cite it in "
            "English (e.g. CL Art. 59; empty otherwise)."
        )
    )

    @extend_schema_field(serializers.ChoiceField(choices=list(STATUS_LABELS)))
    def get_registration(self, obj: Candidate) -> str:
        return status_of(getattr(obj, "decision", None))

    @extend_schema_field(OpenApiTypes.STR)
    def get_refusal_rule(self, obj: Candidate) -> str:
        return getattr(obj, "decision_rule", None) or ""

    @extend_schema_field(OpenApiTypes.STR)
    def get_refusal_article(self, obj: Candidate) -> str:
        rule = load_rules().get(self.get_refusal_rule(obj))
        return rule.article if rule else ""

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
            "registration",
            "refusal_rule",
            "refusal_article",
        ]
        extra_kwargs = {
            "position": {"help_text": _("The candidate's place on the party's list.")},
            "surname": {"help_text": _("Surname.")},
            "name": {"help_text": _("Given name.")},
            "patronymic": {"help_text": _("Patronymic; empty when there is none.")},
            "sex": {"help_text": _("Sex: M or F.")},
            "region": {"help_text": _("The region the candidate is nominated from, if any.")},
        }
