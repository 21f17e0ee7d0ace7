"""A name or a text in the three languages, as every API shows it."""

from __future__ import annotations

from rest_framework import serializers


class NamesSerializer(serializers.Serializer):
    ky = serializers.CharField()
    ru = serializers.CharField()
    en = serializers.CharField()


class TextsSerializer(NamesSerializer):
    """A text in the three languages."""
