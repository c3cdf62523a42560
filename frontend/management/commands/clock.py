"""python manage.py clock — the `clock` process: runs the daily jobs at their hour.

Jobs are plain management commands. Several clock processes may run (one per machine): each
job runs once per day, whoever takes the day's lock in the shared cache (Redis) first.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

# (command, local hour to run at)
JOBS = [
    ("challenge_daily", 7),  # close expired challenges, feedback reminders, daily digest
    ("send_room_digests", 18),  # project-room digests for members who were away
    ("refit_suggestions", 3),  # re-ranking of suggestions on users' reactions (in the worker)
]


def due_jobs(now: Any) -> list[str]:
    local = timezone.localtime(now)
    return [name for name, hour in JOBS if local.hour >= hour]


class Command(BaseCommand):
    help = "Run the daily jobs at their hour (one clock per deployment is enough)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="Check once and exit.")
        parser.add_argument("--interval", type=int, default=60, help="Seconds between checks.")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            now = timezone.now()
            day = timezone.localdate(now).isoformat()
            for name in due_jobs(now):
                if cache.add(f"clock:{name}:{day}", now.isoformat(), timeout=2 * 86400):
                    self.stdout.write(f"{now:%Y-%m-%d %H:%M} running {name}")
                    try:
                        call_command(name)
                    except Exception as exc:  # keep the clock alive; the job retries tomorrow
                        self.stderr.write(f"{name} failed: {exc!r}")
            if options["once"]:
                return
            time.sleep(max(1, options["interval"]))
