"""`import_organisations`: upsert organisations by `ref` from JSON Lines.

Every line is validated completely before anything is written, so a bad line is reported and
skipped and never leaves half a record; good lines are written in batches.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone

from marketplace.imports.report import ImportReport, LineError, Progress, run_import
from marketplace.models import NaceCode, NutsRegion, Organisation
from marketplace.models.organisations import LANGUAGE_CHOICES, OrganisationKind

BATCH = 1000
FIELDS = [
    "name",
    "kind",
    "country",
    "nuts_id",
    "description",
    "website",
    "languages",
    "updated_at",
]
LANGUAGES = {code for code, _label in LANGUAGE_CHOICES}
_url = URLValidator(schemes=["http", "https"])


@dataclass
class OrganisationLine:
    line_no: int
    ref: str
    values: dict[str, Any]  # only the fields present in the line
    nace: list[str] | None
    warnings: list[str]


def _text(obj: dict[str, Any], key: str, max_length: int, required: bool = False) -> str | None:
    if key not in obj or obj[key] is None:
        if required:
            raise LineError(f"'{key}' is required")
        return None
    value = obj[key]
    if not isinstance(value, str):
        raise LineError(f"'{key}' must be a string")
    if "\x00" in value:  # PostgreSQL cannot store it; it would fail the whole batch
        raise LineError(f"'{key}' contains a NUL character")
    value = value.strip()
    if required and not value:
        raise LineError(f"'{key}' must not be empty")
    if len(value) > max_length:
        raise LineError(f"'{key}' is longer than {max_length} characters")
    return value


def parse_line(
    line_no: int, obj: dict[str, Any], nace_codes: set[str], nuts_codes: set[str]
) -> OrganisationLine:
    ref = _text(obj, "ref", 100, required=True)
    name = _text(obj, "name", 200, required=True)
    values: dict[str, Any] = {"name": name}
    warnings: list[str] = []
    kind = _text(obj, "kind", 24)
    if kind is not None:
        if kind not in OrganisationKind.values:
            raise LineError(
                f"unknown kind {kind!r}; expected one of {', '.join(OrganisationKind.values)}"
            )
        values["kind"] = kind
    country = _text(obj, "country", 2)
    if country is not None:
        if country and not (len(country) == 2 and country.isalpha()):
            raise LineError(f"'country' must be a two-letter code; got {country!r}")
        values["country"] = country.upper()
    nuts = _text(obj, "nuts", 5)
    if nuts is not None:
        if nuts and nuts not in nuts_codes:
            # Sources use other NUTS versions and non-EU codes; the organisation is still
            # worth having, without a region.
            warnings.append(f"unknown NUTS 2016 region {nuts!r}; imported without a region")
        else:
            values["nuts_id"] = nuts or None
    description = _text(obj, "description", 10_000)
    if description is not None:
        values["description"] = description
    website = _text(obj, "website", 200)
    if website is not None:
        if website:
            try:
                _url(website)
            except ValidationError:
                raise LineError(f"'website' is not an http(s) URL: {website!r}") from None
        values["website"] = website
    if "languages" in obj:
        languages = obj["languages"]
        if not isinstance(languages, list) or not all(isinstance(x, str) for x in languages):
            raise LineError("'languages' must be a list of language codes")
        unknown = [x for x in languages if x not in LANGUAGES]
        if unknown:
            raise LineError(f"unknown language code(s): {', '.join(unknown)}")
        values["languages"] = languages
    nace = None
    if "nace" in obj:
        nace = obj["nace"]
        if not isinstance(nace, list) or not all(isinstance(x, str) for x in nace):
            raise LineError("'nace' must be a list of NACE-BEL codes")
        nace = [normalise_nace(x) for x in nace]
        unknown = [x for x in nace if x not in nace_codes]
        if unknown:
            raise LineError(f"unknown NACE-BEL code(s): {', '.join(unknown)}")
    assert ref is not None
    return OrganisationLine(line_no, ref, values, nace, warnings)


def normalise_nace(code: str) -> str:
    """Accept 2899 as well as 28.99 (and 28990 for 28.990)."""
    code = code.strip()
    if code.isdigit() and len(code) > 2:
        return f"{code[:2]}.{code[2:]}"
    return code


def _write_batch(batch: list[OrganisationLine], report: ImportReport) -> None:
    existing = {o.ref: o for o in Organisation.objects.filter(ref__in=[b.ref for b in batch])}
    current_nace: dict[int, set[str]] = {}
    if any(b.nace is not None for b in batch) and existing:
        through = Organisation.nace.through
        for org_id, code in through.objects.filter(
            organisation_id__in=[o.pk for o in existing.values()]
        ).values_list("organisation_id", "nacecode_id"):
            current_nace.setdefault(org_id, set()).add(code)
    now = timezone.now()
    to_create: list[Organisation] = []
    to_update: list[Organisation] = []
    nace_to_set: list[tuple[Organisation, list[str]]] = []
    for item in batch:
        org = existing.get(item.ref)
        if org is None:
            org = Organisation(ref=item.ref, **item.values)
            org.size_class = ""
            to_create.append(org)
            existing[item.ref] = org  # a repeated ref later in the same batch updates it
            if item.nace:
                nace_to_set.append((org, item.nace))
            report.created += 1
            continue
        changed = any(getattr(org, key) != value for key, value in item.values.items())
        for key, value in item.values.items():
            setattr(org, key, value)
        nace_changed = item.nace is not None and set(item.nace) != current_nace.get(org.pk, set())
        if changed and org.pk is not None:
            org.updated_at = now
            to_update.append(org)
        if nace_changed:
            nace_to_set.append((org, item.nace or []))
        if changed or nace_changed:
            report.updated += 1
        else:
            report.unchanged += 1
    Organisation.objects.bulk_create(to_create, batch_size=BATCH)
    if to_update:
        Organisation.objects.bulk_update(to_update, FIELDS, batch_size=BATCH)
    for org, codes in nace_to_set:
        org.nace.set(NaceCode.objects.filter(code__in=codes))


def import_organisations(path: Path, progress: Progress | None = None) -> ImportReport:
    nace_codes = set(NaceCode.objects.values_list("code", flat=True))
    nuts_codes = set(NutsRegion.objects.values_list("code", flat=True))
    return run_import(
        path,
        progress,
        lambda line_no, obj: parse_line(line_no, obj, nace_codes, nuts_codes),
        _write_batch,
        BATCH,
    )
