"""The task board: columns, cards and the comments on a card."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BoardColumn(models.Model):
    room = models.ForeignKey("collab.Room", on_delete=models.CASCADE, related_name="columns")
    name = models.CharField(_("name"), max_length=80)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["room_id", "position", "id"]
        verbose_name = _("board column")
        verbose_name_plural = _("board columns")

    def __str__(self) -> str:
        return self.name


class CardQuerySet(models.QuerySet["Card"]):
    def for_board(self) -> CardQuerySet:
        """Cards as a board shows them: with their assignees and the number of comments."""
        return self.prefetch_related("assignees").annotate(comment_total=models.Count("comments"))


class Card(models.Model):
    room = models.ForeignKey("collab.Room", on_delete=models.CASCADE, related_name="cards")
    column = models.ForeignKey(BoardColumn, on_delete=models.CASCADE, related_name="cards")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=5_000)
    assignees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("assignees"), blank=True, related_name="+"
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    position = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CardQuerySet.as_manager()

    class Meta:
        ordering = ["column_id", "position", "id"]
        verbose_name = _("card")
        verbose_name_plural = _("cards")

    def __str__(self) -> str:
        return self.title


class CardComment(models.Model):
    """A remark on a card, kept beside the card rather than in the chat so that the discussion
    of one task stays with that task (as on Basecamp's and Trello's cards)."""

    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("comment"), max_length=5_000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["card_id", "created_at", "id"]
        verbose_name = _("card comment")
        verbose_name_plural = _("card comments")

    def __str__(self) -> str:
        return self.body[:60]
