"""``python manage.py form_teams --input FILE --out FILE [--seed N] [--time-limit S]``.

A thin wrapper around :func:`marketplace.teams.form_teams` (DESIGN.md, "Team formation").
Bad or infeasible input: a clear message on stderr and a non-zero exit.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from marketplace.teams import ProblemError, form_teams


class Command(BaseCommand):
    help = "Form multidisciplinary student teams from a JSON request (see DESIGN.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--input", required=True, help="request JSON file ('-' for stdin)")
        parser.add_argument("--out", required=True, help="result JSON file ('-' for stdout)")
        parser.add_argument("--seed", type=int, default=None, help="random seed (default 0)")
        parser.add_argument(
            "--time-limit", type=float, default=None, help="seconds (default: by class size)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            raw = (
                sys.stdin.read()
                if options["input"] == "-"
                else Path(options["input"]).read_text(encoding="utf-8")
            )
            request = json.loads(raw)
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"cannot read {options['input']}: {exc}") from exc
        except json.JSONDecodeError as exc:
            raise CommandError(f"{options['input']} is not valid JSON: {exc}") from exc
        try:
            result = form_teams(request, seed=options["seed"], time_limit=options["time_limit"])
        except ProblemError as exc:
            # CommandError prints "CommandError: <message>" on stderr and exits with 1
            raise CommandError(f"{exc.code}: {exc.message}") from exc
        text = json.dumps(result, ensure_ascii=False, indent=2) + "\n"
        if options["out"] == "-":
            self.stdout.write(text, ending="")
        else:
            Path(options["out"]).write_text(text, encoding="utf-8")
            obj = result["objective"]
            self.stderr.write(
                f"{len(result['teams'])} teams, {len(result['unassigned'])} unassigned,"
                f" worst {obj['worst']}, mean {obj['mean']}, gap {obj['gap']} ({obj['status']})"
            )
