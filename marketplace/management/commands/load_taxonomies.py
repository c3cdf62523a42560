"""Load the reference taxonomies from marketplace/data into the database (idempotent)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from marketplace.models import EscoSkill, IscedField, NaceCode, NutsRegion, Technology

DATA = Path(__file__).resolve().parents[2] / "data"


def _rows(name: str) -> Iterator[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def _upsert(model: Any, objects: list[Any], key: str, batch: int = 2000) -> int:
    fields = [f.name for f in model._meta.concrete_fields if f.name != key and not f.primary_key]
    if model._meta.pk.name != key:
        fields = [f for f in fields if f != "id"]
    model.objects.bulk_create(
        objects, batch_size=batch, update_conflicts=True, unique_fields=[key], update_fields=fields
    )
    return len(objects)


def load_nace() -> int:
    rows = list(_rows("nace_bel_2008.csv"))
    # Parents first: insert without parent, then set parents in a second pass.
    objects = [
        NaceCode(
            code=r["code_dotted"],
            level=r["level"],
            section=r["section"],
            title_nl=r["title_nl"],
            title_en=r["title_en"],
            title_fr=r["title_fr"],
            parent_id=None,
        )
        for r in rows
    ]
    _upsert(NaceCode, objects, "code")
    for obj, r in zip(objects, rows, strict=True):
        obj.parent_id = r["parent_code_dotted"] or None
    NaceCode.objects.bulk_update(objects, ["parent"], batch_size=2000)
    return len(objects)


def load_isced() -> int:
    objects = [
        IscedField(
            code=r["detailed_code"],
            title_en=r["detailed_title"],
            title_nl=r.get("title_nl", ""),
            title_fr=r.get("title_fr", ""),
            narrow_code=r["narrow_code"],
            narrow_title=r["narrow_title"],
            broad_code=r["broad_code"],
            broad_title=r["broad_title"],
        )
        for r in _rows("isced_f_2013.csv")
    ]
    return _upsert(IscedField, objects, "code")


def load_esco() -> int:
    objects = [
        EscoSkill(
            uri=r["uri"],
            label=r["label"][:300],
            label_nl=(r.get("label_nl", "") or "")[:300],
            label_fr=(r.get("label_fr", "") or "")[:300],
            description=r.get("description", ""),
            alt_labels=r.get("alt_labels", "") or "",
        )
        for r in _rows("esco_skills.csv")
    ]
    return _upsert(EscoSkill, objects, "uri")


def load_nuts() -> int:
    objects = [
        NutsRegion(
            code=r["code"],
            level=int(r["level"]),
            country=r["country"],
            label=r["label"],
            label_nl=r.get("label_nl", "") or "",
            label_fr=r.get("label_fr", "") or "",
            label_en=r.get("label_en", "") or "",
        )
        for r in _rows("nuts_2016.csv")
    ]
    return _upsert(NutsRegion, objects, "code")


def load_technologies() -> int:
    with open(DATA / "technologies.json", encoding="utf-8") as handle:
        items = json.load(handle)
    objects = [
        Technology(
            slug=item["slug"],
            group=item["group"],
            label_nl=item["label"]["nl"],
            label_en=item["label"]["en"],
            label_fr=item["label"]["fr"],
            explanation_nl=item["explanation"]["nl"],
            explanation_en=item["explanation"]["en"],
            explanation_fr=item["explanation"]["fr"],
            keywords=item.get("keywords", {}),
        )
        for item in items
    ]
    return _upsert(Technology, objects, "slug")


LOADERS = {
    "nace": load_nace,
    "isced": load_isced,
    "esco": load_esco,
    "nuts": load_nuts,
    "technologies": load_technologies,
}


class Command(BaseCommand):
    help = "Load NACE-BEL, ISCED-F, ESCO, NUTS and the technology taxonomy (idempotent)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--only", choices=sorted(LOADERS), action="append")

    def handle(self, *args: Any, **options: Any) -> None:
        for name, loader in LOADERS.items():
            if options["only"] and name not in options["only"]:
                continue
            with transaction.atomic():
                count = loader()
            if options["verbosity"] > 0:
                self.stdout.write(f"{name}: {count} entries")
