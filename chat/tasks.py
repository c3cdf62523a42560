"""Background work of the chat: e-mail for mentions of offline members, and digests."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from django_tasks import task

from chat.models import Mention, Message, ReadPointer
from chat.presence import online_user_ids
from collab.models import DigestFrequency, RoomMember

DIGEST_MESSAGES_SHOWN = 5


def _room_link(room_id: int) -> str:
    return settings.SITE_URL + reverse("room_detail", args=[room_id])


@task()
def mention_notify(*, message_id: int) -> None:
    """E-mail each member mentioned in the message who is not connected to the room and
    wants these e-mails. Runs once per message; a retry skips who was already mailed."""
    mentions = list(
        Mention.objects.filter(message_id=message_id, emailed_at__isnull=True).select_related(
            "user", "message__room", "message__sender"
        )
    )
    if not mentions or mentions[0].message.deleted:
        return
    room_id = mentions[0].message.room_id
    wanting = set(
        RoomMember.objects.filter(
            room_id=room_id, user_id__in=[m.user_id for m in mentions], email_mentions=True
        ).values_list("user_id", flat=True)
    )
    online = online_user_ids(room_id)
    for mention in mentions:
        message, user = mention.message, mention.user
        if not user.is_active or user.pk not in wanting or user.pk in online:
            continue
        sender = message.sender.display_name if message.sender else _("Someone")
        with override(user.preferred_language or settings.LANGUAGE_CODE):
            subject = _("%(name)s mentioned you in “%(room)s”") % {
                "name": sender,
                "room": message.room.name,
            }
            reply = _("Reply in the room: %(link)s") % {"link": _room_link(message.room_id)}
            body = f"{subject}\n\n{message.body[:1000]}\n\n{reply}"
        send_mail(subject, body, None, [user.email])
        Mention.objects.filter(pk=mention.pk).update(emailed_at=timezone.now())


@task()
def digest_send(*, frequency: str) -> int:
    """Send every member with this digest frequency one e-mail about the unread messages in
    their rooms since their last digest. Returns the number of e-mails sent."""
    if frequency not in {DigestFrequency.DAILY, DigestFrequency.WEEKLY}:
        raise ValueError(f"unknown digest frequency {frequency!r}")
    members = (
        RoomMember.objects.filter(digest=frequency, user__is_active=True)
        .select_related("user", "room")
        .order_by("user_id", "room_id")
    )
    by_user: dict[int, list[RoomMember]] = {}
    for member in members:
        by_user.setdefault(member.user_id, []).append(member)
    sent = 0
    for memberships in by_user.values():
        user = memberships[0].user
        sections = []
        for member in memberships:
            pointer = (
                ReadPointer.objects.filter(room=member.room, user=user, thread__isnull=True)
                .values_list("seq", flat=True)
                .first()
                or 0
            )
            floor = max(pointer, member.digest_sent_seq, member.history_floor(member.room))
            unread = Message.objects.filter(
                room=member.room, seq__gt=floor, deleted_at__isnull=True
            ).filter(~Q(sender=user))
            count = unread.count()
            if count:
                latest = list(
                    unread.select_related("sender").order_by("-seq")[:DIGEST_MESSAGES_SHOWN]
                )
                sections.append((member, count, list(reversed(latest))))
        if not sections:
            continue
        with override(user.preferred_language or settings.LANGUAGE_CODE):
            subject = _("Unread messages in your project rooms")
            parts = []
            for member, count, latest in sections:
                lines = [
                    _("%(room)s: %(count)d unread") % {"room": member.room.name, "count": count}
                ]
                for message in latest:
                    name = message.sender.display_name if message.sender else "—"
                    lines.append(f"  {name}: {message.body[:200]}")
                lines.append("  " + _room_link(member.room_id))
                parts.append("\n".join(lines))
            body = "\n\n".join(parts)
        send_mail(subject, body, None, [user.email])
        sent += 1
        for member, _count, _latest in sections:
            RoomMember.objects.filter(pk=member.pk).update(digest_sent_seq=member.room.last_seq)
    return sent
