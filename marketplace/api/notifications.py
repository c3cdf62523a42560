"""API: your notifications and how you want to receive them."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from marketplace.models import Notification, NotificationPreference
from marketplace.models.notifications import NotificationKind
from marketplace.rest.acting import acting_user
from marketplace.rest.strict import StrictModelSerializer
from marketplace.services.notifications import notifications_mark_read, preference_for


class NotificationSerializer(serializers.ModelSerializer):
    # In the reader's language (the request's), rendered from the stored template.
    title = serializers.CharField(source="shown_title", read_only=True)
    body = serializers.CharField(source="shown_body", read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "challenge", "title", "body", "url", "created_at", "read_at"]
        read_only_fields = fields


class PreferenceSerializer(StrictModelSerializer):
    muted_kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=NotificationKind.choices),
        max_length=20,
        required=False,
    )

    class Meta:
        model = NotificationPreference
        fields = ["email", "muted_kinds"]


class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Your notifications, newest first; `unread=true` for the unread ones."""

    serializer_class = NotificationSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[Notification]:
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Notification.objects.none()
        queryset = Notification.objects.filter(user=acting_user(self.request))
        unread = self.request.query_params.get("unread")
        if unread not in (None, "", "true", "false"):
            raise ValidationError({"unread": [_("Use true or false.")]})
        if unread == "true":
            queryset = queryset.filter(read_at__isnull=True)
        return queryset

    @extend_schema(request=None, responses={200: dict})
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: str) -> Response:
        """Mark one of your notifications read (`marked` is 0 when it already was); another
        person's is a 404."""
        notification = get_object_or_404(Notification, pk=pk, user=acting_user(request))
        return Response(
            {"marked": notifications_mark_read(user=notification.user, ids=[notification.pk])}
        )

    @extend_schema(request=None, responses={200: dict})
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request: Request) -> Response:
        return Response({"marked": notifications_mark_read(user=acting_user(request))})

    @extend_schema(methods=["GET"], responses=PreferenceSerializer)
    @extend_schema(methods=["PATCH"], request=PreferenceSerializer, responses=PreferenceSerializer)
    @action(detail=False, methods=["get", "patch"])
    def preferences(self, request: Request) -> Response:
        """E-mail right away, daily digest or never; kinds you do not want at all."""
        preference = preference_for(acting_user(request))
        if request.method == "PATCH":
            serializer = PreferenceSerializer(preference, data=request.data, partial=True)
            serializer.is_valid(raise_exception=True)
            serializer.save()
        return Response(PreferenceSerializer(preference).data)
