"""Challenges: an innovation question posted by an organisation, with its lifecycle.

The public part (title, summary, goal, scope, impact on work) is what lists and search show;
`confidential_detail` is shown only to insiders and to people who accepted the NDA. The
lifecycle lives in one table (`TRANSITIONS`) and one method (`transition_errors`), which answers
about the challenge itself only. The service `transition_blockers` adds the rules of other
parts (a money prize is funded before the challenge opens); `challenge_transition` applies
them and logs who moved what when.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import connection, models
from django.db.models import Q, Value
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from marketplace.models.accounts import is_signed_in
from marketplace.models.capabilities import CONTENT_LANGUAGES
from marketplace.models.organisations import OrganisationKind, Role
from marketplace.models.search import MAX_WORDS, query_words, search_text, word_matches

SEARCH_CONFIGS = {"nl": "dutch", "en": "english", "fr": "french"}


class ChallengeType(models.TextChoices):
    IDEA = "idea", _("Idea")
    PROOF_OF_CONCEPT = "proof_of_concept", _("Proof of concept")
    PROTOTYPE = "prototype", _("Prototype")
    PARTNER_SEARCH = "partner_search", _("Partner search (RFP)")
    COURSE_PROJECT = "course_project", _("Student course project")
    MICRO_ASSIGNMENT = "micro_assignment", _("Paid micro-assignment")


class Sector(models.TextChoices):
    CLOTHING = "clothing", _("Clothing and textiles")
    FOOD = "food", _("Food")
    FURNITURE = "furniture", _("Furniture and wood")
    METAL = "metal", _("Metal and machinery")
    GRAPHIC = "graphic", _("Graphic and packaging")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    EVALUATING = "evaluating", _("Evaluating")
    AWARDED = "awarded", _("Awarded")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class ChallengeVisibility(models.TextChoices):
    PUBLIC = "public", _("Everyone")
    REGISTERED = "registered", _("Signed-in users")
    INVITED = "invited", _("Invited only")


class IpRegime(models.TextChoices):
    NON_CONFIDENTIAL = "non_confidential", _("Non-confidential")
    TRANSFER_ON_AWARD = "transfer_on_award", _("IP transfers to the seeker on award")
    SOLVER_KEEPS_LICENCE = (
        "solver_keeps_licence",
        _("Solver keeps the IP, seeker gets a licence option"),
    )
    UNIVERSITY_AGREEMENT = "university_agreement", _("University agreement")


# The lifecycle, in one place. Cancelling is possible until the work is completed.
TRANSITIONS: dict[str, set[str]] = {
    Status.DRAFT: {Status.OPEN, Status.CANCELLED},
    Status.OPEN: {Status.EVALUATING, Status.CANCELLED},
    Status.EVALUATING: {Status.AWARDED, Status.CANCELLED},
    Status.AWARDED: {Status.IN_PROGRESS, Status.CANCELLED},
    Status.IN_PROGRESS: {Status.COMPLETED, Status.CANCELLED},
    Status.COMPLETED: set(),
    Status.CANCELLED: set(),
}
PUBLISHED_STATES = {s for s in Status.values if s != Status.DRAFT}
# The technology readiness a challenge type asks of a solver (lowest, highest TRL). The other
# types (a partner search, a course project, a micro-assignment) fit any stage.
TRL_BY_TYPE: dict[str, tuple[int, int]] = {
    ChallengeType.IDEA: (1, 3),
    ChallengeType.PROOF_OF_CONCEPT: (3, 5),
    ChallengeType.PROTOTYPE: (5, 7),
}
INDUSTRIAL_SECTORS = {Sector.CLOTHING, Sector.FOOD, Sector.FURNITURE, Sector.METAL, Sector.GRAPHIC}


class ChallengeQuerySet(models.QuerySet["Challenge"]):
    def insider_of(self, user: Any) -> ChallengeQuerySet:
        """Challenges whose posting organisation the user belongs to, or that they co-author or
        coach: the people who see drafts and the confidential detail without an NDA."""
        if not is_signed_in(user):
            return self.none()
        return self.filter(self._insider_q(user))

    @staticmethod
    def _insider_q(user: Any) -> Q:
        from marketplace.models.organisations import Membership
        from marketplace.models.participation import BriefCoachingRequest, ChallengeCoauthor

        member_orgs = Membership.objects.filter(user=user).values("organisation_id")
        coauthored = ChallengeCoauthor.objects.filter(user=user).values("challenge_id")
        coached = BriefCoachingRequest.objects.filter(
            intermediary__memberships__user=user, closed_at__isnull=True
        ).values("challenge_id")
        return Q(organisation_id__in=member_orgs) | Q(pk__in=coauthored) | Q(pk__in=coached)

    def visible_to(self, user: Any) -> ChallengeQuerySet:
        """Challenges a user may know exist: published ones by their visibility, plus their own
        organisation's drafts. Invited-only challenges only for invitees, judges and insiders."""
        published = Q(status__in=PUBLISHED_STATES)
        if not is_signed_in(user):
            return self.filter(published, visibility=ChallengeVisibility.PUBLIC)
        from marketplace.models.judging import Judge
        from marketplace.models.participation import ChallengeInvitee

        invited = ChallengeInvitee.objects.filter(
            Q(user=user) | Q(organisation__memberships__user=user)
        ).values("challenge_id")
        judging = Judge.objects.filter(user=user, declined_at__isnull=True).values("challenge_id")
        open_to_user = published & (
            Q(visibility__in=[ChallengeVisibility.PUBLIC, ChallengeVisibility.REGISTERED])
            | Q(pk__in=invited)
            | Q(pk__in=judging)
        )
        return self.filter(open_to_user | self._insider_q(user))

    def search(self, text: str, *, every_word: bool = True) -> ChallengeQuerySet:
        """The challenges whose public text (with the technologies' labels in nl, en and fr)
        matches every word of `text` (or, every_word=False, any of them), with a `rank`
        (marketplace/models/search.py: substrings, other forms and compound parts of each word,
        whatever the challenge's language). Never the confidential detail."""
        words = query_words(text, limit=MAX_WORDS if every_word else 2 * MAX_WORDS)
        if not words:
            return self
        condition, rank = word_matches(words, title="title", every=every_word)
        return self.filter(condition).annotate(rank=rank)


class Challenge(models.Model):
    organisation = models.ForeignKey(
        "marketplace.Organisation",
        verbose_name=_("posted by"),
        on_delete=models.CASCADE,
        related_name="challenges",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    type = models.CharField(_("type"), max_length=20, choices=ChallengeType.choices)
    language = models.CharField(
        _("language of the text"), max_length=2, choices=CONTENT_LANGUAGES, default="nl"
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("public summary"), max_length=3_000, blank=True)
    goal = models.TextField(_("measurable goal"), max_length=2_000, blank=True)
    scope = models.TextField(_("scope and deliverables"), max_length=3_000, blank=True)
    confidential_detail = models.TextField(
        _("confidential detail"),
        max_length=20_000,
        blank=True,
        help_text=_("Shown only to people who accepted the NDA."),
    )
    sector = models.CharField(_("sector"), max_length=12, choices=Sector.choices, blank=True)
    technologies = models.ManyToManyField(
        "marketplace.Technology", verbose_name=_("technologies"), blank=True
    )
    nuts = models.ForeignKey(
        "marketplace.NutsRegion",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    wanted_partner_kinds = models.JSONField(_("wanted partner types"), default=list, blank=True)
    budget_eur = models.PositiveIntegerField(_("budget or prize (EUR)"), null=True, blank=True)
    prize_description = models.CharField(_("prize"), max_length=300, blank=True)
    deadline = models.DateTimeField(_("deadline for proposals"), null=True, blank=True)
    feedback_deadline = models.DateField(_("feedback to every submitter by"), null=True, blank=True)
    visibility = models.CharField(
        _("visibility"),
        max_length=10,
        choices=ChallengeVisibility.choices,
        default=ChallengeVisibility.PUBLIC,
    )
    anonymous_seeker = models.BooleanField(_("hide our organisation's name"), default=False)
    ip_regime = models.CharField(
        _("IP regime"), max_length=24, choices=IpRegime.choices, default=IpRegime.NON_CONFIDENTIAL
    )
    impact_work_organisation = models.TextField(
        _("work organisation"), max_length=2_000, blank=True
    )
    impact_skills = models.TextField(_("skills and training"), max_length=2_000, blank=True)
    impact_safety = models.TextField(_("ergonomics and safety"), max_length=2_000, blank=True)
    impact_privacy = models.TextField(_("privacy of workers"), max_length=2_000, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)
    # The public text normalised for word search (marketplace/models/search.py).
    search_text = models.TextField(default="", editable=False)
    # A copy of the technologies' slugs, kept by refresh_search_vector(), so that lists and
    # facets need no join through the many-to-many table.
    technology_slugs = models.JSONField(default=list, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ChallengeQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        # The GIN index on search_vector is created by migration (PostgreSQL only).
        indexes = [
            models.Index(fields=["status", "visibility"], name="challenge_status_idx"),
            models.Index(fields=["deadline"], name="challenge_deadline_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        self.refresh_search_vector()

    def get_absolute_url(self) -> str:
        # The page lives in frontend (which depends on us, not the other way round).
        return f"/challenges/{self.pk}/"

    def trl_range(self) -> tuple[int, int] | None:
        """The readiness levels a solver should work at, from the challenge type."""
        return TRL_BY_TYPE.get(self.type)

    def refresh_search_vector(self) -> None:
        """Store the text-search vector of the public fields, analysed in the challenge's own
        language; technology labels in all three languages so that a French search for a
        technology finds a Dutch challenge. Never the confidential detail. Also refreshes the
        copy of the technology slugs."""
        if self.pk is None:
            return
        technologies = list(
            self.technologies.order_by("slug").values_list(
                "slug", "label_nl", "label_en", "label_fr"
            )
        )
        self.technology_slugs = [slug for slug, *_labels in technologies]
        labels = " ".join(f"{nl} {en} {fr}" for _slug, nl, en, fr in technologies)
        body = " ".join([self.summary, self.goal, self.scope])
        self.search_text = search_text(self.title, labels, body)
        changes: dict[str, Any] = {
            "technology_slugs": self.technology_slugs,
            "search_text": self.search_text,
        }
        if connection.vendor == "postgresql":
            config = SEARCH_CONFIGS.get(self.language, "simple")
            changes["search_vector"] = (
                SearchVector(Value(self.title), weight="A", config=config)
                + SearchVector(Value(body), weight="B", config=config)
                + SearchVector(Value(labels), weight="C", config="simple")
                + SearchVector(Value(self.title), weight="D", config="simple")
            )
        Challenge.objects.filter(pk=self.pk).update(**changes)

    # --- lifecycle ------------------------------------------------------------------------

    @property
    def is_industrial(self) -> bool:
        return self.sector in INDUSTRIAL_SECTORS

    @property
    def accepts_proposals(self) -> bool:
        return self.status == Status.OPEN and (
            self.deadline is None or self.deadline > timezone.now()
        )

    @property
    def has_impact_on_work(self) -> bool:
        return any(
            [
                self.impact_work_organisation.strip(),
                self.impact_skills.strip(),
                self.impact_safety.strip(),
                self.impact_privacy.strip(),
            ]
        )

    def allowed_transitions(self) -> set[str]:
        return set(TRANSITIONS.get(self.status, set()))

    def transition_errors(self, to: str) -> list[str]:
        """Why the challenge itself cannot move to `to` now (empty when it can). Pages and the
        lifecycle service ask `services.challenges.transition_blockers`, which adds the
        payments rule."""
        if to not in Status.values:
            return [gettext("Unknown status.")]
        if to not in self.allowed_transitions():
            return [
                gettext("A challenge cannot go from %(from)s to %(to)s.")
                % {"from": Status(self.status).label, "to": Status(to).label}
            ]
        errors: list[str] = []
        if to == Status.OPEN:
            errors += self._publish_errors()
        if to == Status.AWARDED:
            errors += self._award_errors()
        return errors

    def _publish_errors(self) -> list[str]:
        errors = []
        if not self.summary.strip():
            errors.append(gettext("Write a public summary before publishing."))
        if self.deadline is None or self.deadline <= timezone.now():
            errors.append(gettext("Set a deadline for proposals in the future."))
        if self.feedback_deadline is None:
            errors.append(gettext("Set the date by which every submitter gets feedback."))
        elif self.deadline and self.feedback_deadline < timezone.localdate(self.deadline):
            errors.append(gettext("The feedback date must come after the deadline for proposals."))
        if self.is_industrial and not self.has_impact_on_work:
            errors.append(gettext("Describe the impact on work: industrial challenges need it."))
        if not self.criteria.exists():
            errors.append(gettext("Add at least one judging criterion."))
        return errors

    def _award_errors(self) -> list[str]:
        errors = []
        missing = self.proposals.submitted().filter(feedback__isnull=True).count()
        if missing:
            errors.append(
                ngettext(
                    "%(n)d proposal still lacks feedback. Every submitter must hear back first.",
                    "%(n)d proposals still lack feedback. Every submitter must hear back first.",
                    missing,
                )
                % {"n": missing}
            )
        if not self.award_places.filter(awards__revoked_at__isnull=True).exists():
            errors.append(
                gettext("Grant at least one award place before marking the challenge awarded.")
            )
        return errors

    # --- who is who -------------------------------------------------------------------------

    def role_of(self, user: Any) -> str | None:
        """The user's role in the posting organisation."""
        return self.organisation.role_of(user)

    def is_manager(self, user: Any) -> bool:
        return is_signed_in(user) and self.role_of(user) in {Role.OWNER, Role.ADMIN}

    def public_organisation_name(self) -> str:
        return gettext("Anonymous seeker") if self.anonymous_seeker else self.organisation.name


PARTNER_KIND_CHOICES = OrganisationKind.choices


class ChallengeTransition(models.Model):
    """The lifecycle log: one row per status change, never edited."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=12, choices=Status.choices)
    to_status = models.CharField(max_length=12, choices=Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty when the platform moved it (e.g. the deadline passed)."),
    )
    at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("challenge transition")
        verbose_name_plural = _("challenge transitions")

    def __str__(self) -> str:
        return f"{self.challenge_id}: {self.from_status} → {self.to_status}"
