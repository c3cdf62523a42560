"""The task board: columns and cards."""

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

    class Meta:
        ordering = ["column_id", "position", "id"]
        verbose_name = _("card")
        verbose_name_plural = _("cards")

    def __str__(self) -> str:
        return self.title
