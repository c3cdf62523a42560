"""API: proposals — drafts, versions, attachments, submission receipt, withdrawal, feedback.
Visible only to the submitter (and their team), the challenge owner and its assigned judges."""

from __future__ import annotations

from typing import Any

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from marketplace import access
from marketplace.filetypes import protected_download
from marketplace.models import Challenge, Feedback, Organisation, Proposal, ProposalAttachment, User
from marketplace.models.proposals import ProposalKind, ProposalStatus
from marketplace.rest.acting import acting_user
from marketplace.rest.filters import FilterBackend, FilterSet
from marketplace.rest.strict import StrictModelSerializer, StrictSerializer
from marketplace.services import judging
from marketplace.services import proposals as services


class ProposalFeedbackSerializer(serializers.ModelSerializer):
    class Meta:
        model = Feedback
        fields = ["scores", "total", "reason", "sent_at"]
        read_only_fields = fields


class ProposalSerializer(StrictModelSerializer):
    sometimes_absent = ("receipt_code",)  # the author's only
    challenge = serializers.PrimaryKeyRelatedField(queryset=Challenge.objects.all())
    challenge_title = serializers.CharField(source="challenge.title", read_only=True)
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True
    )
    team = serializers.ListField(
        child=serializers.EmailField(), max_length=12, required=False, write_only=True
    )
    team_members = serializers.SerializerMethodField()
    submitter_name = serializers.CharField(read_only=True)
    feedback = serializers.SerializerMethodField()
    attachments = serializers.SerializerMethodField()

    class Meta:
        model = Proposal
        fields = [
            "id",
            "challenge",
            "challenge_title",
            "kind",
            "organisation",
            "team",
            "team_members",
            "submitter_name",
            "title",
            "summary",
            "approach",
            "answers",
            "price_eur",
            "status",
            "version",
            "submitted_at",
            "withdrawn_at",
            "receipt_code",
            "feedback",
            "attachments",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "id",
            "status",
            "version",
            "submitted_at",
            "withdrawn_at",
            "receipt_code",
            "created_at",
            "updated_at",
        ]

    def validate_challenge(self, value: Challenge) -> Challenge:
        user = self.context["request"].user
        if self.instance is not None and value.pk != self.instance.challenge_id:
            raise serializers.ValidationError(_("A proposal cannot move to another challenge."))
        if not access.challenges_visible_to(user).filter(pk=value.pk).exists():
            raise serializers.ValidationError(_("Unknown challenge."))
        return value

    def validate_team(self, value: list[str]) -> list[User]:
        users = list(User.objects.filter(email__in=[e.lower() for e in value], is_active=True))
        missing = sorted({e.lower() for e in value} - {u.email for u in users})
        if missing:
            raise serializers.ValidationError(
                _("No Kruispunt account uses: %(emails)s.") % {"emails": ", ".join(missing)}
            )
        return users

    def get_team_members(self, obj: Proposal) -> list[str]:
        return [m.user.display_name for m in obj.team_members.all()]

    def get_feedback(self, obj: Proposal) -> dict[str, Any] | None:
        feedback = getattr(obj, "feedback", None)
        return ProposalFeedbackSerializer(feedback).data if feedback else None

    def get_attachments(self, obj: Proposal) -> list[dict[str, Any]]:
        return [
            {
                "id": a.pk,
                "name": a.name,
                "size": a.size,
                "content_type": a.content_type,
                "url": f"/api/v1/proposals/{obj.pk}/attachments/{a.pk}/",
            }
            for a in obj.attachments.all()
        ]

    def to_representation(self, instance: Proposal) -> dict[str, Any]:
        data = super().to_representation(instance)
        if not self.context.get("is_author", {}).get(instance.pk, False):
            data.pop("receipt_code", None)
        return data

    def create(self, validated_data: dict[str, Any]) -> Proposal:
        return services.proposal_create(user=acting_user(self.context["request"]), **validated_data)

    def update(self, instance: Proposal, validated_data: dict[str, Any]) -> Proposal:
        validated_data.pop("challenge", None)
        for fixed in ("kind", "organisation"):
            if fixed in validated_data and validated_data.pop(fixed) != getattr(instance, fixed):
                raise serializers.ValidationError({fixed: [_("This cannot be changed.")]})
        if validated_data.pop("team", None) is not None:
            raise serializers.ValidationError({"team": [_("This cannot be changed.")]})
        return services.proposal_update(
            user=acting_user(self.context["request"]), proposal=instance, **validated_data
        )


class ProposalFilter(FilterSet):
    status = django_filters.ChoiceFilter(choices=ProposalStatus.choices)
    kind = django_filters.ChoiceFilter(choices=ProposalKind.choices)

    class Meta:
        model = Proposal
        fields = ["challenge"]


class ProposalViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Your proposals, and those of challenges you own or judge."""

    rate_limited = {"create": "proposal", "submit": "proposal"}  # marketplace/ratelimits.py

    serializer_class = ProposalSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_class = ProposalFilter
    filter_backends: list[Any] = [FilterBackend]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[Proposal]:
        return (
            access.proposals_visible_to(self.request.user)
            .select_related("challenge", "organisation", "created_by", "feedback")
            .prefetch_related("team_members__user", "attachments")
            .order_by("-updated_at", "-id")
        )

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        authored = Proposal.objects.authored_by(self.request.user).values_list("pk", flat=True)
        context["is_author"] = {pk: True for pk in authored}
        return context

    def get_object(self) -> Proposal:
        pk = self.kwargs["pk"]
        if self.action in {"update", "partial_update", "submit", "withdraw"}:
            access.proposal_for_change(self.request.user, pk)
        return get_object_or_404(self.get_queryset(), pk=pk)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        proposal = serializer.save()
        fresh = self.get_serializer(self.get_queryset().get(pk=proposal.pk))
        return Response(fresh.data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        proposal = serializer.save()
        return Response(self.get_serializer(self.get_queryset().get(pk=proposal.pk)).data)

    @extend_schema(request=None, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        """Submit before the deadline; the response carries your receipt code."""
        services.proposal_submit(user=acting_user(request), proposal=self.get_object())
        return Response(self.get_serializer(self.get_queryset().get(pk=pk)).data)

    @extend_schema(request=None, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        """Withdraw before the deadline."""
        services.proposal_withdraw(user=acting_user(request), proposal=self.get_object())
        return Response(self.get_serializer(self.get_queryset().get(pk=pk)).data)

    @extend_schema(
        responses=inline_serializer(
            "ProposalVersion",
            {
                "number": serializers.IntegerField(),
                "content": serializers.DictField(),
                "created_at": serializers.DateTimeField(),
            },
            many=True,
        )
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def versions(self, request: Request, pk: str) -> Response:
        """Every submitted version, oldest first."""
        proposal = self.get_object()
        return Response(
            [
                {"number": v.number, "content": v.content, "created_at": v.created_at}
                for v in proposal.versions.all()
            ]
        )

    @extend_schema(methods=["GET"], responses=ProposalFeedbackSerializer)
    @extend_schema(methods=["POST"], request=None, responses={201: ProposalFeedbackSerializer})
    @action(detail=True, methods=["get", "post"])
    def feedback(self, request: Request, pk: str) -> Response:
        """GET: the feedback (submitter and owner). POST (owner): send scores and a reason,
        {"reason": "…", "scores": {"criterion-key": 7, …}} — scores default to the judges'."""
        proposal = self.get_object()
        challenge = proposal.challenge
        manages = access.can_manage_challenge(request.user, challenge)
        if request.method == "GET":
            if not (manages or access.is_proposal_author(request.user, proposal)):
                raise PermissionDenied
            feedback = Feedback.objects.filter(proposal=proposal).first()
            if feedback is None:
                return Response({"detail": _("No feedback yet.")}, status=404)
            return Response(ProposalFeedbackSerializer(feedback).data)
        if not manages:
            raise PermissionDenied
        serializer = FeedbackSendSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        feedback = judging.feedback_send(
            actor=acting_user(request), proposal=proposal, **serializer.validated_data
        )
        return Response(ProposalFeedbackSerializer(feedback).data, status=status.HTTP_201_CREATED)


class FeedbackSendSerializer(StrictSerializer):
    reason = serializers.CharField(max_length=5000)
    scores = serializers.DictField(
        child=serializers.IntegerField(), required=False, allow_null=True
    )


class AttachmentUploadSerializer(StrictSerializer):
    file = serializers.FileField()


class ProposalAttachmentViewSet(viewsets.ViewSet):
    """Files of a proposal: uploaded by its authors, downloaded by whoever may see it."""

    rate_limited = {"create": "upload"}

    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request=AttachmentUploadSerializer, responses={201: dict})
    def create(self, request: Request, proposal_pk: str) -> Response:
        proposal = access.proposal_for_change(request.user, proposal_pk)
        serializer = AttachmentUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        attachment = services.attachment_add(
            user=acting_user(request), proposal=proposal, upload=serializer.validated_data["file"]
        )
        return Response(
            {"id": attachment.pk, "name": attachment.name, "size": attachment.size},
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    def retrieve(self, request: Request, proposal_pk: str, pk: str) -> FileResponse:
        proposal = access.proposal_for_view(request.user, proposal_pk)
        attachment = get_object_or_404(ProposalAttachment, pk=pk, proposal=proposal)
        return protected_download(
            attachment.file.open("rb"), name=attachment.name, content_type=attachment.content_type
        )

    @extend_schema(responses={204: None})
    def destroy(self, request: Request, proposal_pk: str, pk: str) -> Response:
        proposal = access.proposal_for_change(request.user, proposal_pk)
        attachment = get_object_or_404(ProposalAttachment, pk=pk, proposal=proposal)
        services.attachment_delete(proposal=proposal, attachment=attachment)
        return Response(status=status.HTTP_204_NO_CONTENT)
