from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from marketplace.matching.models import (
    IndexVersion,
    RerankFit,
    ShownSuggestion,
    SuggestionFeedback,
    TextVector,
)


@admin.register(SuggestionFeedback)
class SuggestionFeedbackAdmin(admin.ModelAdmin):
    list_display = ["subject", "candidate", "verdict", "reason", "user", "updated_at"]
    list_filter = ["verdict", "reason"]
    search_fields = ["subject", "candidate", "note"]
    raw_id_fields = ["user"]


@admin.register(IndexVersion)
class IndexVersionAdmin(admin.ModelAdmin):
    list_display = ["fingerprint", "organisations", "collaborations", "build_seconds", "built_at"]
    search_fields = ["fingerprint"]
    readonly_fields = ["fingerprint", "path", "organisations", "collaborations", "build_seconds"]


@admin.register(RerankFit)
class RerankFitAdmin(admin.ModelAdmin):
    """The refits of the re-ranking learnt from users' reactions: the newest accepted one is
    in force; each shows the offline figures before and after that decided it."""

    list_display = ["created_at", "outcome", "accepted", "dismissed", "offline", "note"]
    list_filter = ["outcome"]
    readonly_fields = [
        "created_at",
        "outcome",
        "accepted",
        "dismissed",
        "features",
        "weights",
        "figures",
        "note",
    ]

    @admin.display(description=_("offline check (recall@10 / MRR, before → after)"))
    def offline(self, fit: RerankFit) -> str:
        before, after = fit.figures.get("offline_before"), fit.figures.get("offline_after")
        if not before or not after:
            return "—"
        return " · ".join(
            f"{split}: {before[split]['recall@10']}/{before[split]['mrr']} → "
            f"{after[split]['recall@10']}/{after[split]['mrr']}"
            for split in before
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(TextVector)
class TextVectorAdmin(admin.ModelAdmin):
    """Texts the worker embedded (or has still to embed) for the matching index: read-only,
    to see whether the worker keeps up."""

    list_display = ["key", "short_text", "embedded", "published", "created_at"]
    list_filter = ["published"]
    search_fields = ["key", "text"]
    exclude = ["vector"]
    readonly_fields = ["key", "text", "published", "created_at"]

    @admin.display(description=_("text"))
    def short_text(self, vector: TextVector) -> str:
        return vector.text[:80]

    @admin.display(boolean=True, description=_("embedded"))
    def embedded(self, vector: TextVector) -> bool:
        return vector.vector is not None

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(ShownSuggestion)
class ShownSuggestionAdmin(admin.ModelAdmin):
    """What the pages showed whom, and what came of it (the dashboards' matching figures)."""

    list_display = ["subject", "candidate", "first_shown_at", "verdict", "proposed_at", "won_at"]
    list_filter = ["verdict"]
    search_fields = ["subject", "candidate"]
    raw_id_fields = ["challenge", "organisation", "user"]
