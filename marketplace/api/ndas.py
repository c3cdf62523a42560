"""API: the NDA gate — read the current terms, accept them for a challenge, and (owners) see
the acceptance log and revoke an acceptance."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace import access
from marketplace.models import NdaAcceptance, NdaTerms, Organisation
from marketplace.rest.acting import acting_user
from marketplace.rest.strict import StrictSerializer
from marketplace.services.ndas import nda_accept, nda_revoke


class NdaTermsSerializer(serializers.ModelSerializer):
    class Meta:
        model = NdaTerms
        fields = ["version", "text", "text_nl", "text_en", "text_fr", "published_at"]


class NdaAcceptSerializer(StrictSerializer):
    terms_version = serializers.CharField(max_length=20)
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True
    )


class NdaAcceptanceSerializer(serializers.ModelSerializer):
    terms_version = serializers.CharField(source="terms.version", read_only=True)
    organisation_name = serializers.CharField(source="organisation.name", default=None)
    revoked_at = serializers.DateTimeField(source="revocation.revoked_at", default=None)

    class Meta:
        model = NdaAcceptance
        fields = [
            "id",
            "signer_email",
            "organisation",
            "organisation_name",
            "terms_version",
            "accepted_at",
            "revoked_at",
        ]
        read_only_fields = fields


class NdaTermsView(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(responses=NdaTermsSerializer)
    def get(self, request: Request) -> Response:
        """The NDA terms currently offered, in nl/en/fr."""
        terms = NdaTerms.objects.current()
        if terms is None:
            return Response({"detail": "No NDA terms are published yet."}, status=404)
        return Response(NdaTermsSerializer(terms).data)


class ChallengeNdaView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=dict)
    def get(self, request: Request, pk: int) -> Response:
        """Your NDA state for this challenge and the terms to accept."""
        challenge = access.challenge_for_view(request.user, pk)
        mine = access.nda_acceptance(acting_user(request), challenge)
        terms = NdaTerms.objects.current()
        return Response(
            {
                "terms": NdaTermsSerializer(terms).data if terms else None,
                "acceptance": NdaAcceptanceSerializer(mine).data if mine else None,
                "state": access.nda_state(mine),
            }
        )

    @extend_schema(request=NdaAcceptSerializer, responses={201: NdaAcceptanceSerializer})
    def post(self, request: Request, pk: int) -> Response:
        """Accept the NDA (the version you read) to see the confidential detail."""
        challenge = access.challenge_for_view(request.user, pk)
        serializer = NdaAcceptSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        acceptance = nda_accept(
            user=acting_user(request), challenge=challenge, **serializer.validated_data
        )
        return Response(NdaAcceptanceSerializer(acceptance).data, status=status.HTTP_201_CREATED)


class ChallengeNdaAcceptancesView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=NdaAcceptanceSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        """The acceptance log of this challenge (owners)."""
        challenge = access.challenge_for_manage(request.user, pk)
        rows = challenge.nda_acceptances.select_related("terms", "organisation", "revocation")
        return Response(NdaAcceptanceSerializer(rows, many=True).data)


class RevokeSerializer(StrictSerializer):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class NdaRevokeView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=RevokeSerializer, responses=NdaAcceptanceSerializer)
    def post(self, request: Request, pk: int, acceptance_pk: int) -> Response:
        """Revoke one acceptance: the person no longer sees the confidential detail."""
        challenge = access.challenge_for_manage(request.user, pk)
        acceptance = get_object_or_404(challenge.nda_acceptances, pk=acceptance_pk)
        serializer = RevokeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if not access.can_manage_challenge(request.user, challenge):
            raise PermissionDenied
        nda_revoke(actor=acting_user(request), acceptance=acceptance, **serializer.validated_data)
        acceptance = NdaAcceptance.objects.select_related(
            "terms", "organisation", "revocation"
        ).get(pk=acceptance.pk)
        return Response(NdaAcceptanceSerializer(acceptance).data)
