"""python manage.py import_organisations FILE — upsert organisations by ref (DESIGN.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from marketplace.imports.organisations import import_organisations
from marketplace.imports.report import Progress


class Command(BaseCommand):
    help = "Import organisations from a JSON Lines file (upsert by ref)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--no-progress", action="store_true", help="Do not draw a progress bar."
        )
        parser.add_argument(
            "--json", action="store_true", help="Print the report as one JSON line."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        progress = Progress(path.stat().st_size, enabled=not options["no_progress"])
        report = import_organisations(path, progress)
        self.stdout.write(json.dumps(report.as_dict()) if options["json"] else report.summary())
