"""In-app notifications, per-user preferences and the daily digest bookkeeping."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import translate_url
from django.utils.translation import get_language, gettext, gettext_noop, override
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    CHALLENGE_STATUS = "challenge_status", _("A challenge you take part in changed status")
    CHALLENGE_INVITATION = "challenge_invitation", _("You were invited to a challenge")
    PROPOSAL_SUBMITTED = "proposal_submitted", _("A proposal was submitted")
    PROPOSAL_RECEIPT = "proposal_receipt", _("Your proposal was received")
    PROPOSAL_WITHDRAWN = "proposal_withdrawn", _("A proposal was withdrawn")
    JUDGE_INVITATION = "judge_invitation", _("You were invited to judge")
    ASSIGNMENT = "assignment", _("Proposals were assigned to you")
    FEEDBACK = "feedback", _("You received feedback")
    FEEDBACK_REMINDER = "feedback_reminder", _("Feedback is due soon")
    AWARD = "award", _("An award was granted")
    NDA_REVOKED = "nda_revoked", _("Your NDA access was revoked")
    COACHING = "coaching", _("A brief asks for coaching")
    ENDORSEMENT = "endorsement", _("A colleague endorsed a challenge")


# Templates that rows stored earlier still carry: kept in the catalogues so that those rows
# read in their reader's language, though nothing sends them any more.
EARLIER_TEMPLATES = (
    gettext_noop("“%(title)s” is now %(status)s"),  # before 'now has the status' (2026-12)
)


def render_text(template: str, params: dict[str, object]) -> str:
    """A stored sentence template (an English msgid) in the active language, filled with its
    parameters; a parameter stored per language ({"nl": …, "en": …, "fr": …}) gives its own
    text in that language."""
    language = get_language() or settings.LANGUAGE_CODE
    values = {
        key: (value.get(language) or value.get("en", "")) if isinstance(value, dict) else value
        for key, value in params.items()
    }
    translated = gettext(template)
    try:
        return translated % values
    except (KeyError, TypeError, ValueError):  # a catalogue slip must not break the list
        return template % values


class Notification(models.Model):
    """One message to one user. Texts carry only what the recipient may see, never the
    confidential detail of a challenge or the content of a proposal.

    The sentence is kept as its template (English msgid) and parameters and rendered when it
    is read, in the reader's language then (they may switch languages after it was sent).
    `title` and `body` keep the text as first rendered: rows from before the templates were
    kept have only these, and show them as they are."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=24, choices=NotificationKind.choices)
    challenge = models.ForeignKey(
        "marketplace.Challenge",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True, max_length=2_000)
    url = models.CharField(max_length=300, blank=True)
    title_template = models.CharField(max_length=300, blank=True)
    body_template = models.CharField(max_length=300, blank=True)
    params = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    digested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def shown_title(self) -> str:
        """The title in the active language (the stored text for rows without a template)."""
        if not self.title_template:
            return self.title
        return render_text(self.title_template, self.params)[:300]

    @property
    def shown_body(self) -> str:
        """The body in the active language (the stored text for rows without a template)."""
        if not self.body_template:
            return self.body
        return render_text(self.body_template, self.params)

    def link(self, language: str | None = None) -> str:
        """The page this notification is about, in `language` (default: the current one)."""
        return url_in_language(self.url, language or get_language())


def url_in_language(url: str, language: str) -> str:
    """A page path of this site as it reads in `language` (/en/…, /fr/…, Dutch unprefixed),
    whatever language it was stored in; other links unchanged."""
    if not url.startswith("/"):
        return url
    for code, _name in settings.LANGUAGES:
        if url.startswith(f"/{code}/"):
            url = url[len(code) + 1 :]
            break
    with override(settings.LANGUAGE_CODE):  # the unprefixed path resolves in the default
        return translate_url(url, language)


class EmailFrequency(models.TextChoices):
    IMMEDIATELY = "immediately", _("Right away")
    DAILY = "daily", _("Once a day, in a digest")
    NEVER = "never", _("Never (only in Kruispunt)")


class NotificationPreference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email = models.CharField(
        _("e-mail me"), max_length=12, choices=EmailFrequency.choices, default=EmailFrequency.DAILY
    )
    muted_kinds = models.JSONField(_("kinds I do not want"), default=list, blank=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user}: {self.email}"
