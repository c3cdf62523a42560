"""Serializers of the team-formation API. What a reader sees depends on their role in the
run (context["educator"]): students never get avoid-lists but their own, invitation links,
diagnoses, warnings, comments or flags."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from marketplace import access as marketplace_access
from marketplace.models import Challenge, EscoSkill, IscedField, Organisation
from marketplace.rest.strict import StrictModelSerializer, StrictSerializer

from .. import reasons_i18n
from ..models import (
    MAX_TIME_LIMIT,
    RATING_FIELDS,
    PeerEvaluation,
    RunChallenge,
    RunStudent,
    Team,
    TeamRun,
)
from ..services import join_url

EDUCATOR_ONLY_RUN_FIELDS = ("invite_url", "solve_error", "diagnosis", "unassigned")


class TeamRunSerializer(StrictModelSerializer):
    sometimes_absent = EDUCATOR_ONLY_RUN_FIELDS  # for the schema (marketplace/api/schema.py)
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    partner_organisations = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), many=True, required=False
    )
    role = serializers.SerializerMethodField()
    invite_url = serializers.SerializerMethodField()
    diagnosis = serializers.SerializerMethodField()
    unassigned = serializers.SerializerMethodField()
    evaluation_open = serializers.SerializerMethodField()

    class Meta:
        model = TeamRun
        fields = [
            "id", "title", "course", "description", "organisation", "partner_organisations",
            "survey_open", "team_size_min", "team_size_max", "no_lone_group_member",
            "min_common_slots", "weight_skills", "weight_diversity", "weight_preference",
            "seed", "time_limit", "solve_state", "objective", "solved_at", "published_at",
            "evaluation_opens_at", "evaluation_closes_at", "evaluation_open", "role",
            "invite_url", "solve_error", "diagnosis", "unassigned", "created_at",
        ]  # fmt: skip
        read_only_fields = [
            "solve_state", "objective", "solved_at", "published_at", "solve_error", "created_at",
        ]  # fmt: skip

    def validate_organisation(self, value: Organisation) -> Organisation:
        user = self.context["request"].user
        if self.instance is not None and value.pk != self.instance.organisation_id:
            raise serializers.ValidationError(_("This cannot be changed."))
        from ..access import educator_organisations

        if self.instance is None and not educator_organisations(user).filter(pk=value.pk).exists():
            raise serializers.ValidationError(
                _("You can create runs only for a university you are a member of.")
            )
        return value

    def _per_run(self, name: str, obj: TeamRun, compute: Any) -> Any:
        """compute(), once per run and request (several fields need the same answer)."""
        memo: dict[tuple[str, int], Any] = self.__dict__.setdefault("_per_run_memo", {})
        key = (name, obj.pk)
        if key not in memo:
            memo[key] = compute()
        return memo[key]

    def _educator(self, obj: TeamRun) -> bool:
        """The reader's role: from the list's annotation, or asked once per run."""
        flag = getattr(obj, "viewer_is_educator", None)
        if flag is None:
            user = self.context["request"].user
            return bool(self._per_run("educator", obj, lambda: obj.is_educator(user)))
        return bool(flag)

    def _labels(self, obj: TeamRun) -> reasons_i18n.Labels:
        """Names of the run's students and challenges, loaded once per run."""
        labels: reasons_i18n.Labels = self._per_run(
            "labels", obj, lambda: reasons_i18n.Labels.for_run(obj)
        )
        return labels

    def get_role(self, obj: TeamRun) -> str:
        return "educator" if self._educator(obj) else "student"

    def get_invite_url(self, obj: TeamRun) -> str | None:
        return join_url(obj) if self._educator(obj) else None

    @extend_schema_field({"type": "object", "additionalProperties": True, "nullable": True})
    def get_diagnosis(self, obj: TeamRun) -> dict[str, Any] | None:
        if not obj.solve_error or not self._educator(obj):
            return None
        return reasons_i18n.diagnosis(obj.solve_error, self._labels(obj))

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_unassigned(self, obj: TeamRun) -> list[str]:
        if not obj.unassigned or not self._educator(obj):
            return []
        labels = self._labels(obj)
        return [reasons_i18n.unassigned_reason(u, labels) for u in obj.unassigned]

    def get_evaluation_open(self, obj: TeamRun) -> bool:
        return obj.evaluation_is_open()

    def to_representation(self, instance: TeamRun) -> dict[str, Any]:
        data = super().to_representation(instance)
        if not self._educator(instance):
            for key in EDUCATOR_ONLY_RUN_FIELDS:
                data.pop(key, None)
        return data


class RunChallengeSerializer(StrictModelSerializer):
    challenge = serializers.PrimaryKeyRelatedField(
        queryset=Challenge.objects.all(), required=False, allow_null=True
    )
    required_skills = serializers.PrimaryKeyRelatedField(
        queryset=EscoSkill.objects.all(), many=True, required=False
    )
    required_disciplines = serializers.PrimaryKeyRelatedField(
        queryset=IscedField.objects.all(), many=True, required=False
    )

    class Meta:
        model = RunChallenge
        fields = ["id", "title", "teams", "challenge", "required_skills", "required_disciplines"]
        # The model's default of one team is not a choice the educator made: ask for it.
        extra_kwargs = {"teams": {"required": True, "min_value": 1, "max_value": 100}}

    def validate_challenge(self, value: Challenge | None) -> Challenge | None:
        user = self.context["request"].user
        if value is not None and not (
            marketplace_access.challenges_visible_to(user).filter(pk=value.pk).exists()
        ):
            raise serializers.ValidationError(_("Unknown challenge."))
        return value


class SurveySerializer(StrictSerializer):
    """A student's own answers (input and output)."""

    discipline = serializers.PrimaryKeyRelatedField(queryset=IscedField.objects.all())
    skills = serializers.PrimaryKeyRelatedField(
        queryset=EscoSkill.objects.all(), many=True, required=False
    )
    languages = serializers.ListField(
        child=serializers.CharField(max_length=8), max_length=10, required=False
    )
    availability = serializers.ListField(
        child=serializers.CharField(max_length=10), max_length=30, required=False
    )
    challenge_prefs = serializers.ListField(
        child=serializers.IntegerField(), max_length=100, required=False
    )
    avoid = serializers.ListField(child=serializers.IntegerField(), max_length=20, required=False)
    group = serializers.CharField(max_length=60, required=False, allow_blank=True)


class ResponseSerializer(serializers.ModelSerializer):
    sometimes_absent = ("avoid",)
    """A survey response as read back; `avoid` only for educators and the author."""

    name = serializers.CharField(read_only=True)
    email = serializers.SerializerMethodField()
    skills: Any = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    avoid = serializers.SerializerMethodField()
    team = serializers.SerializerMethodField()

    class Meta:
        model = RunStudent
        fields = [
            "id", "name", "email", "discipline", "skills", "languages", "availability",
            "challenge_prefs", "group", "avoid", "team", "submitted_at", "joined_at",
        ]  # fmt: skip
        read_only_fields = fields

    def _may_see_avoid(self, obj: RunStudent) -> bool:
        user = self.context["request"].user
        return bool(self.context.get("educator")) or obj.user_id == user.pk

    def get_email(self, obj: RunStudent) -> str | None:
        return obj.user.email if self._may_see_avoid(obj) else None

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_avoid(self, obj: RunStudent) -> list[int] | None:
        if not self._may_see_avoid(obj):
            return None
        return sorted(a.pk for a in obj.avoid.all())

    def get_team(self, obj: RunStudent) -> int | None:
        if not self.context.get("educator"):
            return None
        membership = getattr(obj, "membership", None)
        return membership.team_id if membership is not None else None

    def to_representation(self, instance: RunStudent) -> dict[str, Any]:
        data = super().to_representation(instance)
        if not self._may_see_avoid(instance):
            data.pop("avoid", None)
        return data


class TeamMemberSerializer(serializers.Serializer):
    student = serializers.IntegerField(source="student_id")
    name = serializers.CharField(source="student.name")
    locked = serializers.BooleanField()


class TeamSerializer(serializers.ModelSerializer):
    sometimes_absent = ("warnings",)
    challenge = serializers.IntegerField(source="run_challenge_id", read_only=True)
    challenge_title = serializers.CharField(source="run_challenge.title", read_only=True)
    marketplace_challenge = serializers.IntegerField(
        source="run_challenge.challenge_id", read_only=True, allow_null=True
    )
    members = TeamMemberSerializer(many=True, read_only=True)
    explanation = serializers.SerializerMethodField()
    warnings = serializers.SerializerMethodField()

    class Meta:
        model = Team
        fields = [
            "id", "index", "number", "challenge", "challenge_title", "marketplace_challenge",
            "members", "score", "breakdown", "explanation", "reasons", "warnings", "edited",
            "room_id",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_explanation(self, obj: Team) -> list[str]:
        return reasons_i18n.team_explanation(
            obj.reasons, self.context["labels"], educator=bool(self.context.get("educator"))
        )

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_warnings(self, obj: Team) -> list[str] | None:
        if not self.context.get("educator"):
            return None
        items = self.context.get("warnings", {}).get(obj.pk, [])
        return [reasons_i18n.warning(w, self.context["labels"]) for w in items]

    def to_representation(self, instance: Team) -> dict[str, Any]:
        data = super().to_representation(instance)
        if not self.context.get("educator"):
            data.pop("warnings", None)
            data["reasons"] = reasons_i18n.public_reasons(instance.reasons)
        return data


class PeerEvaluationSerializer(StrictModelSerializer):
    ratee = serializers.PrimaryKeyRelatedField(queryset=RunStudent.objects.all())
    ratee_name = serializers.CharField(source="ratee.name", read_only=True)
    rater: Any = serializers.PrimaryKeyRelatedField(read_only=True)
    rater_name = serializers.CharField(source="rater.name", read_only=True)

    class Meta:
        model = PeerEvaluation
        fields = [
            "id", "team", "rater", "rater_name", "ratee", "ratee_name", *RATING_FIELDS,
            "comment", "flag_conflict", "flag_free_riding", "created_at",
        ]  # fmt: skip
        read_only_fields = ["id", "team", "rater", "created_at"]
        extra_kwargs = {f: {"min_value": 1, "max_value": 5} for f in RATING_FIELDS}

    def validate_ratee(self, value: RunStudent) -> RunStudent:
        if value.run_id != self.context["run"].pk:
            raise serializers.ValidationError(_("Rate only members of your own team."))
        return value


class StudentRefSerializer(StrictSerializer):
    student = serializers.IntegerField()
    locked = serializers.BooleanField(required=False, default=True)


class SwapSerializer(StrictSerializer):
    a = serializers.IntegerField()
    b = serializers.IntegerField()


class MoveSerializer(StrictSerializer):
    student = serializers.IntegerField()
    team = serializers.IntegerField()


class PublishSerializer(StrictSerializer):
    accept_warnings = serializers.BooleanField(required=False, default=False)
    accept_unplaced = serializers.BooleanField(required=False, default=False)


class SolveSerializer(StrictSerializer):
    """Optional: search longer than the run's own limit, once (see services.run_solve)."""

    time_limit = serializers.FloatField(
        required=False, min_value=0.1, max_value=MAX_TIME_LIMIT, allow_null=True
    )


class InvitationsSerializer(StrictSerializer):
    emails = serializers.ListField(child=serializers.EmailField(), min_length=1, max_length=500)


class JoinSerializer(StrictSerializer):
    token = serializers.CharField(max_length=64)


class EducatorSerializer(StrictSerializer):
    email = serializers.EmailField()
