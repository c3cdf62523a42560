"""API: team-formation runs under /api/v1/team-runs/ — runs, their challenges, students
(survey responses), teams and the actions on them, peer evaluations — plus the stateless
``form/`` endpoint taking DESIGN.md's form_teams JSON.

Access goes through marketplace.teams.access: outsiders get 404, students 403 on educator
actions. Services raise Django ValidationError, which the API turns into a 400.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import generics, permissions, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.rest.acting import acting_user

from .. import access, publishing, services
from ..models import PeerEvaluation, RunChallenge, RunStudent, Team, TeamMember, TeamRun
from ..reasons_i18n import Labels
from ..solving import team_warnings
from . import serializers as s

AUTH = [permissions.IsAuthenticated]


def _educator_annotation(user: Any) -> Any:
    co = TeamRun.co_educators.through.objects.filter(teamrun_id=OuterRef("pk"), user_id=user.pk)
    return Q(created_by=user) | Exists(co)


class RunList(generics.ListCreateAPIView):
    """Runs I educate or take part in; educators of a university create new ones."""

    serializer_class = s.TeamRunSerializer
    permission_classes = AUTH

    def get_queryset(self) -> QuerySet[TeamRun]:
        if getattr(self, "swagger_fake_view", False):
            return TeamRun.objects.none()
        user = self.request.user
        return (
            access.runs_visible_to(user)
            .annotate(viewer_is_educator=_educator_annotation(user))
            .prefetch_related("partner_organisations")
            .order_by("-created_at", "-id")
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not access.can_create_run(request.user):
            raise PermissionDenied
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        data = dict(serializer.validated_data)
        serializer.instance = services.run_create(actor=acting_user(self.request), **data)


class RunDetail(generics.RetrieveUpdateAPIView):
    serializer_class = s.TeamRunSerializer
    permission_classes = AUTH

    def get_object(self) -> TeamRun:
        if self.request.method in permissions.SAFE_METHODS:
            return access.run_for_view(self.request.user, self.kwargs["pk"])
        return access.run_for_educator(self.request.user, self.kwargs["pk"])

    def perform_update(self, serializer: serializers.BaseSerializer) -> None:
        data = dict(serializer.validated_data)
        data.pop("organisation", None)
        services.run_update(run=serializer.instance, **data)  # type: ignore[arg-type]


class RunForm(APIView):
    """Form teams from DESIGN.md's JSON input, without storing anything."""

    permission_classes = AUTH

    @extend_schema(
        request=OpenApiTypes.OBJECT,
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, description="form_teams output"),
            400: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description='{"error": code, "message": text, "params": {"constraint", '
                '"students", "challenges"}}',
            ),
        },
        summary="Form teams from a form_teams request (DESIGN.md format)",
    )
    def post(self, request: Request) -> Response:
        from marketplace.teams import ProblemError, form_teams

        try:
            result = form_teams(request.data)
        except ProblemError as exc:
            return Response(exc.as_dict(), status=status.HTTP_400_BAD_REQUEST)
        return Response(result)


class RunJoin(APIView):
    """Join a run with its invitation token; the survey is prefilled from my profile."""

    permission_classes = AUTH

    @extend_schema(
        request=s.JoinSerializer,
        responses={
            200: s.ResponseSerializer,
            404: OpenApiResponse(
                description="No run has this invitation token (a mistyped or cut-off link)."
            ),
        },
    )
    def post(self, request: Request) -> Response:
        data = s.JoinSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        run = access.run_by_token(request.user, data.validated_data["token"])
        entry = services.run_join(user=acting_user(request), run=run)
        context = {"request": request, "educator": False}
        return Response(s.ResponseSerializer(entry, context=context).data)


class RunEducators(APIView):
    permission_classes = AUTH

    @extend_schema(request=s.EducatorSerializer, responses={201: OpenApiTypes.OBJECT})
    def post(self, request: Request, pk: int) -> Response:
        run = access.run_for_educator(request.user, pk)
        data = s.EducatorSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = services.coeducator_add(run=run, email=data.validated_data["email"])
        return Response({"id": user.pk, "name": user.display_name}, status=201)


class RunInvitations(APIView):
    permission_classes = AUTH
    rate_limited = {"post": "invitation"}  # marketplace/ratelimits.py

    @extend_schema(request=s.InvitationsSerializer, responses={201: OpenApiTypes.OBJECT})
    def post(self, request: Request, pk: int) -> Response:
        run = access.run_for_educator(request.user, pk)
        data = s.InvitationsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        created = services.invitations_send(
            actor=acting_user(request),
            run=run,
            emails=data.validated_data["emails"],
        )
        return Response({"invited": [i.email for i in created]}, status=201)


# --------------------------------------------------------------------------- challenges


class RunChallengeList(generics.ListCreateAPIView):
    serializer_class = s.RunChallengeSerializer
    permission_classes = AUTH

    def run(self) -> TeamRun:
        if self.request.method in permissions.SAFE_METHODS:
            return access.run_for_view(self.request.user, self.kwargs["pk"])
        return access.run_for_educator(self.request.user, self.kwargs["pk"])

    def get_queryset(self) -> QuerySet[RunChallenge]:
        if getattr(self, "swagger_fake_view", False):
            return RunChallenge.objects.none()
        return RunChallenge.objects.filter(run=self.run()).prefetch_related(
            "required_skills", "required_disciplines"
        )

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        serializer.instance = services.challenge_save(run=self.run(), **serializer.validated_data)


class RunChallengeDetail(generics.RetrieveUpdateDestroyAPIView):
    serializer_class = s.RunChallengeSerializer
    permission_classes = AUTH

    def get_object(self) -> RunChallenge:
        if self.request.method in permissions.SAFE_METHODS:
            run = access.run_for_view(self.request.user, self.kwargs["pk"])
        else:
            run = access.run_for_educator(self.request.user, self.kwargs["pk"])
        return get_object_or_404(RunChallenge, run=run, pk=self.kwargs["challenge_pk"])

    def perform_update(self, serializer: serializers.BaseSerializer) -> None:
        instance: RunChallenge = serializer.instance  # type: ignore[assignment]
        data = {
            "title": instance.title,
            "teams": instance.teams,
            "challenge": instance.challenge,
            "required_skills": list(instance.required_skills.all()),
            "required_disciplines": list(instance.required_disciplines.all()),
            **serializer.validated_data,
        }
        services.challenge_save(run=instance.run, instance=instance, **data)

    def perform_destroy(self, instance: RunChallenge) -> None:
        services.challenge_remove(run=instance.run, instance=instance)


# --------------------------------------------------------------------------- students


class RunStudentList(generics.ListAPIView):
    """Survey responses: every response for educators, only my own for a student."""

    serializer_class = s.ResponseSerializer
    permission_classes = AUTH

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "educator": getattr(self, "_educator", False)}

    def get_queryset(self) -> QuerySet[RunStudent]:
        if getattr(self, "swagger_fake_view", False):
            return RunStudent.objects.none()
        run = access.run_for_view(self.request.user, self.kwargs["pk"])
        self._educator = run.is_educator(self.request.user)
        return (
            access.responses_visible_to(self.request.user, run)
            .select_related("user", "membership")
            .prefetch_related("skills", Prefetch("avoid", queryset=RunStudent.objects.only("id")))
        )


class MySurvey(APIView):
    """My own answers in a run: read them, or answer / change them (PUT)."""

    permission_classes = AUTH

    def _context(self, request: Request) -> dict[str, Any]:
        return {"request": request, "educator": False}

    @extend_schema(responses={200: s.ResponseSerializer})
    def get(self, request: Request, pk: int) -> Response:
        _run, entry = access.run_for_student(request.user, pk)
        return Response(s.ResponseSerializer(entry, context=self._context(request)).data)

    @extend_schema(request=s.SurveySerializer, responses={200: s.ResponseSerializer})
    def put(self, request: Request, pk: int) -> Response:
        _run, entry = access.run_for_student(request.user, pk)
        data = s.SurveySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.survey_submit(entry=entry, **data.validated_data)
        entry.refresh_from_db()
        return Response(s.ResponseSerializer(entry, context=self._context(request)).data)


# --------------------------------------------------------------------------- teams


def _teams_response(request: Request, run: TeamRun, educator: bool) -> dict[str, Any]:
    teams = (
        access.teams_visible_to(request.user, run)
        .select_related("run_challenge")
        .prefetch_related(
            Prefetch("members", queryset=TeamMember.objects.select_related("student__user"))
        )
    )
    context = {
        "request": request,
        "educator": educator,
        "labels": Labels.for_run(run),
        "warnings": team_warnings(run) if educator else {},
    }
    return {"results": s.TeamSerializer(teams, many=True, context=context).data}


class RunTeamList(APIView):
    """Teams with score, breakdown, explanation (in my language) and, for educators, the
    rules a hand-edited team breaks. Students see their own team once published."""

    permission_classes = AUTH

    @extend_schema(
        responses={200: inline_serializer("TeamList", {"results": s.TeamSerializer(many=True)})}
    )
    def get(self, request: Request, pk: int) -> Response:
        run = access.run_for_view(request.user, pk)
        return Response(_teams_response(request, run, run.is_educator(request.user)))


class RunSolve(APIView):
    permission_classes = AUTH

    @extend_schema(request=s.SolveSerializer, responses={202: s.TeamRunSerializer})
    def post(self, request: Request, pk: int) -> Response:
        run = access.run_for_educator(request.user, pk)
        data = s.SolveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        run = services.run_solve(run=run, time_limit=data.validated_data.get("time_limit"))
        run.refresh_from_db()
        return Response(s.TeamRunSerializer(run, context={"request": request}).data, status=202)


def _student(run: TeamRun, pk: Any, field: str) -> RunStudent:
    entry = RunStudent.objects.filter(run=run, pk=pk).first()
    if entry is None:
        raise serializers.ValidationError({field: [_("Unknown student.")]})
    return entry


class RunLock(APIView):
    permission_classes = AUTH

    @extend_schema(request=s.StudentRefSerializer, responses={200: OpenApiTypes.OBJECT})
    def post(self, request: Request, pk: int) -> Response:
        run = access.run_for_educator(request.user, pk)
        data = s.StudentRefSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry = _student(run, data.validated_data["student"], "student")
        member = services.member_lock(run=run, student=entry, locked=data.validated_data["locked"])
        return Response({"student": entry.pk, "team": member.team_id, "locked": member.locked})


class RunSwap(APIView):
    permission_classes = AUTH

    @extend_schema(request=s.SwapSerializer, responses={200: s.TeamSerializer(many=True)})
    def post(self, request: Request, pk: int) -> Response:
        run = access.run_for_educator(request.user, pk)
        data = s.SwapSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        a = _student(run, data.validated_data["a"], "a")
        b = _student(run, data.validated_data["b"], "b")
        services.students_swap(run=run, a=a, b=b)
        return Response(_teams_response(request, run, True))


class RunMove(APIView):
    permission_classes = AUTH

    @extend_schema(request=s.MoveSerializer, responses={200: s.TeamSerializer(many=True)})
    def post(self, request: Request, pk: int) -> Response:
        run = access.run_for_educator(request.user, pk)
        data = s.MoveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry = _student(run, data.validated_data["student"], "student")
        team = Team.objects.filter(run=run, pk=data.validated_data["team"]).first()
        if team is None:
            raise serializers.ValidationError({"team": [_("Unknown team.")]})
        services.student_move(run=run, student=entry, team=team)
        return Response(_teams_response(request, run, True))


class RunPublish(APIView):
    permission_classes = AUTH

    @extend_schema(request=s.PublishSerializer, responses={200: s.TeamRunSerializer})
    def post(self, request: Request, pk: int) -> Response:
        run = access.run_for_educator(request.user, pk)
        data = s.PublishSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        publishing.run_publish(actor=acting_user(request), run=run, **data.validated_data)
        run.refresh_from_db()
        return Response(s.TeamRunSerializer(run, context={"request": request}).data)


# --------------------------------------------------------------------------- peer evaluation


class PeerEvaluationList(generics.ListCreateAPIView):
    """Educators read every evaluation (comments and flags included); a student reads the
    ones they gave and rates each teammate once while the window is open."""

    serializer_class = s.PeerEvaluationSerializer
    permission_classes = AUTH

    def get_serializer_context(self) -> dict[str, Any]:
        if getattr(self, "swagger_fake_view", False):
            return dict(super().get_serializer_context())
        run, _role, _entry = access.run_role(self.request.user, self.kwargs["pk"])
        return {**super().get_serializer_context(), "run": run}

    def get_queryset(self) -> QuerySet[PeerEvaluation]:
        if getattr(self, "swagger_fake_view", False):
            return PeerEvaluation.objects.none()
        run, role, entry = access.run_role(self.request.user, self.kwargs["pk"])
        qs = PeerEvaluation.objects.filter(team__run=run).select_related(
            "rater__user", "ratee__user"
        )
        return qs if role == "educator" else qs.filter(rater=entry)

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        _run, entry = access.run_for_student(self.request.user, self.kwargs["pk"])
        serializer.instance = publishing.peer_evaluation_submit(
            rater=entry, **serializer.validated_data
        )


class PeerEvaluationSummary(APIView):
    """Per student: mean ratings, adjustment factor, conflict and free-riding flags and the
    confidential comments (educators only)."""

    permission_classes = AUTH

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request, pk: int) -> Response:
        run = access.run_for_educator(request.user, pk)
        return Response({"results": publishing.evaluation_summary(run)})
