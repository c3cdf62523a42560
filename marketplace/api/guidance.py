"""API: authoring guidance — challenge-type templates, sector starter kits, IP regimes, funding
instruments — and the good-practice library. Public and read-only."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from rest_framework import permissions, serializers, viewsets

from marketplace.models import (
    ChallengeTypeGuide,
    FundingRule,
    GoodPracticeCase,
    IpRegimeGuide,
    StarterKit,
)
from marketplace.models.challenges import Sector
from marketplace.rest.filters import FilterBackend, FilterSet
from marketplace.services.briefs import good_practice_library


class _Localised(serializers.ModelSerializer):
    LOCALISED: tuple[str, ...] = ()

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = super().to_representation(instance)
        for name in self.LOCALISED:
            data[name] = instance.localised(name)
        return data


class TypeGuideSerializer(_Localised):
    LOCALISED = ("title", "description", "summary_template")

    class Meta:
        model = ChallengeTypeGuide
        fields = [
            "type",
            "title",
            "description",
            "steps",
            "summary_template",
            "budget_min_eur",
            "budget_max_eur",
            "min_weeks_open",
            "default_criteria",
        ]


class IpRegimeSerializer(_Localised):
    LOCALISED = ("title", "explanation", "warning")

    class Meta:
        model = IpRegimeGuide
        fields = ["regime", "title", "explanation", "warning"]


class StarterKitSerializer(_Localised):
    LOCALISED = ("title", "introduction", "example_problems", "value_chain_partners")
    technologies: Any = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = StarterKit
        fields = [
            "sector",
            "title",
            "introduction",
            "example_problems",
            "value_chain_partners",
            "technologies",
        ]


class FundingRuleSerializer(_Localised):
    LOCALISED = ("summary", "support")

    class Meta:
        model = FundingRule
        fields = ["slug", "instrument", "url", "summary", "support", "conditions"]


class GoodPracticeSerializer(serializers.ModelSerializer):
    technologies: Any = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = GoodPracticeCase
        fields = [
            "slug",
            "sector",
            "language",
            "title",
            "company",
            "problem",
            "partners",
            "result",
            "impact_on_work",
            "technologies",
        ]


class _Public(viewsets.ReadOnlyModelViewSet):
    permission_classes = [permissions.AllowAny]
    filter_backends: list[Any] = []
    pagination_class = None


class TypeGuideViewSet(_Public):
    queryset = ChallengeTypeGuide.objects.all()
    serializer_class = TypeGuideSerializer
    lookup_field = "type"


class IpRegimeViewSet(_Public):
    queryset = IpRegimeGuide.objects.all()
    serializer_class = IpRegimeSerializer
    lookup_field = "regime"


class StarterKitViewSet(_Public):
    queryset = StarterKit.objects.prefetch_related("technologies")
    serializer_class = StarterKitSerializer
    lookup_field = "sector"


class FundingRuleViewSet(_Public):
    queryset = FundingRule.objects.filter(active=True)
    serializer_class = FundingRuleSerializer
    lookup_field = "slug"


class GoodPracticeFilter(FilterSet):
    """Validates the library's filters; the library (services.briefs) applies them."""

    sector = django_filters.ChoiceFilter(choices=Sector.choices)
    technology = django_filters.CharFilter()
    q = django_filters.CharFilter(max_length=200)

    class Meta:
        model = GoodPracticeCase
        fields: list[str] = []

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        data = self.form.cleaned_data
        return good_practice_library(
            text=data.get("q") or "",
            sector=data.get("sector") or "",
            technology=data.get("technology") or "",
        )


class GoodPracticeViewSet(viewsets.ReadOnlyModelViewSet):
    """Good-practice cases by sector and technology; `q` searches (nl/en/fr)."""

    queryset = good_practice_library()
    serializer_class = GoodPracticeSerializer
    permission_classes = [permissions.AllowAny]
    filter_backends = [FilterBackend]
    filterset_class = GoodPracticeFilter
    lookup_field = "slug"
