"""`GET elections/{election}/precincts`: the polling stations at home and abroad with the
voters each has on the election's register (counts only), filterable by country, region and
district, and exportable like every list (`?format=csv|xlsx`)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from rest_framework import generics, serializers

from talapker.core.api.exports import RENDERERS, ExportMixin
from talapker.core.api.pagination import StableCursorPagination
from talapker.elections.models import Election
from talapker.voters.models import Precinct
from talapker.voters.stations import map_link, stations_with_counts


class StationPagination(StableCursorPagination):
    ordering = ("id",)  # as the file listed them; a cursor is checked against a number


class StationFilter(django_filters.FilterSet):
    class Meta:
        model = Precinct
        fields = ["country", "region", "district"]


class StationSerializer(serializers.ModelSerializer):
    voters = serializers.IntegerField(
        read_only=True, help_text=_("Voters on the election's register at this station.")
    )
    abroad_registered = serializers.IntegerField(
        read_only=True, help_text=_("Of them, registered abroad by a mobile group or consulate.")
    )
    moved_here = serializers.IntegerField(
        read_only=True, help_text=_("Of them, moved here on their own request.")
    )
    map = serializers.SerializerMethodField(help_text=_("The station on OpenStreetMap."))

    def get_map(self, obj: Precinct) -> str:
        return map_link(obj)

    class Meta:
        model = Precinct
        fields = [
            "code", "name_ky", "name_ru", "country", "region", "district", "address",
            "latitude", "longitude", "capacity", "voters", "abroad_registered", "moved_here",
            "map",
        ]  # fmt: skip


class StationList(ExportMixin, generics.ListAPIView):
    """The polling stations, with the voters of the election at each."""

    queryset = Precinct.objects.none()
    serializer_class = StationSerializer
    filterset_class = StationFilter
    pagination_class = StationPagination
    renderer_classes = RENDERERS
    export_name = "precincts"

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):
            return Precinct.objects.none()
        return stations_with_counts(get_object_or_404(Election, code=self.kwargs["election"]))
