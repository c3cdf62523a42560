"""API: judging — judges and panels (owners), bulk assignment, the ranking, and the judge's own
invitations and assignments with scores, private notes and conflict declarations."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace import access
from marketplace.api.challenge_actions import CriterionSerializer, user_by_email
from marketplace.models import Assignment, Judge, Panel, Proposal
from marketplace.numbers import whole_number
from marketplace.rest.acting import acting_user
from marketplace.rest.strict import StrictModelSerializer, StrictSerializer
from marketplace.services import judging


class PanelSerializer(StrictModelSerializer):
    class Meta:
        model = Panel
        fields = ["id", "name"]
        read_only_fields = ["id"]


class JudgeSerializer(StrictModelSerializer):
    email = serializers.EmailField(source="user.email")
    name = serializers.CharField(source="user.display_name", read_only=True)
    panel = serializers.PrimaryKeyRelatedField(
        queryset=Panel.objects.all(), required=False, allow_null=True
    )
    state = serializers.SerializerMethodField()

    class Meta:
        model = Judge
        fields = [
            "id",
            "email",
            "name",
            "panel",
            "state",
            "invited_at",
            "accepted_at",
            "declined_at",
            "conflict_statement",
        ]
        read_only_fields = ["id", "invited_at", "accepted_at", "declined_at", "conflict_statement"]

    def get_state(self, obj: Judge) -> str:
        if obj.declined_at:
            return "declined"
        return "accepted" if obj.accepted_at else "invited"


class ChallengeJudgesView(APIView):
    rate_limited = {"post": "invitation"}  # marketplace/ratelimits.py
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=JudgeSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        challenge = access.challenge_for_manage(request.user, pk)
        return Response(JudgeSerializer(challenge.judges.select_related("user"), many=True).data)

    @extend_schema(request=JudgeSerializer, responses={201: JudgeSerializer})
    def post(self, request: Request, pk: int) -> Response:
        """Invite a judge by e-mail address (an existing account), optionally into a panel."""
        challenge = access.challenge_for_manage(request.user, pk)
        serializer = JudgeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = user_by_email(serializer.validated_data["user"]["email"])
        judge = judging.judge_invite(
            actor=acting_user(request),
            challenge=challenge,
            user=user,
            panel=serializer.validated_data.get("panel"),
        )
        return Response(JudgeSerializer(judge).data, status=status.HTTP_201_CREATED)


class ChallengePanelsView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=PanelSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        challenge = access.challenge_for_manage(request.user, pk)
        return Response(PanelSerializer(challenge.panels.all(), many=True).data)

    @extend_schema(request=PanelSerializer, responses={201: PanelSerializer})
    def post(self, request: Request, pk: int) -> Response:
        challenge = access.challenge_for_manage(request.user, pk)
        serializer = PanelSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        panel = judging.panel_create(challenge=challenge, name=serializer.validated_data["name"])
        return Response(PanelSerializer(panel).data, status=status.HTTP_201_CREATED)


class BulkAssignSerializer(StrictSerializer):
    per_proposal = serializers.IntegerField(min_value=1, max_value=20)
    panel = serializers.PrimaryKeyRelatedField(
        queryset=Panel.objects.all(), required=False, allow_null=True
    )
    proposals = serializers.PrimaryKeyRelatedField(
        queryset=Proposal.objects.all(), many=True, required=False
    )


ASSIGNMENT_ROW = inline_serializer(
    "AssignmentRow",
    {
        "id": serializers.IntegerField(),
        "judge": serializers.IntegerField(),
        "judge_name": serializers.CharField(),
        "proposal": serializers.IntegerField(),
        "evaluated_at": serializers.DateTimeField(allow_null=True),
    },
    many=True,
)
RANKING_ROW = inline_serializer(
    "RankingRow",
    {
        "proposal": serializers.IntegerField(),
        "title": serializers.CharField(),
        "submitter": serializers.CharField(),
        "criteria": serializers.DictField(child=serializers.FloatField(allow_null=True)),
        "total": serializers.FloatField(allow_null=True),
        "evaluations": serializers.IntegerField(),
        "has_feedback": serializers.BooleanField(),
    },
    many=True,
)


class ChallengeAssignmentsView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=ASSIGNMENT_ROW)
    def get(self, request: Request, pk: int) -> Response:
        """Who judges which proposal, and whether they are done (owners)."""
        challenge = access.challenge_for_manage(request.user, pk)
        rows = Assignment.objects.filter(proposal__challenge=challenge).select_related(
            "judge__user"
        )
        return Response(
            [
                {
                    "id": a.pk,
                    "judge": a.judge_id,
                    "judge_name": a.judge.user.display_name,
                    "proposal": a.proposal_id,
                    "evaluated_at": a.evaluated_at,
                }
                for a in rows
            ]
        )

    @extend_schema(
        request=BulkAssignSerializer,
        responses={
            201: inline_serializer("AssignedCount", {"created": serializers.IntegerField()})
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        """Assign every submitted proposal (or the listed ones) to `per_proposal` judges."""
        challenge = access.challenge_for_manage(request.user, pk)
        serializer = BulkAssignSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        created = judging.assignments_bulk(
            challenge=challenge,
            per_proposal=data["per_proposal"],
            panel=data.get("panel"),
            proposals=data.get("proposals"),
        )
        return Response({"created": created}, status=status.HTTP_201_CREATED)


class ChallengeRankingView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=RANKING_ROW)
    def get(self, request: Request, pk: int) -> Response:
        """Aggregated ranking: judges' mean per criterion, weighted total on 0–100 (owners)."""
        challenge = access.challenge_for_manage(request.user, pk)
        return Response(
            [
                {
                    "proposal": r.proposal.pk,
                    "title": r.proposal.title,
                    "submitter": r.proposal.submitter_name,
                    "criteria": r.criteria,
                    "total": r.total,
                    "evaluations": r.evaluations,
                    "has_feedback": r.has_feedback,
                }
                for r in judging.ranking(challenge=challenge)
            ]
        )


# --- the judge's own side --------------------------------------------------------------------


class RespondSerializer(StrictSerializer):
    accept = serializers.BooleanField()
    conflict_statement = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default=""
    )


class JudgeInvitationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Your judge invitations."""

    permission_classes = [permissions.IsAuthenticated]
    filter_backends: list[Any] = []

    serializer_class = JudgeSerializer

    def get_queryset(self) -> QuerySet[Judge]:
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Judge.objects.none()
        return Judge.objects.filter(user=acting_user(self.request)).select_related(
            "challenge", "user"
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        rows = [
            {
                "id": j.pk,
                "challenge": j.challenge_id,
                "challenge_title": j.challenge.title,
                "state": JudgeSerializer().get_state(j),
                "invited_at": j.invited_at,
            }
            for j in page or []
        ]
        return self.get_paginated_response(rows)

    @extend_schema(request=RespondSerializer, responses=JudgeSerializer)
    @action(detail=True, methods=["post"])
    def respond(self, request: Request, pk: str) -> Response:
        """Accept (declaring any conflicts of interest) or decline."""
        judge = access.judge_invitation_for(request.user, pk)
        serializer = RespondSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        judge = judging.judge_respond(judge=judge, **serializer.validated_data)
        return Response(JudgeSerializer(judge).data)


class ScoreInputSerializer(StrictSerializer):
    criterion = serializers.CharField(max_length=40)
    value = serializers.IntegerField()
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class EvaluationSerializer(StrictSerializer):
    scores = ScoreInputSerializer(many=True, required=False, default=list)
    private_note = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    final = serializers.BooleanField(required=False, default=False)


class ConflictSerializer(StrictSerializer):
    reason = serializers.CharField(max_length=500)


def _assignment_data(assignment: Assignment, detail: bool) -> dict[str, Any]:
    proposal = assignment.proposal
    data: dict[str, Any] = {
        "id": assignment.pk,
        "challenge": proposal.challenge_id,
        "challenge_title": proposal.challenge.title,
        "proposal": proposal.pk,
        "proposal_title": proposal.title,
        "state": "evaluated" if assignment.evaluated_at else "pending",
        "evaluated_at": assignment.evaluated_at,
    }
    if detail:
        data.update(
            {
                "summary": proposal.summary,
                "approach": proposal.approach,
                "answers": proposal.answers,
                "price_eur": proposal.price_eur,
                "rubric": CriterionSerializer(proposal.challenge.criteria.all(), many=True).data,
                "scores": [
                    {"criterion": s.criterion.key, "value": s.value, "comment": s.comment}
                    for s in assignment.scores.select_related("criterion")
                ],
                "private_note": assignment.private_note,
            }
        )
    return data


class AssignmentViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Your assignments as a judge; `state=pending|evaluated`, `challenge=<id>` filter."""

    permission_classes = [permissions.IsAuthenticated]
    filter_backends: list[Any] = []

    serializer_class = EvaluationSerializer

    def get_queryset(self) -> QuerySet[Assignment]:
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Assignment.objects.none()
        queryset = (
            access.judge_assignments(acting_user(self.request))
            .filter(proposal__status="submitted")
            .select_related("proposal__challenge")
            .order_by("created_at", "id")
        )
        state = self.request.query_params.get("state")
        if state not in (None, "", "pending", "evaluated"):
            raise ValidationError({"state": ["Use pending or evaluated."]})
        if state:
            queryset = queryset.filter(evaluated_at__isnull=state == "pending")
        challenge = self.request.query_params.get("challenge")
        if challenge:
            challenge_id = whole_number(challenge)
            if challenge_id is None:
                raise ValidationError({"challenge": ["A challenge id."]})
            queryset = queryset.filter(proposal__challenge_id=challenge_id)
        return queryset

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response([_assignment_data(a, False) for a in page or []])

    @extend_schema(responses=dict)
    def retrieve(self, request: Request, pk: str) -> Response:
        """The proposal, the rubric, your scores and your private note."""
        return Response(_assignment_data(access.assignment_for_judge(request.user, pk), True))

    @extend_schema(request=EvaluationSerializer, responses=dict)
    def partial_update(self, request: Request, pk: str) -> Response:
        """Save scores (0…max per criterion) and your private note; `final` marks it done."""
        assignment = access.assignment_for_judge(request.user, pk)
        serializer = EvaluationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        assignment = judging.evaluation_save(
            assignment=assignment,
            scores=data["scores"],
            private_note=data.get("private_note"),
            final=data["final"],
        )
        return Response(_assignment_data(access.assignment_for_judge(request.user, pk), True))

    @extend_schema(request=ConflictSerializer, responses={201: dict})
    @action(detail=True, methods=["post"])
    def conflict(self, request: Request, pk: str) -> Response:
        """Declare a conflict of interest: you step away from this proposal."""
        assignment = access.assignment_for_judge(request.user, pk)
        serializer = ConflictSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        conflict = judging.conflict_declare(assignment=assignment, **serializer.validated_data)
        return Response(
            {"id": conflict.pk, "proposal": conflict.proposal_id}, status=status.HTTP_201_CREATED
        )
