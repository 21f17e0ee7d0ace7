"""The read-only public API (interfaces.md): elections, parties, candidates.

Lists filter by query parameters, page by cursor and export as CSV with `?format=csv`.
"""

from __future__ import annotations

import django_filters
from django.db.models import Count, QuerySet, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from rest_framework import generics

from talapker.candidates.models import Candidate
from talapker.candidates.selectors import with_status
from talapker.core.api.exports import RENDERERS, ExportMixin
from talapker.core.names import name_key
from talapker.disclosure.pagination import (
    BallotOrderPagination,
    ElectionPagination,
    ListPositionPagination,
)
from talapker.disclosure.serializers import (
    CandidateSerializer,
    ElectionSerializer,
    PartySerializer,
)
from talapker.elections.models import Election
from talapker.parties.models import Party


class ElectionFilter(django_filters.FilterSet):
    held_after = django_filters.DateFilter(field_name="election_day", lookup_expr="gte")
    held_before = django_filters.DateFilter(field_name="election_day", lookup_expr="lte")

    class Meta:
        model = Election
        fields = ["kind"]


class PartyFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(
        method="filter_name", label="name contains (any language, case and script)"
    )

    class Meta:
        model = Party
        fields = ["code"]

    def filter_name(self, queryset: QuerySet[Party], name: str, value: str) -> QuerySet[Party]:
        """Parties whose name in any language contains `value`, whatever its case and script:
        the search goes through the name keys (core/names.py), as SQLite's LIKE folds the
        case of ASCII letters only."""
        key = name_key(value)
        if not key:  # punctuation only: nothing to look for
            return queryset.none()
        return queryset.filter(name_key__contains=key)


class CandidateFilter(django_filters.FilterSet):
    class Meta:
        model = Candidate
        fields = ["sex", "region", "position"]


class ElectionList(ExportMixin, generics.ListAPIView):
    """Elections, newest first."""

    queryset = Election.objects.all()
    serializer_class = ElectionSerializer
    filterset_class = ElectionFilter
    pagination_class = ElectionPagination
    renderer_classes = RENDERERS
    export_name = "elections"


class ElectionDetail(generics.RetrieveAPIView):
    queryset = Election.objects.all()
    serializer_class = ElectionSerializer
    lookup_field = "code"
    lookup_url_kwarg = "election"


class PartyList(ExportMixin, generics.ListAPIView):
    """The parties of one election, in ballot order once it is drawn."""

    queryset = Party.objects.none()  # for the schema; requests use get_queryset
    serializer_class = PartySerializer
    filterset_class = PartyFilter
    pagination_class = BallotOrderPagination
    renderer_classes = RENDERERS
    export_name = "parties"

    def get_queryset(self) -> QuerySet[Party]:
        election = get_object_or_404(Election, code=self.kwargs["election"])
        return (
            Party.objects.filter(election=election)
            .select_related("election")
            .annotate(
                candidate_count=Count("candidates"),
                ballot_order=Coalesce("ballot_position", Value(0)),
            )
        )


class PartyDetail(generics.RetrieveAPIView):
    queryset = Party.objects.none()
    serializer_class = PartySerializer
    lookup_field = "code"
    lookup_url_kwarg = "party"

    def get_queryset(self) -> QuerySet[Party]:
        return (
            Party.objects.filter(election__code=self.kwargs["election"])
            .select_related("election")
            .annotate(candidate_count=Count("candidates"))
        )


class CandidateList(ExportMixin, generics.ListAPIView):
    """A party's candidate list in list order. No PIN or birth date: the birth year only."""

    queryset = Candidate.objects.none()
    serializer_class = CandidateSerializer
    filterset_class = CandidateFilter
    pagination_class = ListPositionPagination
    renderer_classes = RENDERERS
    export_name = "candidates"

    def get_queryset(self) -> QuerySet[Candidate]:
        party = get_object_or_404(
            Party, election__code=self.kwargs["election"], code=self.kwargs["party"]
        )
        return with_status(Candidate.objects.filter(party=party).select_related("party"))


class CandidateDetail(generics.RetrieveAPIView):
    queryset = Candidate.objects.none()
    serializer_class = CandidateSerializer
    lookup_field = "position"

    def get_queryset(self) -> QuerySet[Candidate]:
        return with_status(
            Candidate.objects.filter(
                party__election__code=self.kwargs["election"], party__code=self.kwargs["party"]
            ).select_related("party")
        )
