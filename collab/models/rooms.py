"""Rooms, their members and invitations."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SourceKind(models.TextChoices):
    MANUAL = "manual", _("Created by hand")
    AWARD = "award", _("Challenge award")
    PARTNERSHIP = "partnership", _("Partnership")
    TEAM = "team", _("Student team")


class HistoryVisibility(models.TextChoices):
    FULL = "full", _("Members see the whole history")
    SINCE_JOIN = "since_join", _("Members see messages from when they joined")


class MemberRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    MEMBER = "member", _("Member")
    OBSERVER = "observer", _("Observer")


class DigestFrequency(models.TextChoices):
    OFF = "off", _("No digest")
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")


class RoomQuerySet(models.QuerySet["Room"]):
    def visible_to(self, user: Any) -> RoomQuerySet:
        """Rooms the user belongs to; nothing for anonymous or deactivated accounts."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        return self.filter(members__user=user)


def room_group(room_id: int) -> str:
    """The channel-layer group of a room's real-time events: the one place it is named."""
    return f"room.{room_id}"


class Room(models.Model):
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=5_000)
    source_kind = models.CharField(
        _("created from"), max_length=12, choices=SourceKind.choices, default=SourceKind.MANUAL
    )
    source_id = models.CharField(_("source reference"), max_length=64, blank=True)
    history_visibility = models.CharField(
        _("history for new members"),
        max_length=12,
        choices=HistoryVisibility.choices,
        default=HistoryVisibility.FULL,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The last chat sequence number handed out; taken under a row lock so seq has no gaps.
    last_seq = models.PositiveBigIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RoomQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("project room")
        verbose_name_plural = _("project rooms")
        constraints = [
            models.UniqueConstraint(
                fields=["source_kind", "source_id"],
                condition=~Q(source_kind="manual"),
                name="one_room_per_source",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("room_detail", args=[self.pk])

    @property
    def group_name(self) -> str:
        """The channel-layer group of this room's real-time events."""
        return room_group(self.pk)


class RoomMember(models.Model):
    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="room_memberships"
    )
    role = models.CharField(
        _("role"), max_length=8, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    # With history_visibility=since_join a member sees messages after this sequence number.
    joined_seq = models.PositiveBigIntegerField(default=0, editable=False)
    joined_at = models.DateTimeField(auto_now_add=True)
    email_mentions = models.BooleanField(_("e-mail me when I am mentioned"), default=True)
    digest = models.CharField(
        _("e-mail digest"),
        max_length=8,
        choices=DigestFrequency.choices,
        default=DigestFrequency.DAILY,
    )
    digest_sent_seq = models.PositiveBigIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["room_id", "joined_at", "id"]
        verbose_name = _("room member")
        verbose_name_plural = _("room members")
        constraints = [
            models.UniqueConstraint(fields=["room", "user"], name="one_room_member_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.room} ({self.role})"

    @property
    def can_contribute(self) -> bool:
        return self.role in {MemberRole.OWNER, MemberRole.MEMBER}

    def history_floor(self, room: Room) -> int:
        """Messages with seq above this number are visible to this member."""
        return self.joined_seq if room.history_visibility == HistoryVisibility.SINCE_JOIN else 0


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


class RoomInvitation(models.Model):
    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(
        _("role"), max_length=8, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    token = models.CharField(max_length=64, unique=True, default=_invitation_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("room invitation")
        verbose_name_plural = _("room invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.room}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()
