"""python manage.py suggest_partners --queries FILE --out FILE [--limit N] (DESIGN.md).

One answer line per query line, in the same order. A bad line gets an answer line with
"error" and the run goes on.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from marketplace.imports.report import LineError, Progress, read_lines

MAX_LIMIT = 1000


def _answer(engine: Any, query: dict[str, Any], limit: int) -> dict[str, Any]:
    """The engine's answer; a query naming an organisation the index does not know is still
    answered from its text and tags when it has them, with a warning that says so."""
    from marketplace.matching import QueryError, UnknownOrganisationError

    qid = query.get("id")
    try:
        found = engine.suggest(query, limit=limit)
        return {"id": qid, "suggestions": [s.as_dict() for s in found]}
    except UnknownOrganisationError as exc:
        if not str(query.get("text") or "").strip() and not query.get("tags"):
            return {"id": qid, "error": str(exc)}
        warning = f"{exc}; suggestions are based on the text and tags only"
        try:
            found = engine.suggest(query, limit=limit, unknown_org="ignore")
        except QueryError as inner:
            return {"id": qid, "error": str(inner)}
        return {"id": qid, "suggestions": [s.as_dict() for s in found], "warning": warning}
    except QueryError as exc:
        return {"id": qid, "error": str(exc)}


class Command(BaseCommand):
    help = "Suggest partners for each query of a JSON Lines file, with reasons."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--queries", type=Path, required=True)
        parser.add_argument("--out", type=Path, required=True)
        parser.add_argument("--limit", type=int, default=50, help="Suggestions per query (1–1000).")
        parser.add_argument("--language", default="en", choices=["nl", "en", "fr"])
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        from marketplace.matching.explanations import reason_names, reason_text
        from marketplace.matching.models import IndexVersion
        from marketplace.matching.store import current_engine, data_fingerprint, index_build

        limit = options["limit"]
        if not 1 <= limit <= MAX_LIMIT:
            raise CommandError(f"--limit must be between 1 and {MAX_LIMIT}; got {limit}")
        path: Path = options["queries"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        current = IndexVersion.objects.first()
        if current is None or current.fingerprint != data_fingerprint():
            self.stderr.write("Building the matching index from the database …")
            version = index_build()
            self.stderr.write(
                f"Index ready: {version.organisations} entries, {version.collaborations} "
                f"projects in {version.build_seconds:.1f} s"
            )
        engine = current_engine()
        progress = Progress(path.stat().st_size, enabled=not options["no_progress"])
        answered = errors = 0
        with (
            translation.override(options["language"]),
            open(options["out"], "w", encoding="utf-8") as out,
        ):
            for line_no, obj in read_lines(path, progress):
                if isinstance(obj, LineError):
                    answer: dict[str, Any] = {"id": None, "error": f"line {line_no}: {obj}"}
                else:
                    answer = _answer(engine, obj, limit)
                    if "suggestions" in answer:
                        reasons = [r for s in answer["suggestions"] for r in s["reasons"]]
                        names = reason_names(reasons)
                        for suggestion in answer["suggestions"]:
                            suggestion["reasons"] = [
                                {
                                    "code": r["code"],
                                    "text": reason_text(r, names),
                                    "evidence": r["evidence"],
                                    "contribution": r["contribution"],
                                }
                                for r in suggestion["reasons"]
                            ]
                    else:
                        answer["error"] = f"line {line_no}: {answer['error']}"
                errors += "error" in answer
                answered += 1
                out.write(json.dumps(answer, ensure_ascii=False) + "\n")
        progress.finish()
        self.stdout.write(f"{answered} answer lines written to {options['out']} ({errors} errors)")
