"""The activity feed of a room: who did what, in the order it happened."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

VERBS = {
    "room.created": _("created the room"),
    "room.updated": _("changed the room settings"),
    "member.added": _("added %(name)s"),
    "member.role": _("made %(name)s %(role)s"),
    "member.removed": _("removed %(name)s"),
    "member.left": _("left the room"),
    "milestone.saved": _("updated milestone “%(title)s”"),
    "milestone.deleted": _("deleted milestone “%(title)s”"),
    "deliverable.saved": _("updated deliverable “%(title)s”"),
    "deliverable.deleted": _("deleted deliverable “%(title)s”"),
    "card.saved": _("updated card “%(title)s”"),
    "card.deleted": _("deleted card “%(title)s”"),
    "card.commented": _("commented on card “%(title)s”"),
    "file.added": _("shared “%(title)s”"),
    "file.deleted": _("deleted “%(title)s”"),
    "thread.created": _("started thread “%(title)s”"),
    "thread.resolved": _("resolved thread “%(title)s”"),
    "thread.reopened": _("reopened thread “%(title)s”"),
}


class Activity(models.Model):
    room = models.ForeignKey("collab.Room", on_delete=models.CASCADE, related_name="activity")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    verb = models.CharField(max_length=32, choices=[(key, key) for key in VERBS])
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["room_id", "-created_at", "-id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activity")
        indexes = [models.Index(fields=["room", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.actor} {self.verb}"

    def describe(self) -> str:
        """The entry as a sentence in the active language, without the actor's name."""
        template = str(VERBS.get(self.verb, self.verb))
        values = {key: str(value) for key, value in self.data.items()}
        try:
            return template % values
        except (KeyError, TypeError, ValueError):
            return template
