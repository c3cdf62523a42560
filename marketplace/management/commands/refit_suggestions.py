"""python manage.py refit_suggestions — refit the suggestions' re-ranking on what users
accepted and dismissed (run daily by `clock`; the fit itself runs in the worker)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Queue a refit of the suggestions' re-ranking on users' reactions (--now: run here)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--now", action="store_true", help="Fit in this process.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["now"]:
            from marketplace.matching.learning import rerank_refit

            fit = rerank_refit()
            self.stdout.write(f"{fit.get_outcome_display()}: {fit.note or fit.figures}")
            return
        from marketplace.matching.tasks import suggestions_refit

        suggestions_refit.enqueue()
        self.stdout.write("Refit queued for the worker.")
