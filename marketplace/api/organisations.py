"""API: organisations, their members and invitations."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.request import Request
from rest_framework.response import Response

from marketplace import access
from marketplace.api.fields import languages_field, nace_field, nuts_field
from marketplace.identifiers import normalise_enterprise_number, normalise_vat_number
from marketplace.models import Invitation, Membership, Organisation, User
from marketplace.models.organisations import Role
from marketplace.payments.ledger import organisation_deletion_error
from marketplace.rest.acting import acting_user
from marketplace.rest.filters import FilterSet
from marketplace.rest.strict import StrictModelSerializer, StrictSerializer
from marketplace.services import organisations as services
from marketplace.services.privacy import organisation_export


class OrganisationSerializer(StrictModelSerializer):
    nace = nace_field(many=True, required=False)
    nuts = nuts_field(required=False, allow_null=True)
    languages = languages_field(required=False)
    my_role = serializers.CharField(read_only=True, allow_null=True)
    # Longer than the stored form so that "BE 0417.497.106" is accepted and normalised.
    enterprise_number = serializers.CharField(max_length=20, required=False, allow_blank=True)

    class Meta:
        model = Organisation
        fields = [
            "id",
            "ref",
            "name",
            "kind",
            "enterprise_number",
            "vat_number",
            "country",
            "nuts",
            "nace",
            "staff_headcount",
            "annual_turnover_eur",
            "balance_sheet_eur",
            "size_class",
            "is_sme",
            "languages",
            "website",
            "description",
            "equipment",
            "my_role",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "ref", "size_class", "is_sme", "created_at", "updated_at"]

    def validate_enterprise_number(self, value: str) -> str:
        return normalise_enterprise_number(value) if value else value

    def validate_vat_number(self, value: str) -> str:
        return normalise_vat_number(value) if value else value

    def validate_country(self, value: str) -> str:
        value = value.upper()
        if value and (len(value) != 2 or not value.isalpha()):
            raise serializers.ValidationError(_("Use a two-letter country code such as BE."))
        return value


class OrganisationFilter(FilterSet):
    nace = django_filters.CharFilter(method="filter_nace", label="NACE-BEL code (prefix)")
    nuts = django_filters.CharFilter(field_name="nuts__code", lookup_expr="startswith")

    class Meta:
        model = Organisation
        fields = ["kind", "country", "size_class"]

    def filter_nace(self, queryset: QuerySet[Organisation], name: str, value: str) -> QuerySet:
        return queryset.filter(nace__code__startswith=value).distinct()


class OrganisationViewSet(viewsets.ModelViewSet):
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilter
    search_fields = ["name", "description"]
    ordering_fields = ["name", "created_at"]

    def get_queryset(self) -> QuerySet[Organisation]:
        user = self.request.user
        qs = access.organisations_visible_to(user).select_related("nuts").prefetch_related("nace")
        role = Membership.objects.none().values("role")
        if user.is_authenticated:
            role = Membership.objects.filter(organisation=OuterRef("pk"), user=user).values("role")[
                :1
            ]
        return qs.annotate(my_role=Subquery(role))

    def get_object(self) -> Organisation:
        if self.action in {"update", "partial_update"}:
            access.organisation_for_change(self.request.user, self.kwargs["pk"])
        elif self.action == "destroy":
            access.organisation_for_owner(self.request.user, self.kwargs["pk"])
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        data = dict(serializer.validated_data)
        name = data.pop("name")
        serializer.instance = services.organisation_create(
            user=acting_user(self.request), name=name, **data
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        assert serializer.instance is not None
        instance = self.get_queryset().get(pk=serializer.instance.pk)
        return Response(self.get_serializer(instance).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance: Organisation) -> None:
        blocked = organisation_deletion_error(instance)
        if blocked:
            raise serializers.ValidationError({"detail": [blocked]})
        instance.delete()

    @extend_schema(responses={200: dict})
    @action(detail=True, methods=["get"], permission_classes=[permissions.IsAuthenticated])
    def export(self, request: Request, pk: str) -> Response:
        """The organisation's data for its owners (GDPR)."""
        organisation = access.organisation_for_owner(request.user, pk)
        return Response(organisation_export(organisation=organisation))

    @extend_schema(request=None, responses={204: None})
    @action(
        detail=True,
        methods=["post"],
        url_path="transfer-ownership",
        permission_classes=[permissions.IsAuthenticated],
    )
    def transfer_ownership(self, request: Request, pk: str) -> Response:
        """Make another member an owner; you become an administrator."""
        organisation = access.organisation_for_owner(request.user, pk)
        serializer = OwnershipTransferSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        target = User.objects.filter(pk=serializer.validated_data["user"]).first()
        if target is None:
            raise serializers.ValidationError(
                {"user": [_("Ownership can only go to a member of the organisation.")]}
            )
        services.ownership_transfer(
            actor=acting_user(request), organisation=organisation, to_user=target
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class OwnershipTransferSerializer(StrictSerializer):
    user = serializers.IntegerField(help_text="Id of the member who becomes owner.")


class MembershipSerializer(StrictModelSerializer):
    user = serializers.IntegerField(source="user.id", read_only=True)
    name = serializers.CharField(source="user.display_name", read_only=True)
    email = serializers.EmailField(source="user.email", read_only=True)
    role = serializers.ChoiceField(choices=Role.choices)

    class Meta:
        model = Membership
        fields = ["id", "user", "name", "email", "role", "created_at"]
        read_only_fields = ["id", "created_at"]


class MembershipViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Members of an organisation: visible to its members; managed by owners and admins."""

    serializer_class = MembershipSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends: list[Any] = []

    def organisation(self) -> Organisation:
        if self.action in {"list", "retrieve"}:
            return access.organisation_for_members(
                self.request.user, self.kwargs["organisation_pk"]
            )
        if self.action == "destroy" and self._is_self():
            return access.organisation_for_members(
                self.request.user, self.kwargs["organisation_pk"]
            )
        return access.organisation_for_change(self.request.user, self.kwargs["organisation_pk"])

    def _is_self(self) -> bool:
        return Membership.objects.filter(
            pk=self.kwargs["pk"],
            user_id=acting_user(self.request).pk,
            organisation_id=self.kwargs["organisation_pk"],
        ).exists()

    def get_queryset(self) -> QuerySet[Membership]:
        return self.organisation().memberships.select_related("user").order_by("id")

    def perform_update(self, serializer: serializers.BaseSerializer) -> None:
        membership = serializer.instance
        assert isinstance(membership, Membership)
        serializer.instance = services.membership_change_role(
            actor=acting_user(self.request),
            membership=membership,
            role=serializer.validated_data.get("role", membership.role),
        )

    def perform_destroy(self, instance: Membership) -> None:
        services.membership_remove(actor=acting_user(self.request), membership=instance)


class InvitationSerializer(StrictModelSerializer):
    role = serializers.ChoiceField(choices=Role.choices, default=Role.MEMBER)
    is_open = serializers.BooleanField(read_only=True)

    class Meta:
        model = Invitation
        fields = [
            "id",
            "email",
            "role",
            "created_at",
            "expires_at",
            "accepted_at",
            "revoked_at",
            "is_open",
        ]
        read_only_fields = ["id", "created_at", "expires_at", "accepted_at", "revoked_at"]


class InvitationViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Invitations by e-mail, managed by owners and administrators. DELETE withdraws one."""

    rate_limited = {"create": "invitation"}  # marketplace/ratelimits.py

    serializer_class = InvitationSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends: list[Any] = []

    def organisation(self) -> Organisation:
        return access.organisation_for_change(self.request.user, self.kwargs["organisation_pk"])

    def get_queryset(self) -> QuerySet[Invitation]:
        return self.organisation().invitations.all()

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        serializer.instance = services.invitation_send(
            actor=acting_user(self.request),
            organisation=self.organisation(),
            email=serializer.validated_data["email"],
            role=serializer.validated_data["role"],
        )

    def perform_destroy(self, instance: Invitation) -> None:
        services.invitation_revoke(invitation=instance)


class InvitationAcceptSerializer(StrictSerializer):
    token = serializers.CharField(max_length=64)


class InvitationAcceptViewSet(viewsets.ViewSet):
    rate_limited = {"create": "invitation"}
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=InvitationAcceptSerializer, responses={201: MembershipSerializer})
    def create(self, request: Request) -> Response:
        """Accept an invitation sent to your e-mail address."""
        serializer = InvitationAcceptSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        membership = services.invitation_accept(
            user=acting_user(request), token=serializer.validated_data["token"]
        )
        return Response(MembershipSerializer(membership).data, status=status.HTTP_201_CREATED)
