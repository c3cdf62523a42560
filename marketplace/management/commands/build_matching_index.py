"""python manage.py build_matching_index — build the matching index from the database now."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Build the matching index from the database and make it current."

    def handle(self, *args: Any, **options: Any) -> None:
        from marketplace.matching.store import index_build

        version = index_build()
        self.stdout.write(
            f"Matching index {version.fingerprint[:12]}: {version.organisations} entries, "
            f"{version.collaborations} projects, built in {version.build_seconds:.1f} s "
            f"({version.path})"
        )
        phases = getattr(version, "phases", "")
        if phases:
            self.stdout.write(f"  {phases}")
