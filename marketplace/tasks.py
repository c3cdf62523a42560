"""Background tasks of the marketplace (django-tasks; the database backend in production)."""

from __future__ import annotations

from django.core.mail import send_mail
from django_tasks import task


@task()
def email_send(*, to: str, subject: str, body: str) -> None:
    """Send one plain-text e-mail. Runs in the worker so a slow mail server never blocks a page."""
    send_mail(subject, body, None, [to])
