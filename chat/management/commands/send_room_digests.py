"""Queue the e-mail digest of unread room messages (schedule daily and weekly, e.g. cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from chat.tasks import digest_send


class Command(BaseCommand):
    help = "Send the daily or weekly digest of unread project-room messages."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--frequency", choices=["daily", "weekly"], default="daily")

    def handle(self, *args: Any, **options: Any) -> None:
        result = digest_send.enqueue(frequency=options["frequency"])
        self.stdout.write(f"Digest {options['frequency']} queued ({result.id}).")
