"""`python manage.py reconcile_stripe [--challenge ID ...]`: compare the payments ledger with
Stripe and print every difference and every problem staff must act on. Exits with status 1
when there is any, so a scheduler can alert."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from marketplace.payments.reconcile import problems, reconcile
from marketplace.payments.stripe_api import StripeFailure


class Command(BaseCommand):
    help = "Compare the payments ledger with Stripe and report every difference."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--challenge", type=int, action="append", help="Only this challenge (repeatable)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        ids = set(options["challenge"]) if options.get("challenge") else None
        try:
            differences = reconcile(ids)
        except StripeFailure as exc:
            raise CommandError(f"Stripe could not be read: {exc}") from None
        issues = problems(ids)
        for item in differences:
            self.stdout.write(f"DIFFERENCE {item}")
        for item in issues:
            self.stdout.write(f"PROBLEM {item}")
        if differences or issues:
            self.stdout.write(
                self.style.WARNING(f"{len(differences)} difference(s), {len(issues)} problem(s).")
            )
            raise SystemExit(1)
        self.stdout.write(self.style.SUCCESS("The ledger matches Stripe. No problems."))
