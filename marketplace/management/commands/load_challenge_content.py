"""python manage.py load_challenge_content — load the challenge guidance (idempotent).

From marketplace/data/challenges: challenge-type templates, IP regime explanations, sector
starter kits, funding-hint rules, good-practice cases and the NDA terms. Rows are upserted by
their key, so editing a data file and running the command again updates the content; rows an
administrator added in the admin stay. NDA terms of an existing version are never rewritten
(acceptances refer to the exact text).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from marketplace.models import (
    ChallengeTypeGuide,
    FundingRule,
    GoodPracticeCase,
    IpRegimeGuide,
    NdaTerms,
    StarterKit,
    Technology,
)

DATA = Path(__file__).resolve().parents[2] / "data" / "challenges"


def _read(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


class Command(BaseCommand):
    help = "Load challenge types, IP regimes, starter kits, funding rules, good practices, NDA."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            counts = {
                "challenge types": self._types(),
                "IP regimes": self._regimes(),
                "starter kits": self._kits(),
                "funding rules": self._funding(),
                "good practices": self._cases(),
                "NDA terms": self._nda(),
            }
        if options["verbosity"]:
            summary = ", ".join(f"{n} {label}" for label, n in counts.items())
            self.stdout.write(f"Challenge content loaded: {summary}.")

    def _types(self) -> int:
        items = _read("challenge_types.json")
        for item in items:
            ChallengeTypeGuide.objects.update_or_create(type=item.pop("type"), defaults=item)
        return len(items)

    def _regimes(self) -> int:
        items = _read("ip_regimes.json")
        for item in items:
            IpRegimeGuide.objects.update_or_create(regime=item.pop("regime"), defaults=item)
        return len(items)

    def _kits(self) -> int:
        items = _read("starter_kits.json")
        for item in items:
            slugs = item.pop("technologies", [])
            kit, _created = StarterKit.objects.update_or_create(
                sector=item.pop("sector"), defaults=item
            )
            kit.technologies.set(Technology.objects.filter(slug__in=slugs))
        return len(items)

    def _funding(self) -> int:
        items = _read("funding_rules.json")
        for item in items:
            FundingRule.objects.update_or_create(slug=item.pop("slug"), defaults=item)
        return len(items)

    def _cases(self) -> int:
        items = _read("good_practices.json")
        for item in items:
            slugs = item.pop("technologies", [])
            case, _created = GoodPracticeCase.objects.update_or_create(
                slug=item.pop("slug"), defaults=item
            )
            case.technologies.set(Technology.objects.filter(slug__in=slugs))
            case.refresh_search_vector()
        return len(items)

    def _nda(self) -> int:
        item = _read("nda_terms.json")
        text = item["text"]
        terms, created = NdaTerms.objects.get_or_create(
            version=item["version"],
            defaults={"text_nl": text["nl"], "text_en": text["en"], "text_fr": text["fr"]},
        )
        if created:
            NdaTerms.objects.exclude(pk=terms.pk).update(is_current=False)
        return 1
