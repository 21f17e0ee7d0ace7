"""The published audit log under /api/v1/audit/ (included by disclosure/api_urls.py).

- `GET audit/key`: the platform's Ed25519 public key (PEM, raw hex) and its fingerprint.
- `GET audit/roots`: every signed daily root, newest first, cursor-paged, `?format=csv`.
- `GET audit/proof/{seq}`: an event's inclusion proof in its day's signed tree.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from talapker.audit.models import AuditEvent, AuditRoot
from talapker.audit.roots import message_of
from talapker.audit.selectors import key_published, proof_of
from talapker.core.api.exports import RENDERERS, ExportMixin
from talapker.core.api.pagination import StableCursorPagination


class RetiredKeySerializer(serializers.Serializer):
    fingerprint = serializers.CharField(help_text="SHA-256 of the 32 bytes, hex.")
    public_key_hex = serializers.CharField(help_text="The 32 bytes of the key (RFC 8032).")
    first_used = serializers.DateTimeField(help_text="When it first signed.")
    retired_at = serializers.DateTimeField(
        help_text="When it was retired: it verifies the roots of the days before, never after."
    )
    reason = serializers.CharField(help_text="Why it was retired, as the operator wrote it.")
    successor = serializers.CharField(help_text="The fingerprint of the key that replaced it.")
    handover_message = serializers.CharField(
        help_text="The exact bytes this key signed of its successor, as text: canonical JSON "
        "(docs/audit.md). Empty when it was retired as compromised: it signed nothing."
    )
    handover_signature = serializers.CharField(
        help_text="Its Ed25519 signature of handover_message, hex (64 bytes); empty when "
        "it was retired as compromised."
    )


class KeySerializer(serializers.Serializer):
    algorithm = serializers.CharField()
    public_key_pem = serializers.CharField(help_text="SubjectPublicKeyInfo, PEM.")
    public_key_hex = serializers.CharField(help_text="The 32 bytes of the key (RFC 8032).")
    fingerprint = serializers.CharField(help_text="SHA-256 of the 32 bytes, hex.")
    retired = RetiredKeySerializer(
        many=True, help_text="The keys the platform signed with before, newest first."
    )


class RootSerializer(serializers.ModelSerializer):
    signed_message = serializers.SerializerMethodField(
        help_text="The exact bytes signed, as text: canonical JSON (docs/audit.md)."
    )

    def get_signed_message(self, obj: AuditRoot) -> str:
        return message_of(obj).decode()

    class Meta:
        model = AuditRoot
        fields = [
            "day", "first_seq", "last_seq", "size", "root", "signature", "signed_at", "key",
            "signed_message",
        ]  # fmt: skip


class ProofSerializer(serializers.Serializer):
    seq = serializers.IntegerField()
    hash = serializers.CharField(help_text="The event's chain hash, hex.")
    leaf_hash = serializers.CharField(help_text="SHA-256(0x00 || hash), hex.")
    day = serializers.DateField()
    index = serializers.IntegerField(help_text="The leaf's index in the day's tree.")
    tree_size = serializers.IntegerField()
    audit_path = serializers.ListField(
        child=serializers.CharField(), help_text="RFC 9162 §2.1.3, from the leaf up, hex."
    )
    root = RootSerializer()


class RootPagination(StableCursorPagination):
    ordering = ("-day",)


class RootList(ExportMixin, generics.ListAPIView):
    """The signed daily roots of the audit log, newest first."""

    queryset = AuditRoot.objects.none()
    serializer_class = RootSerializer
    pagination_class = RootPagination
    renderer_classes = RENDERERS
    export_name = "audit-roots"

    def get_queryset(self) -> QuerySet[AuditRoot]:
        return AuditRoot.objects.all()


class KeyDetail(APIView):
    @extend_schema(operation_id="audit_key", responses={200: KeySerializer})
    def get(self, request: Request) -> Response:
        """The platform's public signing key."""
        return Response(KeySerializer(key_published()).data)


class ProofDetail(APIView):
    @extend_schema(operation_id="audit_proof", responses={200: ProofSerializer})
    def get(self, request: Request, seq: int) -> Response:
        """An event's inclusion proof in the signed tree of its day. 404 for an unknown
        event, and while its day is not sealed (after midnight, Bishkek time)."""
        try:
            proof = proof_of(seq)
        except AuditEvent.DoesNotExist:
            raise NotFound() from None
        if proof is None:
            raise NotFound(
                _("This event's day is not sealed yet; its root is made after midnight.")
            )
        return Response(ProofSerializer(proof).data)
