"""API: challenges — browse and search with facets, read (the confidential detail only behind
the NDA), author (drafts at every step) and change."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from marketplace import access
from marketplace.api.fields import nuts_field, technology_field
from marketplace.browse import ORDER_SQL, ChallengeFilter, browse, browse_ordering, browse_rows
from marketplace.models import Challenge, Organisation
from marketplace.models.challenges import (
    ChallengeQuerySet,
    Status,
)
from marketplace.numbers import whole_number
from marketplace.rest.acting import acting_user
from marketplace.rest.filters import FilterBackend
from marketplace.rest.pagination import FacetedPagination, Pagination
from marketplace.rest.strict import StrictModelSerializer
from marketplace.services import challenges as services

LIST_FIELDS = [
    "id",
    "title",
    "type",
    "status",
    "language",
    "summary",
    "sector",
    "technologies",
    "nuts",
    "organisation",
    "organisation_name",
    "visibility",
    "budget_eur",
    "prize_description",
    "deadline",
    "published_at",
    "ip_regime",
]


class ChallengeListSerializer(serializers.ModelSerializer):
    """What lists and search show: the public part only."""

    technologies: Any = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    nuts = serializers.CharField(source="nuts_id", read_only=True, allow_null=True)
    organisation = serializers.SerializerMethodField()
    organisation_name = serializers.SerializerMethodField()

    class Meta:
        model = Challenge
        fields = LIST_FIELDS
        read_only_fields = LIST_FIELDS

    def get_organisation(self, obj: Challenge) -> int | None:
        return None if obj.anonymous_seeker else obj.organisation_id

    def get_organisation_name(self, obj: Challenge) -> str:
        return obj.public_organisation_name()

    def to_representation(self, instance: Challenge) -> dict[str, Any]:
        # Written out (same fields, same formats as the declared ones): lists render 25–100 of
        # these per request, and DRF's per-field machinery was a third of the response time.
        return {
            "id": instance.pk,
            "title": instance.title,
            "type": instance.type,
            "status": instance.status,
            "language": instance.language,
            "summary": instance.summary,
            "sector": instance.sector,
            "technologies": list(instance.technology_slugs),
            "nuts": instance.nuts_id,
            "organisation": self.get_organisation(instance),
            "organisation_name": self.get_organisation_name(instance),
            "visibility": instance.visibility,
            "budget_eur": instance.budget_eur,
            "prize_description": instance.prize_description,
            "deadline": _DATETIME.to_representation(instance.deadline)
            if instance.deadline
            else None,
            "published_at": _DATETIME.to_representation(instance.published_at)
            if instance.published_at
            else None,
            "ip_regime": instance.ip_regime,
        }


_DATETIME = serializers.DateTimeField()


class ChallengeSerializer(StrictModelSerializer):
    sometimes_absent = ("confidential_detail", "anonymous_seeker")
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    organisation_name = serializers.SerializerMethodField()
    technologies = technology_field(many=True, required=False)
    nuts = nuts_field(required=False, allow_null=True)
    wanted_partner_kinds = serializers.ListField(
        child=serializers.CharField(max_length=24), max_length=8, required=False
    )
    has_confidential_detail = serializers.SerializerMethodField()
    my = serializers.SerializerMethodField()

    class Meta:
        model = Challenge
        fields = [
            *LIST_FIELDS,
            "goal",
            "scope",
            "confidential_detail",
            "has_confidential_detail",
            "wanted_partner_kinds",
            "feedback_deadline",
            "anonymous_seeker",
            "impact_work_organisation",
            "impact_skills",
            "impact_safety",
            "impact_privacy",
            "created_at",
            "updated_at",
            "my",
        ]
        read_only_fields = ["id", "status", "published_at", "created_at", "updated_at"]

    def validate_organisation(self, value: Organisation) -> Organisation:
        if self.instance is not None and value.pk != self.instance.organisation_id:
            raise serializers.ValidationError(_("A challenge cannot move to another organisation."))
        if not access.can_change_organisation(self.context["request"].user, value):
            raise serializers.ValidationError(
                _("You can only post challenges for organisations you manage.")
            )
        return value

    def get_organisation_name(self, obj: Challenge) -> str:
        return (
            obj.organisation.name if self._flags(obj)["insider"] else obj.public_organisation_name()
        )

    def get_has_confidential_detail(self, obj: Challenge) -> bool:
        return bool(obj.confidential_detail)

    def _flags(self, obj: Challenge) -> dict[str, Any]:
        cache: dict[int, dict[str, Any]] = self.__dict__.setdefault("_flag_cache", {})
        if obj.pk not in cache:
            user = self.context["request"].user
            judge = access.active_judge(user, obj)
            cache[obj.pk] = {
                "role": access.organisation_role(user, obj.organisation),
                "insider": access.is_challenge_insider(user, obj),
                "can_edit": access.can_edit_challenge(user, obj),
                "can_manage": access.can_manage_challenge(user, obj),
                "can_see_confidential": access.can_see_confidential(user, obj),
                "is_judge": judge is not None,
                "nda": access.nda_state(access.nda_acceptance(user, obj)),
            }
        return cache[obj.pk]

    def get_my(self, obj: Challenge) -> dict[str, Any]:
        flags = dict(self._flags(obj))
        flags["allowed_transitions"] = (
            sorted(obj.allowed_transitions()) if flags["can_manage"] else []
        )
        return flags

    def to_representation(self, instance: Challenge) -> dict[str, Any]:
        data = super().to_representation(instance)
        flags = self._flags(instance)
        if not flags["can_see_confidential"]:
            data.pop("confidential_detail", None)
        if not flags["insider"]:
            data.pop("anonymous_seeker", None)
            if instance.anonymous_seeker:
                data["organisation"] = None
        return data

    def create(self, validated_data: dict[str, Any]) -> Challenge:
        return services.challenge_create(
            actor=acting_user(self.context["request"]), **validated_data
        )

    def update(self, instance: Challenge, validated_data: dict[str, Any]) -> Challenge:
        validated_data.pop("organisation", None)
        return services.challenge_update(
            actor=acting_user(self.context["request"]), challenge=instance, **validated_data
        )


class ChallengeViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Challenges you may see. `q` searches (nl/en/fr); filters narrow; `facets` count per
    filter value. Drafts are visible to their organisation only."""

    filterset_class = ChallengeFilter
    pagination_class = FacetedPagination
    filter_backends: list[Any] = [FilterBackend]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        return ChallengeListSerializer if self.action == "list" else ChallengeSerializer

    def get_queryset(self) -> QuerySet[Challenge]:
        queryset = access.challenges_visible_to(self.request.user).select_related(
            "organisation", "nuts"
        )
        return queryset

    def _search_and_order(self, queryset: Any) -> tuple[ChallengeQuerySet, str]:
        requested = self.request.query_params.get("ordering")
        if requested and requested not in ORDER_SQL:
            raise ValidationError({"ordering": [_("Unknown ordering.")]})
        queryset = queryset.search(self.request.query_params.get("q", ""))
        return queryset, browse_ordering(queryset, requested)

    @extend_schema(parameters=[], responses=ChallengeListSerializer(many=True))
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Browse and search. Query: q, type, sector, status, technology, region, deadline_after,
        deadline_before, budget_min, budget_max, has_prize, organisation, mine, ordering
        (deadline, -deadline, published_at, -published_at, budget, -budget, relevance)."""
        queryset, ordering = self._search_and_order(self.filter_queryset(self.get_queryset()))
        pagination = self.paginator
        assert isinstance(pagination, Pagination)
        size = pagination.get_page_size(request)
        raw = request.query_params.get(pagination.page_query_param, "1")
        number = whole_number(raw)
        if number is None or number < 1:
            raise NotFound(_("Invalid page."))
        result = browse(queryset, ordering, (number - 1) * size, size)
        if number > 1 and (number - 1) * size >= result.total:
            raise NotFound(_("Invalid page."))
        serializer = self.get_serializer(browse_rows(result), many=True)
        url = request.build_absolute_uri()
        last = max(1, -(-result.total // size))
        return Response(
            {
                "count": result.total,
                "next": replace_query_param(url, pagination.page_query_param, number + 1)
                if number < last
                else None,
                "previous": (
                    remove_query_param(url, pagination.page_query_param)
                    if number == 2
                    else replace_query_param(url, pagination.page_query_param, number - 1)
                )
                if number > 1
                else None,
                "results": serializer.data,
                "facets": result.facets,
            }
        )

    def get_object(self) -> Challenge:
        user = self.request.user
        pk = self.kwargs["pk"]
        if self.action in {"update", "partial_update"}:
            return access.challenge_for_edit(user, pk)
        if self.action == "destroy":
            return access.challenge_for_manage(user, pk)
        return access.challenge_for_view(user, pk)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not request.user.is_authenticated:
            raise PermissionDenied
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        challenge = serializer.save()
        fresh = ChallengeSerializer(self._fresh(challenge), context=self.get_serializer_context())
        return Response(fresh.data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        instance = self.get_object()
        serializer = self.get_serializer(instance, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        challenge = serializer.save()
        fresh = ChallengeSerializer(self._fresh(challenge), context=self.get_serializer_context())
        return Response(fresh.data)

    def _fresh(self, challenge: Challenge) -> Challenge:
        return Challenge.objects.select_related("organisation", "nuts").get(pk=challenge.pk)

    def perform_destroy(self, instance: Challenge) -> None:
        if instance.status != Status.DRAFT:
            raise ValidationError(
                {"detail": [_("Only drafts can be deleted; cancel a published challenge.")]}
            )
        instance.delete()
