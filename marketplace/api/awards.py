"""API: award places of a challenge and the awards granted on them."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace import access
from marketplace.models import Award, AwardPlace, Proposal
from marketplace.models.challenges import Status
from marketplace.rest.acting import acting_user
from marketplace.rest.strict import StrictModelSerializer, StrictSerializer
from marketplace.services.awards import award_grant, award_place_add, award_revoke


class AwardPlaceSerializer(StrictModelSerializer):
    winner = serializers.SerializerMethodField()

    class Meta:
        model = AwardPlace
        fields = ["id", "rank", "title", "description", "amount_eur", "winner"]
        read_only_fields = ["id", "winner"]

    def get_winner(self, obj: AwardPlace) -> dict | None:
        # Who won is public once the challenge is awarded; before that, for the owners.
        if not self.context.get("show_winners"):
            return None
        live = [a for a in obj.awards.all() if a.revoked_at is None]
        if not live:
            return None
        return {
            "award": live[0].pk,
            "proposal": live[0].proposal_id,
            "name": live[0].proposal.submitter_name,
            "payment_state": live[0].payment_state,
        }


class ChallengeAwardPlacesView(APIView):
    @extend_schema(responses=AwardPlaceSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        challenge = access.challenge_for_view(request.user, pk)
        places = challenge.award_places.prefetch_related(
            "awards__proposal__organisation", "awards__proposal__created_by"
        )
        show = access.can_manage_challenge(request.user, challenge) or challenge.status in {
            Status.AWARDED,
            Status.IN_PROGRESS,
            Status.COMPLETED,
        }
        return Response(
            AwardPlaceSerializer(places, many=True, context={"show_winners": show}).data
        )

    @extend_schema(request=AwardPlaceSerializer, responses={201: AwardPlaceSerializer})
    def post(self, request: Request, pk: int) -> Response:
        challenge = access.challenge_for_manage(request.user, pk)
        serializer = AwardPlaceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        place = award_place_add(challenge=challenge, **serializer.validated_data)
        return Response(AwardPlaceSerializer(place).data, status=status.HTTP_201_CREATED)


class AwardGrantSerializer(StrictSerializer):
    place = serializers.PrimaryKeyRelatedField(queryset=AwardPlace.objects.all())
    proposal = serializers.PrimaryKeyRelatedField(queryset=Proposal.objects.all())


class AwardSerializer(serializers.ModelSerializer):
    class Meta:
        model = Award
        fields = ["id", "place", "proposal", "awarded_at", "payment_state", "revoked_at"]
        read_only_fields = fields


class ChallengeAwardsView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=AwardSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        challenge = access.challenge_for_manage(request.user, pk)
        rows = Award.objects.filter(place__challenge=challenge)
        return Response(AwardSerializer(rows, many=True).data)

    @extend_schema(request=AwardGrantSerializer, responses={201: AwardSerializer})
    def post(self, request: Request, pk: int) -> Response:
        """Grant a place to a submitted proposal (one live award per place)."""
        challenge = access.challenge_for_manage(request.user, pk)
        serializer = AwardGrantSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        place = serializer.validated_data["place"]
        if place.challenge_id != challenge.pk:
            raise ValidationError({"place": [_("This place belongs to another challenge.")]})
        award = award_grant(
            actor=acting_user(request), place=place, proposal=serializer.validated_data["proposal"]
        )
        return Response(AwardSerializer(award).data, status=status.HTTP_201_CREATED)


class AwardRevokeView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=None, responses=AwardSerializer)
    def post(self, request: Request, pk: int, award_pk: int) -> Response:
        challenge = access.challenge_for_manage(request.user, pk)
        award = get_object_or_404(Award, pk=award_pk, place__challenge=challenge)
        return Response(AwardSerializer(award_revoke(actor=acting_user(request), award=award)).data)
