"""API: suggestions from the matching engine, with reasons, and feedback on them."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace import access
from marketplace.matching import suggestions
from marketplace.matching.models import FeedbackReason, Verdict
from marketplace.matching.strength import (
    steps_for_challenge,
    steps_for_organisation,
    steps_for_person,
)
from marketplace.numbers import whole_number
from marketplace.rest.acting import acting_user
from marketplace.rest.strict import StrictSerializer


class ProjectLinkSerializer(serializers.Serializer):
    ref = serializers.CharField()
    title = serializers.CharField()
    url = serializers.CharField(help_text="The past project's page.")


class ReasonSerializer(serializers.Serializer):
    code = serializers.CharField()
    text = serializers.CharField(help_text="The fact, in the reader's language.")
    evidence = serializers.DictField(
        help_text="The same fact as data: projects (refs), via (organisation refs), nuts or "
        "country, tags, topics, technologies, words, count, year (DESIGN.md); for an earlier "
        "reaction (accepted_before): how (invited or marked_relevant), on (ISO 8601), by (the "
        "person's name) and by_you."
    )
    links = ProjectLinkSerializer(many=True, help_text="The evidence's projects, as pages.")
    contribution = serializers.FloatField()

    def to_representation(self, instance: dict) -> dict:
        # The fields above, written directly: an answer holds some fifty reasons, and the
        # generic field-by-field walk cost a partner request ~1 ms.
        return {
            "code": str(instance["code"]),
            "text": str(instance["text"]),
            "evidence": dict(instance["evidence"]),
            "links": [
                {"ref": str(link["ref"]), "title": str(link["title"]), "url": str(link["url"])}
                for link in instance["links"]
            ],
            "contribution": float(instance["contribution"]),
        }


class StrengthSerializer(serializers.Serializer):
    key = serializers.ChoiceField(choices=["strong", "good", "possible", "weak"])
    name = serializers.CharField(source="label", help_text="The strength in words.")
    chance = serializers.CharField(help_text="What the confidence means, as a frequency.")


class FittingCapabilitySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    trl_min = serializers.IntegerField()
    trl_max = serializers.IntegerField()
    url = serializers.CharField(source="get_absolute_url")


class SuggestionSerializer(serializers.Serializer):
    kind = serializers.CharField()
    candidate = serializers.CharField(source="ref", help_text="Send this back as feedback.")
    id = serializers.IntegerField(source="obj.pk")
    name = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    score = serializers.FloatField()
    confidence = serializers.FloatField(
        help_text="The fitted chance that a suggestion this strong becomes a partner (0–1)."
    )
    strength = StrengthSerializer()
    relation = serializers.CharField(
        help_text="Partners for an organisation: supplier, customer, knowledge_partner, "
        "technology_partner, past_partner or partner; empty elsewhere."
    )
    relation_label = serializers.CharField(help_text="The relation in the reader's language.")
    capability = FittingCapabilitySerializer(
        allow_null=True, help_text="Solvers: their capability that fits the challenge best."
    )
    reasons = ReasonSerializer(many=True)
    invited = serializers.BooleanField(
        help_text="Solvers for a challenge: the challenge already invited them."
    )
    accepted = serializers.BooleanField(
        help_text="Already marked relevant for this subject, by the asker or a colleague (an "
        "invitation counts): offer no second mark."
    )

    def get_name(self, item: suggestions.ProductSuggestion) -> str:
        if item.kind == "person":
            return str(item.obj.shown_name)
        if item.kind == "challenge":
            return str(item.obj.title)
        return str(item.obj.name)

    def get_url(self, item: suggestions.ProductSuggestion) -> str:
        if item.kind == "organisation":
            return reverse("organisation-detail", args=[item.obj.pk])
        if item.kind == "person":
            return reverse("person-detail", args=[item.obj.pk])
        return f"/api/v1/challenges/{item.obj.pk}/"


LIMIT = OpenApiParameter(
    "limit",
    {"type": "integer", "minimum": 1, "maximum": suggestions.MAX_LIMIT, "default": 10},
    description=f"How many suggestions (1–{suggestions.MAX_LIMIT}, default 10).",
)
RELATION = OpenApiParameter(
    "relation",
    str,
    enum=list(suggestions.RELATIONS),
    description="Only partners of this relation (suppliers, customers, …).",
)


def _limit(request: Request) -> int:
    raw = request.query_params.get("limit", "10")
    limit = whole_number(raw)
    if limit is None or not 1 <= limit <= suggestions.MAX_LIMIT:
        raise serializers.ValidationError(
            {
                "limit": [
                    _("Give a whole number from 1 to %(max)d.") % {"max": suggestions.MAX_LIMIT}
                ]
            }
        )
    return limit


def _relation(request: Request) -> str:
    raw = request.query_params.get("relation", "")
    if raw and raw not in suggestions.RELATIONS:
        raise serializers.ValidationError(
            {
                "relation": [
                    _("Choose one of: %(names)s.") % {"names": ", ".join(suggestions.RELATIONS)}
                ]
            }
        )
    return raw


class SuggestionAnswerSerializer(serializers.Serializer):
    subject = serializers.CharField(
        help_text="Send this back as feedback (empty while there is nothing to react to)."
    )
    results = SuggestionSerializer(many=True)
    held_back = serializers.IntegerField(
        help_text="Suggestions left out because they were too weak to be worth showing."
    )
    next_steps = serializers.ListField(
        child=serializers.CharField(),
        help_text=(
            "What would make the suggestions stronger, when few or none are shown or all shown "
            "are weak matches."
        ),
    )


def _answer(
    subject: str, items: suggestions.SuggestionList, steps: Callable[[], list[str]]
) -> Response:
    return Response(
        {
            "subject": subject,
            "results": SuggestionSerializer(items, many=True).data,
            "held_back": items.held_back,
            "next_steps": steps() if items.needs_more else [],
        }
    )


class OrganisationPartnersView(APIView):
    """Partners for an organisation (suppliers, customers, technology and knowledge partners),
    for its members."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(parameters=[LIMIT, RELATION], responses=SuggestionAnswerSerializer)
    def get(self, request: Request, pk: int) -> Response:
        organisation = access.organisation_for_members(request.user, pk)
        items = suggestions.partners_for_organisation(
            organisation=organisation,
            viewer=request.user,
            limit=_limit(request),
            relation=_relation(request),
        )
        return _answer(
            suggestions.subject_for_organisation(organisation),
            items,
            lambda: steps_for_organisation(organisation),
        )


class OrganisationChallengesView(APIView):
    """Open challenges this organisation could solve, for its members."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(parameters=[LIMIT], responses=SuggestionAnswerSerializer)
    def get(self, request: Request, pk: int) -> Response:
        organisation = access.organisation_for_members(request.user, pk)
        items = suggestions.challenges_for_organisation(
            organisation=organisation, viewer=request.user, limit=_limit(request)
        )
        subject = suggestions.subject_for_organisation(organisation) + ":challenges"
        return _answer(subject, items, lambda: steps_for_organisation(organisation))


class ChallengeSolversView(APIView):
    """Organisations and consenting people who could solve a challenge, for its managers."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(parameters=[LIMIT], responses=SuggestionAnswerSerializer)
    def get(self, request: Request, pk: int) -> Response:
        challenge = access.challenge_for_manage(request.user, pk)
        items = suggestions.solvers_for_challenge(
            challenge=challenge, viewer=request.user, limit=_limit(request)
        )
        return _answer(
            suggestions.subject_for_challenge(challenge),
            items,
            lambda: steps_for_challenge(challenge),
        )


class MyChallengesView(APIView):
    """Open challenges that fit the signed-in person."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(parameters=[LIMIT], responses=SuggestionAnswerSerializer)
    def get(self, request: Request) -> Response:
        person, subject, items = suggestions.challenges_for_user(
            user=acting_user(request), viewer=request.user, limit=_limit(request)
        )
        return _answer(subject, items, lambda: steps_for_person(person))


class FeedbackSerializer(StrictSerializer):
    subject = serializers.CharField(max_length=120)
    candidate = serializers.CharField(max_length=120)
    verdict = serializers.ChoiceField(choices=Verdict.choices)
    reason = serializers.ChoiceField(choices=FeedbackReason.choices)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)


class FeedbackView(APIView):
    """Accept or dismiss a suggestion, with a reason. A dismissed candidate is not suggested
    for that subject again."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=FeedbackSerializer,
        responses={
            201: FeedbackSerializer,
            404: OpenApiResponse(
                description="The subject is not one the caller may react for (or does not exist)."
            ),
        },
    )
    def post(self, request: Request) -> Response:
        serializer = FeedbackSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        access.suggestion_subject_check(request.user, data["subject"])
        suggestions.feedback_record(
            user=acting_user(request),
            subject=data["subject"],
            candidate=data["candidate"],
            verdict=data["verdict"],
            reason=data["reason"],
            note=data.get("note", ""),
        )
        return Response(serializer.data, status=status.HTTP_201_CREATED)
