"""What the matching engine keeps in the database: users' reactions to suggestions, and which
index version is current (the index itself lives in files, see store.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Verdict(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    DISMISSED = "dismissed", _("Dismissed")


class FeedbackReason(models.TextChoices):
    RELEVANT = "relevant", _("Relevant: we want to get in touch")
    ALREADY_KNOWN = "already_known", _("We already work with them")
    NOT_RELEVANT = "not_relevant", _("Not relevant for us")
    WRONG_SECTOR = "wrong_sector", _("Wrong sector or technology")
    TOO_FAR = "too_far", _("Too far away")
    WRONG_SIZE = "wrong_size", _("Too big or too small for us")
    COMPETITOR = "competitor", _("A competitor")
    OTHER = "other", _("Another reason")


class SuggestionFeedback(models.Model):
    """A reaction to one suggested candidate for one subject (an organisation looking for
    partners, a challenge looking for solvers, a solver looking for challenges). The latest
    reaction counts; a dismissed candidate is not suggested for that subject again."""

    subject = models.CharField(_("suggestions for"), max_length=120)
    candidate = models.CharField(_("suggested"), max_length=120)
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices)
    reason = models.CharField(_("reason"), max_length=16, choices=FeedbackReason.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("suggestion feedback")
        verbose_name_plural = _("suggestion feedback")
        constraints = [
            models.UniqueConstraint(fields=["subject", "candidate"], name="one_verdict_per_pair")
        ]
        indexes = [models.Index(fields=["subject"])]

    def __str__(self) -> str:
        return f"{self.subject} → {self.candidate}: {self.verdict}"


class IndexVersion(models.Model):
    """One built matching index. The newest row is current; every web process loads it from
    MATCHING_INDEX_DIR (a shared volume when processes run on several machines)."""

    fingerprint = models.CharField(max_length=64, unique=True)
    path = models.CharField(max_length=500)
    organisations = models.PositiveIntegerField(default=0)
    collaborations = models.PositiveIntegerField(default=0)
    build_seconds = models.FloatField(default=0)
    built_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-built_at", "-id"]
        verbose_name = _("matching index version")
        verbose_name_plural = _("matching index versions")

    def __str__(self) -> str:
        return f"{self.fingerprint[:12]} ({self.organisations} organisations)"


class RerankFit(models.Model):
    """One refit of the installation's re-ranking on its users' reactions (rerank.py), with
    the figures that decided whether it is used. The newest accepted fit is in force."""

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", _("In use")
        REFUSED = "refused", _("Refused: worse on the offline check")
        TOO_LITTLE = "too_little", _("Not fitted: too few reactions yet")

    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    accepted = models.PositiveIntegerField(_("accepted suggestions used"), default=0)
    dismissed = models.PositiveIntegerField(_("dismissed suggestions used"), default=0)
    features = models.JSONField(_("signals"), default=list)
    weights = models.JSONField(_("weights"), default=list)
    figures = models.JSONField(_("figures"), default=dict)
    note = models.CharField(_("why"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("fitted at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("re-ranking refit")
        verbose_name_plural = _("re-ranking refits")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_outcome_display()}"


class TextVector(models.Model):
    """The text vector (embedding.py) of one text that the matching index or a query uses,
    keyed by a hash of the text. Computed by the worker (``vector`` is empty until then),
    never in a request; kept while the text may come back, so a rebuild embeds nothing twice.
    ``published`` vectors count in the index fingerprint: the worker publishes a batch when it
    is done, so one rebuild follows a batch instead of one per saved vector."""

    key = models.CharField(max_length=64, primary_key=True)
    text = models.TextField()
    vector = models.BinaryField(null=True)  # float16, embedding.DIM values
    published = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("text vector")
        verbose_name_plural = _("text vectors")
        indexes = [models.Index(fields=["published"], name="matching_textvector_pub")]

    def __str__(self) -> str:
        return self.key


class ShownSuggestion(models.Model):
    """One candidate shown to one subject on a suggestion panel: the first time, and the
    subject's reaction when there is one. The programme dashboard counts these (shown,
    accepted, dismissed with reasons) and follows them to what happened next: whether the
    party that could propose (``organisation`` or ``user``) proposed to ``challenge`` after
    it was first shown (``proposed_at``), and won an award there (``won_at``).

    Only the pairs that concern a challenge carry ``challenge``; partner suggestions between
    organisations carry the suggested ``organisation`` alone."""

    subject = models.CharField(_("suggestions for"), max_length=120)
    candidate = models.CharField(_("suggested"), max_length=120)
    challenge = models.ForeignKey(
        "marketplace.Challenge", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    organisation = models.ForeignKey(
        "marketplace.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    first_shown_at = models.DateTimeField()
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices, blank=True)
    reason = models.CharField(
        _("reason"), max_length=16, choices=FeedbackReason.choices, blank=True
    )
    # What came of it, set by the proposal and award services (shown.shown_answered): the
    # dashboard counts them in one pass over this table instead of joining proposals per row.
    proposed_at = models.DateTimeField(null=True, blank=True)
    won_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("shown suggestion")
        verbose_name_plural = _("shown suggestions")
        constraints = [
            models.UniqueConstraint(fields=["subject", "candidate"], name="one_shown_per_pair")
        ]
        indexes = [models.Index(fields=["first_shown_at"], name="matching_shown_at")]

    def __str__(self) -> str:
        return f"{self.subject} → {self.candidate}"
