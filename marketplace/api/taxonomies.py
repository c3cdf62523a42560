"""API: the reference taxonomies, read-only and searchable (for search-as-you-type)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers, viewsets

from marketplace.models import EscoSkill, IscedField, NaceCode, NutsRegion, Technology


class NaceSerializer(serializers.ModelSerializer):
    parent = serializers.CharField(source="parent_id", read_only=True)  # type: ignore[assignment]

    class Meta:
        model = NaceCode
        fields = ["code", "level", "parent", "section", "title", "title_nl", "title_en", "title_fr"]


class IscedSerializer(serializers.ModelSerializer):
    class Meta:
        model = IscedField
        fields = ["code", "title", "title_en", "title_nl", "title_fr", "narrow_code", "broad_code"]


class EscoSkillSerializer(serializers.ModelSerializer):
    class Meta:
        model = EscoSkill
        fields = ["uri", "label", "description"]


class NutsSerializer(serializers.ModelSerializer):
    class Meta:
        model = NutsRegion
        fields = ["code", "level", "country", "name", "label"]


class TechnologySerializer(serializers.ModelSerializer):
    class Meta:
        model = Technology
        fields = ["slug", "group", "label", "explanation", "label_nl", "label_en", "label_fr"]


class _Taxonomy(viewsets.ReadOnlyModelViewSet):
    filterset_fields: Any = []


class NaceViewSet(_Taxonomy):
    queryset = NaceCode.objects.all()
    serializer_class = NaceSerializer
    filterset_fields = ["level", "section", "parent"]
    search_fields = ["^code", "title_nl", "title_en", "title_fr"]
    lookup_value_regex = r"[^/]+"  # NACE-BEL codes contain dots (28.99)


class IscedViewSet(_Taxonomy):
    queryset = IscedField.objects.all()
    serializer_class = IscedSerializer
    filterset_fields = ["broad_code", "narrow_code"]
    search_fields = ["^code", "title_en", "title_nl", "title_fr"]


class EscoSkillViewSet(_Taxonomy):
    queryset = EscoSkill.objects.all()
    serializer_class = EscoSkillSerializer
    lookup_field = "pk"
    search_fields = ["label", "alt_labels"]


class NutsViewSet(_Taxonomy):
    queryset = NutsRegion.objects.all()
    serializer_class = NutsSerializer
    filterset_fields = ["level", "country"]
    search_fields = ["^code", "label", "label_nl", "label_fr"]


class TechnologyViewSet(_Taxonomy):
    queryset = Technology.objects.all()
    serializer_class = TechnologySerializer
    filterset_fields = ["group"]
    search_fields = ["label_nl", "label_en", "label_fr"]
