"""What the bulk-import management commands share: arguments, progress, report, and asking
for a matching-index rebuild when something changed."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from marketplace.imports.report import ImportReport, Progress

Importer = Callable[[Path, Progress | None], ImportReport]


class ImportCommand(BaseCommand):
    importer: Importer

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--no-progress", action="store_true", help="Do not draw a progress bar."
        )
        parser.add_argument(
            "--json", action="store_true", help="Print the report as one JSON line."
        )
        parser.add_argument(
            "--no-index",
            action="store_true",
            help="Do not ask for a matching-index rebuild (when more imports follow).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        progress = Progress(path.stat().st_size, enabled=not options["no_progress"])
        report = self.importer(path, progress)
        if report.created or report.updated:
            # Suggestions follow the new data: rebuild the matching index in the background.
            from marketplace.matching.store import forget_fingerprint, index_rebuild_soon

            forget_fingerprint()
            if not options["no_index"]:
                index_rebuild_soon()
        self.stdout.write(json.dumps(report.as_dict()) if options["json"] else report.summary())
