"""API: capabilities offered by organisations and people."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import F, QuerySet
from django.utils.translation import gettext as _
from rest_framework import serializers, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.filters import OrderingFilter
from rest_framework.generics import get_object_or_404

from marketplace import access
from marketplace.api.fields import nace_field, nuts_field, skill_field, technology_field
from marketplace.models import Capability, Organisation, PersonProfile
from marketplace.models.capabilities import CapabilityQuerySet
from marketplace.models.search import is_searched
from marketplace.rest.acting import acting_user
from marketplace.rest.filters import FilterBackend, FilterSet, IntegerFilter
from marketplace.rest.strict import StrictModelSerializer


class CapabilitySerializer(StrictModelSerializer):
    owner_organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True
    )
    owner_person: serializers.PrimaryKeyRelatedField = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="The person offering it (null: an organisation)."
    )
    owner_name = serializers.SerializerMethodField()
    technologies = technology_field(many=True, required=False)
    skills = skill_field(many=True, required=False)
    sectors = nace_field(many=True, required=False)
    nuts = nuts_field(required=False, allow_null=True)

    class Meta:
        model = Capability
        fields = [
            "id",
            "owner_organisation",
            "owner_person",
            "owner_name",
            "title",
            "description",
            "language",
            "technologies",
            "skills",
            "sectors",
            "trl_min",
            "trl_max",
            "nuts",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "owner_person", "owner_name", "created_at", "updated_at"]

    def get_owner_name(self, capability: Capability) -> str:
        # Not Capability.owner_name: a person's str() falls back to their e-mail address.
        if capability.owner_organisation_id is not None:
            return str(capability.owner_organisation)
        assert capability.owner_person is not None
        return capability.owner_person.user.get_full_name()

    def validate_owner_organisation(self, value: Organisation | None) -> Organisation | None:
        if self.instance is not None and value != self.instance.owner_organisation:
            raise serializers.ValidationError(_("A capability cannot move to another owner."))
        if value is not None and not access.can_change_organisation(
            self.context["request"].user, value
        ):
            raise serializers.ValidationError(
                _("You can only add capabilities for organisations you manage.")
            )
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        trl_min = attrs.get("trl_min", self.instance.trl_min if self.instance else 1)
        trl_max = attrs.get("trl_max", self.instance.trl_max if self.instance else 9)
        if trl_min > trl_max:
            raise serializers.ValidationError(
                {"trl_max": [_("The highest TRL must be at least the lowest TRL.")]}
            )
        return attrs


class CapabilityFilter(FilterSet):
    technology = django_filters.CharFilter(field_name="technologies__slug")
    sector = django_filters.CharFilter(
        field_name="sectors__code", lookup_expr="startswith", distinct=True
    )
    nuts = django_filters.CharFilter(field_name="nuts__code", lookup_expr="startswith")
    trl = IntegerFilter(method="filter_trl", label="Covers this TRL")
    search = django_filters.CharFilter(
        method="filter_search",
        label="Words of the title or description (nl/en/fr; parts of compounds, other forms), "
        "best matches first",
    )

    class Meta:
        model = Capability
        fields = ["owner_organisation", "owner_person", "language"]

    def filter_trl(self, queryset: QuerySet[Capability], name: str, value: int) -> QuerySet:
        return queryset.filter(trl_min__lte=value, trl_max__gte=value)

    def filter_search(self, queryset: QuerySet[Capability], name: str, value: str) -> QuerySet:
        # The pages' word search (marketplace/models/search.py), so that "lasrobot" finds
        # "Robotlassen" here too; an explicit ?ordering= still wins.
        assert isinstance(queryset, CapabilityQuerySet)
        found = queryset.search(value)
        if not is_searched(found):
            return found  # no word to search for
        return found.order_by(F("rank").desc(), "-updated_at", "pk")


class CapabilityViewSet(viewsets.ModelViewSet):
    serializer_class = CapabilitySerializer
    filterset_class = CapabilityFilter
    filter_backends: list[Any] = [FilterBackend, OrderingFilter]  # `search` is in the filter set
    ordering_fields = ["updated_at", "title"]

    def get_queryset(self) -> QuerySet[Capability]:
        return (
            access.capabilities_visible_to(self.request.user)
            .select_related("owner_organisation", "owner_person__user", "nuts")
            .prefetch_related("technologies", "skills", "sectors")
            .distinct()
        )

    def get_object(self) -> Capability:
        if self.action in {"update", "partial_update", "destroy"}:
            access.capability_for_change(self.request.user, self.kwargs["pk"])
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        if serializer.validated_data.get("owner_organisation") is None:
            profile, _created = PersonProfile.objects.get_or_create(user=acting_user(self.request))
            serializer.save(owner_person=profile, owner_organisation=None)
        else:
            if not access.can_change_organisation(
                self.request.user, serializer.validated_data["owner_organisation"]
            ):
                raise PermissionDenied
            serializer.save()
