"""Admin for the challenge marketplace: every model, with the guidance content (type guides,
starter kits, IP regimes, funding rules, good practices, NDA terms) editable by staff. The NDA
acceptance log is read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from marketplace.models import (
    Assignment,
    Award,
    AwardPlace,
    BriefCoachingRequest,
    Challenge,
    ChallengeCoauthor,
    ChallengeEndorsement,
    ChallengeInvitee,
    ChallengeTransition,
    ChallengeTypeGuide,
    ChallengeViewDay,
    ConflictOfInterest,
    Feedback,
    FundingRule,
    GoodPracticeCase,
    IpRegimeGuide,
    Judge,
    NdaAcceptance,
    NdaRevocation,
    NdaTerms,
    Notification,
    NotificationPreference,
    Panel,
    Proposal,
    ProposalAttachment,
    ProposalTeamMember,
    ProposalVersion,
    RubricCriterion,
    Score,
    StarterKit,
)


class CriterionInline(admin.TabularInline):
    model = RubricCriterion
    extra = 0


class TransitionInline(admin.TabularInline):
    model = ChallengeTransition
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "by", "at", "note"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Challenge)
class ChallengeAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "type", "status", "visibility", "deadline"]
    list_filter = ["status", "type", "sector", "visibility", "ip_regime", "language"]
    search_fields = ["title", "organisation__name"]
    autocomplete_fields = ["organisation", "technologies", "nuts", "created_by"]
    readonly_fields = ["status", "published_at", "created_at", "updated_at"]
    inlines = [CriterionInline, TransitionInline]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        # The technologies are saved after the challenge: refresh its search vector and copy.
        form.instance.refresh_search_vector()


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ChallengeTransition)
class ChallengeTransitionAdmin(_ReadOnly):
    list_display = ["challenge", "from_status", "to_status", "by", "at"]
    list_filter = ["to_status"]


@admin.register(NdaAcceptance)
class NdaAcceptanceAdmin(_ReadOnly):
    list_display = ["challenge", "signer_email", "organisation", "terms", "accepted_at"]
    search_fields = ["signer_email", "challenge__title"]


@admin.register(NdaRevocation)
class NdaRevocationAdmin(_ReadOnly):
    list_display = ["acceptance", "revoked_by", "revoked_at"]


@admin.register(NdaTerms)
class NdaTermsAdmin(admin.ModelAdmin):
    list_display = ["version", "is_current", "published_at"]


class TeamInline(admin.TabularInline):
    model = ProposalTeamMember
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["title", "challenge", "kind", "status", "submitted_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "challenge__title"]
    raw_id_fields = ["challenge", "organisation", "created_by"]
    readonly_fields = ["status", "version", "submitted_at", "withdrawn_at", "receipt_code"]
    inlines = [TeamInline]


@admin.register(Judge)
class JudgeAdmin(admin.ModelAdmin):
    list_display = ["user", "challenge", "panel", "accepted_at", "declined_at"]
    raw_id_fields = ["challenge", "user", "panel"]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["judge", "proposal", "evaluated_at"]
    raw_id_fields = ["judge", "proposal"]


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["proposal", "total", "sent_at"]
    raw_id_fields = ["proposal"]


@admin.register(AwardPlace)
class AwardPlaceAdmin(admin.ModelAdmin):
    list_display = ["challenge", "rank", "title", "amount_eur"]
    raw_id_fields = ["challenge"]


@admin.register(Award)
class AwardAdmin(admin.ModelAdmin):
    list_display = ["place", "proposal", "payment_state", "awarded_at", "revoked_at"]
    raw_id_fields = ["place", "proposal"]


@admin.register(StarterKit)
class StarterKitAdmin(admin.ModelAdmin):
    list_display = ["sector"]
    filter_horizontal = ["technologies"]


@admin.register(GoodPracticeCase)
class GoodPracticeCaseAdmin(admin.ModelAdmin):
    list_display = ["title", "sector", "company", "language"]
    list_filter = ["sector", "language"]
    search_fields = ["title", "company"]
    filter_horizontal = ["technologies"]


@admin.register(FundingRule)
class FundingRuleAdmin(admin.ModelAdmin):
    list_display = ["instrument", "slug", "active", "position"]
    list_editable = ["active", "position"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "title", "created_at", "read_at"]
    list_filter = ["kind"]
    raw_id_fields = ["user", "challenge"]


for model in (
    ChallengeInvitee,
    ChallengeCoauthor,
    ChallengeEndorsement,
    BriefCoachingRequest,
    ProposalVersion,
    ProposalAttachment,
    ProposalTeamMember,
    Panel,
    ConflictOfInterest,
    Score,
    RubricCriterion,
    ChallengeTypeGuide,
    IpRegimeGuide,
    NotificationPreference,
):
    admin.site.register(model, admin.ModelAdmin)


@admin.register(ChallengeViewDay)
class ChallengeViewDayAdmin(admin.ModelAdmin):
    """The private view counter behind a challenge's funnel: one row per challenge and day."""

    list_display = ["challenge", "day", "views"]
    search_fields = ["challenge__title"]
    raw_id_fields = ["challenge"]
    date_hierarchy = "day"
