"""python manage.py challenge_daily — the daily run of the challenge marketplace.

Closes open challenges whose deadline passed (logged as moved by the platform), sends the
feedback reminders (7, 3 and 1 days before the feedback deadline, and on the day) and e-mails
the daily digest of notifications. Safe to run more than once a day. Schedule it with cron or
the platform scheduler, e.g. `0 7 * * * python manage.py challenge_daily`.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from marketplace.services.challenges import challenges_close_expired
from marketplace.services.judging import feedback_reminders_send
from marketplace.services.notifications import digest_send


class Command(BaseCommand):
    help = "Close expired challenges, send feedback reminders and the daily digest."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--no-digest", action="store_true", help="Skip the e-mail digest.")

    def handle(self, *args: Any, **options: Any) -> None:
        closed = challenges_close_expired()
        reminded = feedback_reminders_send()
        digests = 0 if options["no_digest"] else digest_send()
        if options["verbosity"]:
            self.stdout.write(
                f"Closed {closed} challenge(s); {reminded} reminder(s); {digests} digest(s)."
            )
