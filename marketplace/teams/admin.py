"""Admin for team formation: staff can inspect runs; avoid-lists stay out of list views."""

from django.contrib import admin

from .models import (
    PeerEvaluation,
    RunChallenge,
    RunInvitation,
    RunStudent,
    Team,
    TeamMember,
    TeamRun,
)


class RunChallengeInline(admin.TabularInline):
    model = RunChallenge
    extra = 0
    fields = ["title", "teams", "challenge", "position"]
    raw_id_fields = ["challenge"]


@admin.register(TeamRun)
class TeamRunAdmin(admin.ModelAdmin):
    list_display = ["title", "course", "organisation", "created_by", "solve_state", "published_at"]
    list_filter = ["solve_state"]
    search_fields = ["title", "course"]
    raw_id_fields = ["organisation", "created_by", "co_educators", "partner_organisations"]
    readonly_fields = ["solve_state", "objective", "solve_error", "solved_at", "published_at"]
    inlines = [RunChallengeInline]


@admin.register(RunStudent)
class RunStudentAdmin(admin.ModelAdmin):
    list_display = ["user", "run", "discipline", "submitted_at"]
    raw_id_fields = ["run", "user", "discipline", "skills", "avoid"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["__str__", "run", "score", "edited", "room_id"]
    raw_id_fields = ["run", "run_challenge"]


@admin.register(PeerEvaluation)
class PeerEvaluationAdmin(admin.ModelAdmin):
    list_display = ["rater", "ratee", "team", "flag_conflict", "flag_free_riding", "created_at"]
    raw_id_fields = ["team", "rater", "ratee"]


for model in (RunChallenge, RunInvitation, TeamMember):
    admin.site.register(
        model,
        raw_id_fields=[f.name for f in model._meta.get_fields() if f.many_to_one and f.concrete],
    )
