"""`import_collaborations`: upsert past joint projects (track record) by `ref`.

A line names its participants by organisation `ref`; participants that were never imported are
skipped with a warning (the rest of the project is still worth knowing), and a line with no
known participant is rejected. Lines are validated completely before anything is written.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from marketplace.imports.organisations import _text
from marketplace.imports.report import ImportReport, LineError, Progress, run_import
from marketplace.models import Collaboration, Organisation, Participation

BATCH = 500
ROLES = {"coordinator", "participant"}
MAX_PARTICIPANTS = 1000
MAX_TAGS = 50


@dataclass
class CollaborationLine:
    line_no: int
    ref: str
    values: dict[str, Any]
    participants: dict[int, str]  # organisation id → role
    warnings: list[str]


def _parse_start(value: Any) -> datetime.date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise LineError("'start' must be a date string YYYY-MM-DD")
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        raise LineError(f"'start' is not a date (YYYY-MM-DD): {value!r}") from None


def parse_line(line_no: int, obj: dict[str, Any], org_ids: dict[str, int]) -> CollaborationLine:
    ref = _text(obj, "ref", 100, required=True)
    assert ref is not None
    values: dict[str, Any] = {}
    warnings: list[str] = []
    for key, limit in (("title", 500), ("summary", 20_000)):
        text = _text(obj, key, limit)
        if text is not None:
            values[key] = text
    if "start" in obj:
        values["start"] = _parse_start(obj["start"])
    if "tags" in obj:
        tags = obj["tags"]
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise LineError("'tags' must be a list of strings")
        if len(tags) > MAX_TAGS:
            raise LineError(f"more than {MAX_TAGS} tags")
        values["tags"] = [t.strip()[:100] for t in tags if t.strip()]
    if "participants" not in obj:
        raise LineError("'participants' is required")
    participants = obj["participants"]
    if not isinstance(participants, list) or not participants:
        raise LineError("'participants' must be a non-empty list")
    if len(participants) > MAX_PARTICIPANTS:
        raise LineError(f"more than {MAX_PARTICIPANTS} participants")
    known: dict[int, str] = {}
    unknown: list[str] = []
    for position, participant in enumerate(participants, start=1):
        if not isinstance(participant, dict) or not isinstance(participant.get("org"), str):
            raise LineError(f"participant {position} must be an object with an 'org' ref")
        role = participant.get("role", "participant")
        if role not in ROLES:
            raise LineError(f"participant {position} has unknown role {role!r}")
        org_id = org_ids.get(participant["org"])
        if org_id is None:
            unknown.append(participant["org"])
            continue
        # An organisation listed twice keeps its strongest role.
        if known.get(org_id) != "coordinator":
            known[org_id] = role
    if not known:
        raise LineError("none of the participants is an imported organisation")
    if unknown:
        shown = ", ".join(unknown[:5]) + (" …" if len(unknown) > 5 else "")
        warnings.append(f"{len(unknown)} participant(s) not imported, skipped: {shown}")
    return CollaborationLine(line_no, ref, values, known, warnings)


def _write_batch(batch: list[CollaborationLine], report: ImportReport) -> None:
    # A ref repeated within the batch: the last line wins, as if imported one after another.
    latest: dict[str, CollaborationLine] = {}
    for item in batch:
        latest[item.ref] = item
    existing = {c.ref: c for c in Collaboration.objects.filter(ref__in=list(latest))}
    current: dict[int, dict[int, str]] = {}
    for collab_id, org_id, role in Participation.objects.filter(
        collaboration_id__in=[c.pk for c in existing.values()]
    ).values_list("collaboration_id", "organisation_id", "role"):
        current.setdefault(collab_id, {})[org_id] = role
    to_create: list[Collaboration] = []
    to_update: list[Collaboration] = []
    replace: list[tuple[Collaboration, dict[int, str]]] = []
    for item in batch:
        if latest[item.ref] is not item:
            report.unchanged += 1  # superseded by a later line for the same ref
            continue
        collaboration = existing.get(item.ref)
        if collaboration is None:
            collaboration = Collaboration(ref=item.ref, **item.values)
            to_create.append(collaboration)
            replace.append((collaboration, item.participants))
            report.created += 1
            continue
        changed = any(getattr(collaboration, k) != v for k, v in item.values.items())
        for key, value in item.values.items():
            setattr(collaboration, key, value)
        participants_changed = current.get(collaboration.pk, {}) != item.participants
        if changed:
            to_update.append(collaboration)
        if participants_changed:
            replace.append((collaboration, item.participants))
        if changed or participants_changed:
            report.updated += 1
        else:
            report.unchanged += 1
    stale = [c.pk for c, _participants in replace if c.pk is not None]  # before creation
    Collaboration.objects.bulk_create(to_create, batch_size=BATCH)
    if to_update:
        Collaboration.objects.bulk_update(
            to_update, ["title", "summary", "start", "tags"], batch_size=BATCH
        )
    if stale:
        Participation.objects.filter(collaboration_id__in=stale).delete()
    if replace:
        Participation.objects.bulk_create(
            [
                Participation(collaboration=c, organisation_id=org_id, role=role)
                for c, participants in replace
                for org_id, role in participants.items()
            ],
            batch_size=2000,
        )


def import_collaborations(path: Path, progress: Progress | None = None) -> ImportReport:
    org_ids = {
        ref: pk
        for ref, pk in Organisation.objects.exclude(ref__isnull=True)
        .values_list("ref", "id")
        .iterator()
        if ref is not None
    }
    return run_import(
        path, progress, lambda line_no, obj: parse_line(line_no, obj, org_ids), _write_batch, BATCH
    )
