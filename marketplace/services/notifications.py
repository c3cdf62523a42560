"""Notifications: in-app rows, e-mail right away or in the daily digest, per-user preferences.

Texts are built per recipient in their language and carry only what that recipient may see:
challenge titles, statuses and receipt codes, never the confidential detail or proposal
content.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import override

from marketplace.languages import in_every_language
from marketplace.models import Notification, NotificationPreference, User
from marketplace.models.notifications import EmailFrequency, render_text, url_in_language
from marketplace.tasks import email_send


def preference_for(user: User) -> NotificationPreference:
    preference, _created = NotificationPreference.objects.get_or_create(user=user)
    return preference


def _stored_params(params: Mapping[str, Any]) -> dict[str, Any]:
    """Parameters as kept on the row: plain values as they are, translatable ones (a status
    label, …) as their text per language, so each reader gets theirs."""
    stored: dict[str, Any] = {}
    for key, value in params.items():
        if isinstance(value, Promise):
            stored[key] = in_every_language(partial(str, value))
        elif isinstance(value, (int, float, bool)) or value is None:
            stored[key] = value
        else:
            stored[key] = str(value)
    return stored


def _msgid(text: Any) -> str:
    """The untranslated template of a lazy translatable text (a plain text as it is)."""
    with override(None):  # no language active: gettext gives the msgid back
        return str(text)


def notify(
    *,
    users: Iterable[User],
    kind: str,
    title: Any,
    body: Any = "",
    params: Mapping[str, Any] | None = None,
    challenge: Any = None,
    url: str = "",
) -> list[Notification]:
    """Create one notification per distinct active user (unless they muted `kind`) and e-mail
    those who want e-mail right away, after the transaction commits. `title` and `body` are
    lazy translatable templates, filled with `params` in each recipient's language; the row
    keeps the templates and parameters, so the list shows them in the reader's language."""
    recipients = {u.pk: u for u in users if u is not None and u.is_active}
    if not recipients:
        return []
    preferences = {
        p.user_id: p for p in NotificationPreference.objects.filter(user_id__in=recipients)
    }
    created: list[Notification] = []
    immediate: list[tuple[str, str, str]] = []
    now = timezone.now()
    title_template, body_template = _msgid(title), _msgid(body) if body else ""
    stored_params = _stored_params(params or {})
    for user in recipients.values():
        preference = preferences.get(user.pk)
        if preference is not None and kind in preference.muted_kinds:
            continue
        with override(user.preferred_language):  # as the list will read it (render_text)
            text_title = render_text(title_template, stored_params)
            text_body = render_text(body_template, stored_params) if body_template else ""
        wants_now = preference is not None and preference.email == EmailFrequency.IMMEDIATELY
        notification = Notification(
            user=user,
            kind=kind,
            challenge=challenge,
            title=text_title[:300],
            body=text_body,
            url=url,
            title_template=title_template,
            body_template=body_template,
            params=stored_params,
            emailed_at=now if wants_now else None,
        )
        created.append(notification)
        if wants_now:
            link = settings.SITE_URL + url_in_language(url, user.preferred_language)
            immediate.append((user.email, text_title, f"{text_body}\n\n{link}\n".lstrip()))
    Notification.objects.bulk_create(created)
    for to, subject, mail_body in immediate:
        transaction.on_commit(partial(email_send.enqueue, to=to, subject=subject, body=mail_body))
    return created


def digest_send(*, now: datetime | None = None) -> int:
    """E-mail every user who chose the daily digest their notifications not yet e-mailed.
    Returns the number of digests sent. Safe to run twice: rows are marked as digested."""
    now = now or timezone.now()
    pending = (
        Notification.objects.filter(emailed_at__isnull=True, digested_at__isnull=True)
        .exclude(user__notification_preference__email=EmailFrequency.NEVER)
        .exclude(user__notification_preference__email=EmailFrequency.IMMEDIATELY)
        .filter(user__is_active=True)
        .select_related("user")
        .order_by("user_id", "created_at")
    )
    by_user: dict[int, list[Notification]] = {}
    for notification in pending:
        by_user.setdefault(notification.user_id, []).append(notification)
    sent = 0
    for items in by_user.values():
        user = items[0].user
        with transaction.atomic():
            marked = Notification.objects.filter(
                pk__in=[n.pk for n in items], digested_at__isnull=True
            ).update(digested_at=now)
            if not marked:
                continue
            with override(user.preferred_language):
                subject = _("Kruispunt: your daily summary (%(n)d)") % {"n": len(items)}
                lines = [
                    f"- {n.shown_title}"
                    + (f"\n  {settings.SITE_URL}{n.link(user.preferred_language)}" if n.url else "")
                    for n in items
                ]
                body = "\n".join(lines) + "\n"
            transaction.on_commit(
                partial(email_send.enqueue, to=user.email, subject=subject, body=body)
            )
        sent += 1
    return sent


def notifications_mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    queryset = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        queryset = queryset.filter(pk__in=list(ids))
    return queryset.update(read_at=timezone.now())
