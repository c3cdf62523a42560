"""API: person profiles, with each field shown only as its owner chose; the caller's own
profile, export and erasure."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from marketplace import access
from marketplace.api.fields import languages_field, skill_field
from marketplace.models import IscedField, Organisation, PersonProfile
from marketplace.models.people import AVAILABILITY_SLOTS, VISIBLE_FIELDS, Visibility
from marketplace.rest.acting import acting_user
from marketplace.rest.filters import FilterSet
from marketplace.rest.strict import StrictModelSerializer
from marketplace.services.privacy import account_erase, person_export


class PersonSerializer(StrictModelSerializer):
    name = serializers.SerializerMethodField()
    first_name = serializers.CharField(
        source="user.first_name", max_length=150, required=False, allow_blank=True
    )
    last_name = serializers.CharField(
        source="user.last_name", max_length=150, required=False, allow_blank=True
    )
    discipline = serializers.SlugRelatedField(
        slug_field="code",
        queryset=IscedField.objects.all(),
        required=False,
        allow_null=True,
        error_messages={"does_not_exist": _("Unknown ISCED-F field {value}.")},
    )
    institution = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True
    )
    skills = skill_field(many=True, required=False)
    languages = languages_field(required=False)
    availability = serializers.ListField(
        child=serializers.ChoiceField(choices=AVAILABILITY_SLOTS), max_length=21, required=False
    )
    visibility = serializers.DictField(
        child=serializers.ChoiceField(choices=Visibility.choices), required=False
    )

    class Meta:
        model = PersonProfile
        fields = [
            "id",
            "name",
            "first_name",
            "last_name",
            "kind",
            "headline",
            "bio",
            "discipline",
            "institution",
            "programme",
            "skills",
            "languages",
            "availability",
            "career_stage",
            "visibility",
            "listed_publicly",
            "matching_consent",
        ]
        read_only_fields = ["id", "name"]

    PRIVATE_TO_OWNER = (
        "first_name",
        "last_name",
        "visibility",
        "listed_publicly",
        "matching_consent",
    )
    # Each person decides who sees which field; the schema does not promise any of them.
    sometimes_absent = (*VISIBLE_FIELDS, *PRIVATE_TO_OWNER)

    def get_name(self, instance: PersonProfile) -> str:
        # display_name falls back to the local part of the e-mail address: only for the person.
        viewer = self.context["request"].user
        if viewer.is_authenticated and viewer.pk == instance.user_id:
            return instance.user.display_name
        return instance.user.get_full_name()

    def validate_visibility(self, value: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(value) - set(VISIBLE_FIELDS))
        if unknown:
            raise serializers.ValidationError(
                _("These fields have no visibility setting: %(fields)s.")
                % {"fields": ", ".join(unknown)}
            )
        merged = dict(self.instance.visibility if self.instance else {})
        merged.update(value)
        return merged

    def to_representation(self, instance: PersonProfile) -> dict[str, Any]:
        data = super().to_representation(instance)
        viewer = self.context["request"].user
        is_self = viewer.is_authenticated and viewer.pk == instance.user_id
        for field in VISIBLE_FIELDS:
            if not instance.field_visible_to(field, viewer):
                data.pop(field, None)
        if not is_self:
            for field in self.PRIVATE_TO_OWNER:
                data.pop(field, None)
        return data

    def update(self, instance: PersonProfile, validated_data: dict[str, Any]) -> PersonProfile:
        user_data = validated_data.pop("user", {})
        for key, value in user_data.items():
            setattr(instance.user, key, value)
        if user_data:
            instance.user.save(update_fields=list(user_data))
        if (
            "matching_consent" in validated_data
            and validated_data["matching_consent"] != instance.matching_consent
        ):
            instance.matching_consent_changed_at = timezone.now()
        return super().update(instance, validated_data)


class PersonFilter(FilterSet):
    class Meta:
        model = PersonProfile
        fields = ["kind"]


class PersonViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """People who chose to be findable; fields appear only as each person allows."""

    serializer_class = PersonSerializer
    filterset_class = PersonFilter
    # Only the name is shown to everyone who may list a person: searching or ordering by a
    # field the person may have hidden (headline, consent…) would reveal it.
    search_fields = ["user__first_name", "user__last_name"]
    ordering_fields: list[str] = []

    def get_queryset(self) -> QuerySet[PersonProfile]:
        return (
            access.people_visible_to(self.request.user)
            .select_related("user", "discipline")
            .prefetch_related("skills")
        )

    def _mine(self) -> PersonProfile:
        profile, _created = PersonProfile.objects.get_or_create(user=acting_user(self.request))
        return profile

    @extend_schema(methods=["GET"], responses=PersonSerializer)
    @extend_schema(methods=["PATCH"], request=PersonSerializer, responses=PersonSerializer)
    @extend_schema(methods=["DELETE"], responses={204: None})
    @action(
        detail=False,
        methods=["get", "patch", "delete"],
        permission_classes=[permissions.IsAuthenticated],
    )
    def me(self, request: Request) -> Response:
        """Your own profile. PATCH changes it; DELETE erases your account (GDPR)."""
        if request.method == "DELETE":
            account_erase(user=acting_user(request))
            return Response(status=status.HTTP_204_NO_CONTENT)
        profile = self._mine()
        if request.method == "PATCH":
            serializer = self.get_serializer(profile, data=request.data, partial=True)
            serializer.is_valid(raise_exception=True)
            serializer.save()
            profile = self.get_queryset().get(pk=profile.pk)
        return Response(self.get_serializer(profile).data)

    @extend_schema(responses={200: dict})
    @action(
        detail=False,
        methods=["get"],
        url_path="me/export",
        permission_classes=[permissions.IsAuthenticated],
    )
    def export(self, request: Request) -> Response:
        """Everything Kruispunt stores about you, as JSON (GDPR)."""
        response = Response(person_export(user=acting_user(request)))
        response["Content-Disposition"] = 'attachment; filename="kruispunt-my-data.json"'
        return response
