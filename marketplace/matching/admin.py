from django.contrib import admin

from marketplace.matching.models import IndexVersion, SuggestionFeedback


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
