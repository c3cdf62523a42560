"""Creating rooms, membership and invitations."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from collab.models import (
    BoardColumn,
    HistoryVisibility,
    MemberRole,
    Room,
    RoomInvitation,
    RoomMember,
    SourceKind,
)
from collab.payloads import member_data, room_data, user_data
from collab.services.feed import change_announce
from marketplace.tasks import email_send


def _default_columns() -> list[str]:
    return [_("To do"), _("Doing"), _("Done")]


def room_create(
    *,
    name: str,
    created_by: Any,
    members: Iterable[tuple[Any, str]] = (),
    source_kind: str = SourceKind.MANUAL,
    source_id: str | int = "",
    description: str = "",
    history_visibility: str = HistoryVisibility.FULL,
) -> Room:
    """Create a project room with its creator as owner, the given (user, role) members and a
    default task board.

    Awards, partnerships and teams call this with their `source_kind` and `source_id`; a
    second call for the same source returns the existing room (adding members it lacks), so
    callers may retry safely.
    """
    if source_kind not in SourceKind.values:
        raise ValidationError({"source_kind": _("Unknown source.")})
    if history_visibility not in HistoryVisibility.values:
        raise ValidationError({"history_visibility": _("Unknown setting.")})
    wanted = list(members)
    for _user, role in wanted:
        if role not in MemberRole.values:
            raise ValidationError({"members": _("Unknown role.")})
    source_id = str(source_id) if source_kind != SourceKind.MANUAL else ""
    with transaction.atomic():
        room = None
        if source_kind != SourceKind.MANUAL:
            room = (
                Room.objects.select_for_update()
                .filter(source_kind=source_kind, source_id=source_id)
                .first()
            )
        if room is None:
            room = Room(
                name=name,
                description=description,
                source_kind=source_kind,
                source_id=source_id,
                history_visibility=history_visibility,
                created_by=created_by,
            )
            room.full_clean()
            room.save()
            BoardColumn.objects.bulk_create(
                BoardColumn(room=room, name=column, position=i)
                for i, column in enumerate(_default_columns())
            )
            change_announce(room=room, actor=created_by, verb="room.created", data={}, events=[])
        present = set(room.members.values_list("user_id", flat=True))
        if created_by is not None and created_by.pk not in present:
            RoomMember.objects.create(room=room, user=created_by, role=MemberRole.OWNER)
            present.add(created_by.pk)
        for user, role in wanted:
            if user.pk not in present:
                RoomMember.objects.create(room=room, user=user, role=role, joined_seq=room.last_seq)
                present.add(user.pk)
    return room


def room_update(*, actor: Any, room: Room, **fields: Any) -> Room:
    """Change name, description or history visibility (owners; checked by the caller)."""
    allowed = {"name", "description", "history_visibility"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError({key: _("Unknown field.") for key in sorted(unknown)})
    with transaction.atomic():
        for key, value in fields.items():
            setattr(room, key, value)
        room.full_clean()
        room.save(update_fields=[*fields, "updated_at"])
        change_announce(
            room=room,
            actor=actor,
            verb="room.updated",
            data={},
            events=[{"type": "room.updated", "room": room.pk, "data": room_data(room)}],
        )
    return room


def member_add(*, actor: Any, room: Room, user: Any, role: str = MemberRole.MEMBER) -> RoomMember:
    """Add a user to the room. With history_visibility=since_join they see messages from now."""
    if role not in MemberRole.values:
        raise ValidationError({"role": _("Unknown role.")})
    if not user.is_active:
        raise ValidationError({"user": _("This account is not active.")})
    with transaction.atomic():
        locked = Room.objects.select_for_update().get(pk=room.pk)
        if RoomMember.objects.filter(room=locked, user=user).exists():
            raise ValidationError({"user": _("Already a member of this room.")})
        member = RoomMember.objects.create(
            room=locked, user=user, role=role, joined_seq=locked.last_seq
        )
        change_announce(
            room=locked,
            actor=actor,
            verb="member.added",
            data={"name": user.display_name},
            events=[{"type": "member.added", "room": room.pk, "member": member_data(member)}],
        )
    return member


def _owners_after(room: Room, member: RoomMember, role: str | None) -> int:
    roles = dict(RoomMember.objects.select_for_update().filter(room=room).values_list("pk", "role"))
    if role is None:
        roles.pop(member.pk, None)
    else:
        roles[member.pk] = role
    return sum(1 for value in roles.values() if value == MemberRole.OWNER)


def member_set_role(*, actor: Any, member: RoomMember, role: str) -> RoomMember:
    """Change a member's role; a room always keeps at least one owner."""
    if role not in MemberRole.values:
        raise ValidationError({"role": _("Unknown role.")})
    with transaction.atomic():
        if _owners_after(member.room, member, role) == 0:
            raise ValidationError({"role": _("A room needs at least one owner.")})
        member.role = role
        member.save(update_fields=["role"])
        change_announce(
            room=member.room,
            actor=actor,
            verb="member.role",
            data={"name": member.user.display_name, "role": member.get_role_display()},
            events=[
                {"type": "member.updated", "room": member.room_id, "member": member_data(member)}
            ],
        )
    return member


def member_remove(*, actor: Any, member: RoomMember) -> None:
    """Remove a member (or let them leave). Their open sockets to the room are closed right
    after commit. Also the call for revoking access for another reason, such as a withdrawn
    NDA (actor None)."""
    with transaction.atomic():
        if _owners_after(member.room, member, None) == 0:
            raise ValidationError(_("A room needs at least one owner. Make someone else owner."))
        leaving = actor is not None and actor.pk == member.user_id
        user = member.user
        member.delete()
        change_announce(
            room=member.room,
            actor=actor,
            verb="member.left" if leaving else "member.removed",
            data={"name": user.display_name},
            events=[{"type": "member.removed", "room": member.room_id, "user": user_data(user)}],
            close_user_ids=[user.pk],
        )


def invitation_create(*, actor: Any, room: Room, email: str, role: str) -> RoomInvitation:
    """Invite someone by e-mail; they join when they accept with an account of that address."""
    if role not in MemberRole.values:
        raise ValidationError({"role": _("Unknown role.")})
    email = email.strip().lower()
    if RoomMember.objects.filter(room=room, user__email__iexact=email).exists():
        raise ValidationError({"email": _("Already a member of this room.")})
    with transaction.atomic():
        invitation = RoomInvitation.objects.create(
            room=room,
            email=email,
            role=role,
            invited_by=actor,
            expires_at=timezone.now() + timedelta(days=settings.INVITATION_DAYS),
        )
        link = settings.SITE_URL + reverse("room_invitation_accept", args=[invitation.token])
        with override(getattr(actor, "preferred_language", None) or settings.LANGUAGE_CODE):
            subject = _("Invitation to the project room “%(room)s”") % {"room": room.name}
            body = _(
                "%(name)s invites you to work together in “%(room)s” on Kruispunt.\n\n%(link)s"
            ) % {
                "name": actor.display_name,
                "room": room.name,
                "link": link,
            }
        transaction.on_commit(lambda: email_send.enqueue(to=email, subject=subject, body=body))
    return invitation


def invitation_accept(*, user: Any, token: str) -> RoomMember:
    """Accept an open invitation addressed to the user's e-mail address."""
    with transaction.atomic():
        invitation = (
            RoomInvitation.objects.select_for_update()
            .select_related("room")
            .filter(token=token)
            .first()
        )
        if invitation is None or not invitation.is_open:
            raise ValidationError(_("This invitation is no longer valid."))
        if invitation.email.lower() != user.email.lower():
            raise ValidationError(_("This invitation was sent to another e-mail address."))
        member = member_add(
            actor=invitation.invited_by, room=invitation.room, user=user, role=invitation.role
        )
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
    return member
