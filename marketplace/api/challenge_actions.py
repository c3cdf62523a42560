"""API: what an author and an owner do with a challenge besides editing it — the lifecycle,
the brief-quality check, similar challenges, funding hints, the rubric, invitees, worker
co-authors and endorsements, coaching."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace import access
from marketplace.api.challenges import ChallengeListSerializer, ChallengeSerializer
from marketplace.api.fields import technology_field
from marketplace.models import (
    ChallengeCoauthor,
    ChallengeEndorsement,
    ChallengeInvitee,
    ChallengeTransition,
    Organisation,
    RubricCriterion,
    User,
)
from marketplace.models.capabilities import CONTENT_LANGUAGES
from marketplace.models.challenges import Sector, Status
from marketplace.rest.acting import acting_user
from marketplace.rest.strict import StrictModelSerializer, StrictSerializer
from marketplace.services import briefs, funding, participation
from marketplace.services.challenges import challenge_transition, rubric_replace


class TransitionSerializer(StrictSerializer):
    to = serializers.ChoiceField(choices=Status.choices)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class TransitionLogSerializer(serializers.ModelSerializer):
    by = serializers.SerializerMethodField()

    class Meta:
        model = ChallengeTransition
        fields = ["from_status", "to_status", "by", "at", "note"]

    def get_by(self, obj: ChallengeTransition) -> str | None:
        return obj.by.display_name if obj.by else None


class ChallengeTransitionView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=TransitionLogSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        """The lifecycle log (who moved the challenge when); for the posting organisation."""
        challenge = access.challenge_for_view(request.user, pk)
        if not access.is_challenge_insider(request.user, challenge):
            raise PermissionDenied
        log = challenge.transitions.select_related("by")
        return Response(TransitionLogSerializer(log, many=True).data)

    @extend_schema(request=TransitionSerializer, responses=ChallengeSerializer)
    def post(self, request: Request, pk: int) -> Response:
        """Move the challenge: publish (open), close for evaluation, mark awarded, start,
        complete or cancel. The response to publishing carries the brief-quality report."""
        challenge = access.challenge_for_manage(request.user, pk)
        serializer = TransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        challenge = challenge_transition(
            actor=acting_user(request),
            challenge=challenge,
            to=serializer.validated_data["to"],
            note=serializer.validated_data["note"],
        )
        data = ChallengeSerializer(challenge, context={"request": request}).data
        if challenge.status == Status.OPEN:
            data["quality"] = _quality_data(briefs.brief_quality(challenge=challenge))
        return Response(data)


def _quality_data(report: briefs.BriefQuality) -> dict[str, Any]:
    return {
        "score": report.score,
        "threshold": report.threshold,
        "below_threshold": report.below_threshold,
        "advice": report.advice,
        "hints": [
            {"code": h.code, "message": h.message, "points": h.points, "earned": h.earned}
            for h in report.hints
        ],
    }


class ChallengeQualityView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=dict)
    def get(self, request: Request, pk: int) -> Response:
        """Brief-quality score (0–100) with concrete hints; for the authors."""
        challenge = access.challenge_for_edit(request.user, pk)
        return Response(_quality_data(briefs.brief_quality(challenge=challenge)))


class SimilarDraftSerializer(StrictSerializer):
    title = serializers.CharField(max_length=200)
    summary = serializers.CharField(max_length=3000, required=False, allow_blank=True, default="")
    language = serializers.ChoiceField(choices=CONTENT_LANGUAGES, required=False)
    sector = serializers.ChoiceField(choices=Sector.choices, required=False, default="")
    technologies = technology_field(many=True, required=False)


def _similar_data(results: list[briefs.SimilarChallenge], request: Request) -> list[dict]:
    rows = ChallengeListSerializer(
        [r.challenge for r in results], many=True, context={"request": request}
    ).data
    return [
        {**row, "similarity": r.score, "shared": r.shared}
        for row, r in zip(rows, results, strict=True)
    ]


class SimilarChallengesView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=SimilarDraftSerializer, responses=dict)
    def post(self, request: Request) -> Response:
        """While authoring: challenges (that you may see) resembling the text so far."""
        serializer = SimilarDraftSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        results = briefs.similar_challenges(
            candidates=access.published_challenges_visible_to(request.user),
            title=data["title"],
            summary=data["summary"],
            language=data.get("language"),
            sector=data["sector"],
            technologies={t.slug for t in data.get("technologies", [])},
        )
        return Response({"results": _similar_data(results, request)})


class ChallengeSimilarView(APIView):
    @extend_schema(responses=dict)
    def get(self, request: Request, pk: int) -> Response:
        """Published challenges resembling this one (nl/en/fr)."""
        challenge = access.challenge_for_view(request.user, pk)
        results = briefs.similar_to_challenge(viewer=request.user, challenge=challenge)
        return Response({"results": _similar_data(results, request)})


def _hints_data(hints: list[funding.FundingHint]) -> list[dict[str, Any]]:
    return [h.__dict__ for h in hints]


class ChallengeFundingHintsView(APIView):
    @extend_schema(responses=dict)
    def get(self, request: Request, pk: int) -> Response:
        """Funding instruments that may apply to this challenge's organisation (information,
        not an eligibility decision). Hidden for anonymous seekers."""
        challenge = access.challenge_for_view(request.user, pk)
        if challenge.anonymous_seeker and not access.is_challenge_insider(request.user, challenge):
            return Response({"results": []})
        hints = funding.funding_hints(organisation=challenge.organisation, challenge=challenge)
        return Response({"results": _hints_data(hints)})


class OrganisationFundingHintsView(APIView):
    @extend_schema(responses=dict)
    def get(self, request: Request, pk: int) -> Response:
        """Funding instruments an organisation may look at (information only)."""
        organisation = access.organisation_for_view(request.user, pk)
        return Response({"results": _hints_data(funding.funding_hints(organisation=organisation))})


# --- rubric ----------------------------------------------------------------------------------


class CriterionSerializer(StrictModelSerializer):
    key = serializers.SlugField(max_length=40)

    class Meta:
        model = RubricCriterion
        fields = ["key", "label", "prompt", "kind", "weight", "max_score"]


class RubricSerializer(StrictSerializer):
    criteria = CriterionSerializer(many=True)


class ChallengeRubricView(APIView):
    @extend_schema(responses=CriterionSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        """The weighted rubric; the proposal form asks each criterion's prompt."""
        challenge = access.challenge_for_view(request.user, pk)
        return Response(CriterionSerializer(challenge.criteria.all(), many=True).data)

    @extend_schema(request=RubricSerializer, responses=CriterionSerializer(many=True))
    def put(self, request: Request, pk: int) -> Response:
        """Replace the rubric (until the first proposal is submitted)."""
        challenge = access.challenge_for_manage(request.user, pk)
        serializer = RubricSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        created = rubric_replace(
            challenge=challenge, criteria=serializer.validated_data["criteria"]
        )
        return Response(CriterionSerializer(created, many=True).data)


# --- invitees, co-authors, endorsements, coaching -------------------------------------------


class InviteeSerializer(StrictModelSerializer):
    email = serializers.EmailField(write_only=True, required=False)
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True
    )
    name = serializers.SerializerMethodField()

    class Meta:
        model = ChallengeInvitee
        fields = ["id", "email", "organisation", "name", "created_at"]
        read_only_fields = ["id", "created_at"]

    def get_name(self, obj: ChallengeInvitee) -> str:
        return obj.user.email if obj.user else obj.organisation.name  # type: ignore[union-attr]


def user_by_email(email: str, field: str = "email") -> User:
    """The active account with this address; a 400 on `field` when there is none."""
    user = access.active_user_by_email(email)
    if user is None:
        raise serializers.ValidationError({field: [_("No Kruispunt account uses this address.")]})
    return user


class ChallengeInviteesView(APIView):
    rate_limited = {"post": "invitation"}  # marketplace/ratelimits.py
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=InviteeSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        challenge = access.challenge_for_manage(request.user, pk)
        rows = challenge.invitees.select_related("user", "organisation")
        return Response(InviteeSerializer(rows, many=True).data)

    @extend_schema(request=InviteeSerializer, responses={201: InviteeSerializer})
    def post(self, request: Request, pk: int) -> Response:
        """Invite a person (by e-mail) or an organisation to an invited-only challenge."""
        challenge = access.challenge_for_manage(request.user, pk)
        serializer = InviteeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        email = serializer.validated_data.get("email")
        invitee = participation.invitee_add(
            actor=acting_user(request),
            challenge=challenge,
            user=user_by_email(email) if email else None,
            organisation=serializer.validated_data.get("organisation"),
        )
        return Response(InviteeSerializer(invitee).data, status=status.HTTP_201_CREATED)


class ChallengeInviteeView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int, invitee_pk: int) -> Response:
        challenge = access.challenge_for_manage(request.user, pk)
        get_object_or_404(challenge.invitees, pk=invitee_pk).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class CoauthorSerializer(StrictModelSerializer):
    email = serializers.EmailField(write_only=True)
    name = serializers.CharField(source="user.display_name", read_only=True)

    class Meta:
        model = ChallengeCoauthor
        fields = ["id", "email", "name", "created_at"]
        read_only_fields = ["id", "name", "created_at"]


class ChallengeCoauthorsView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=CoauthorSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        challenge = access.challenge_for_view(request.user, pk)
        if not access.is_challenge_insider(request.user, challenge):
            raise PermissionDenied
        return Response(
            CoauthorSerializer(challenge.coauthors.select_related("user"), many=True).data
        )

    @extend_schema(request=CoauthorSerializer, responses={201: CoauthorSerializer})
    def post(self, request: Request, pk: int) -> Response:
        """Add a colleague (e.g. a shop-floor worker) as co-author of the brief."""
        challenge = access.challenge_for_manage(request.user, pk)
        serializer = CoauthorSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = user_by_email(serializer.validated_data["email"])
        coauthor = participation.coauthor_add(
            actor=acting_user(request), challenge=challenge, user=user
        )
        return Response(CoauthorSerializer(coauthor).data, status=status.HTTP_201_CREATED)


class EndorsementSerializer(StrictModelSerializer):
    name = serializers.SerializerMethodField()

    class Meta:
        model = ChallengeEndorsement
        fields = ["id", "anonymous", "comment", "name", "created_at"]
        read_only_fields = ["id", "name", "created_at"]

    def get_name(self, obj: ChallengeEndorsement) -> str | None:
        viewer = self.context["request"].user
        if obj.anonymous and obj.user_id != getattr(viewer, "pk", None):
            return None
        return obj.user.display_name


class ChallengeEndorsementsView(APIView):
    @extend_schema(responses=EndorsementSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        """Endorsements by the organisation's workers (anonymous ones without a name)."""
        challenge = access.challenge_for_view(request.user, pk)
        rows = challenge.endorsements.select_related("user")
        return Response(EndorsementSerializer(rows, many=True, context={"request": request}).data)

    @extend_schema(request=EndorsementSerializer, responses={201: EndorsementSerializer})
    def post(self, request: Request, pk: int) -> Response:
        if not request.user.is_authenticated:
            raise PermissionDenied
        challenge = access.challenge_for_view(request.user, pk)
        serializer = EndorsementSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        endorsement = participation.endorsement_add(
            user=acting_user(request), challenge=challenge, **serializer.validated_data
        )
        return Response(
            EndorsementSerializer(endorsement, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class CoachingSerializer(StrictSerializer):
    intermediary = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    message = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class ChallengeCoachingView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=CoachingSerializer, responses={201: dict})
    def post(self, request: Request, pk: int) -> Response:
        """Ask an intermediary to coach the brief; its members may read the draft."""
        challenge = access.challenge_for_manage(request.user, pk)
        serializer = CoachingSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        coaching = participation.coaching_request(
            actor=acting_user(request), challenge=challenge, **serializer.validated_data
        )
        return Response(coaching_data(coaching), status=status.HTTP_201_CREATED)


def coaching_data(coaching: Any) -> dict[str, Any]:
    return {
        "id": coaching.pk,
        "intermediary": coaching.intermediary_id,
        "created_at": coaching.created_at,
        "closed_at": coaching.closed_at,
        "answer": coaching.answer,
    }


class CoachingCloseSerializer(StrictSerializer):
    answer = serializers.CharField(
        max_length=participation.MAX_ANSWER_CHARS, required=False, allow_blank=True, default=""
    )


class CoachingCloseView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=CoachingCloseSerializer, responses=dict)
    def post(self, request: Request, pk: int) -> Response:
        """Close a coaching request: the coach hands back advice, or the firm withdraws it."""
        coaching, as_coach = access.coaching_for_close(request.user, pk)
        serializer = CoachingCloseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        coaching = participation.coaching_close(
            actor=acting_user(request),
            coaching=coaching,
            as_coach=as_coach,
            **serializer.validated_data,
        )
        return Response(coaching_data(coaching))


class ChallengeGoodPracticesView(APIView):
    @extend_schema(responses=dict)
    def get(self, request: Request, pk: int) -> Response:
        """“Firms like you solved this with…”: cases of the same sector or technologies."""
        from marketplace.api.guidance import GoodPracticeSerializer
        from marketplace.services.briefs import good_practices_for

        challenge = access.challenge_for_view(request.user, pk)
        cases = good_practices_for(challenge)
        return Response({"results": GoodPracticeSerializer(cases, many=True).data})
