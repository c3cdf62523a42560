"""Walks the authorisation matrix: one request per (row, role), each in a savepoint that is
rolled back, comparing what came back with what the table expects. Nothing here decides who
may do what; it only reads `matrix.py` and reports every mismatch at once."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from rest_framework.test import APIClient

from tests.authz.matrix import CONFIDENTIAL_SEEN, Row
from tests.authz.world import MARKERS, ROLES, World

PRIVATE_NOTE = "Matrix private note."
# Where a page list links each listed object (to tell whether it is on the page).
PAGE_LINKS = {"room": "/projectruimtes/{pk}/"}
# Items that lists leave out even for those who may see them (drafts are not browsed).
UNLISTED = {"c_draft"}


def _model(name: str) -> Any:
    for app in ("marketplace", "collab", "chat", "teams", "payments"):
        try:
            return apps.get_model(app, name)
        except LookupError:
            continue
    for model in apps.get_models():
        if model.__name__ == name:
            return model
    raise LookupError(name)


def fingerprint(name: str) -> list[dict[str, Any]]:
    return list(_model(name).objects.order_by("pk").values())


@dataclass
class Report:
    checks: int = 0
    body_checks: int = 0
    mismatches: list[str] = field(default_factory=list)
    kinds: Counter[str] = field(default_factory=Counter)

    def add(self, kind: str, line: str) -> None:
        self.kinds[kind] += 1
        self.mismatches.append(f"[{kind}] {line}")

    def summary(self, surface: str) -> str:
        return (
            f"authorisation matrix ({surface}): {self.checks} checks run, "
            f"{self.body_checks} confidential-body checks, "
            f"{self.kinds['unexpected allow']} unexpected allows, "
            f"{self.kinds['unexpected denial']} unexpected denials, "
            f"{self.kinds['403 where 404 is due']} 403s where 404 is due, "
            f"{self.kinds['server error']} server errors, "
            f"{self.kinds['leak']} leaks, {self.kinds['refused write changed data']} "
            f"refused writes that changed data"
        )


def resolve(path: str, world: World) -> str:
    values = {key: getattr(value, "pk", value) for key, value in world.objects.items()}
    return path.format(**values)


def _payload(row: Row, world: World) -> Any:
    data = row.data(world) if callable(row.data) else dict(row.data or {})
    if row.multipart:
        name = "plan.pdf" if row.obj == "attachment" else "notes.txt"
        content = b"%PDF-1.4 matrix" if name.endswith(".pdf") else b"matrix notes"
        data["file"] = SimpleUploadedFile(name, content, "application/pdf")
    return data


def clients(world: World) -> dict[str, tuple[APIClient, Client]]:
    made = {}
    for role in ROLES:
        user = world.users[role]
        api, page = APIClient(), Client()
        if user is not None:
            api.force_authenticate(user)
            page.force_login(user)
        made[role] = (api, page)
    return made


def _body(response: Any) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return bytes(response.content)


def _request(row: Row, role: str, world: World, client: Any) -> Any:
    path = resolve(row.path, world)
    method = getattr(client, row.method.lower())
    if row.method == "GET":
        return method(path)
    data = _payload(row, world)
    if row.surface == "page":
        return method(path, data)
    if row.multipart:
        return method(path, data, format="multipart")
    return method(path, data, format="json")


def _verdict(row: Row, role: str, status: int, location: str) -> tuple[str, str] | None:
    """None when the answer matches the table, else (kind of mismatch, expected)."""
    expected = row.expected(role)
    anonymous = role == "anonymous"
    to_login = status == 302 and "/accounts/login/" in location
    if status >= 500:
        return "server error", expected
    if expected == "allow":
        ok = status < 400 and not to_login
        if row.business and status in (400, 409):
            ok = True
        return None if ok else ("unexpected denial", expected)
    refused = {403, 404} if anonymous else ({403} if expected == "deny" else {404})
    if anonymous and row.surface == "api":
        refused |= {401}
    # No such method on the route: refused whoever asks, and no object is named.
    refused.add(405)
    if expected == "deny" and row.method != "GET":
        # A write to an object the role may know, refused by a rule of the domain ("only the
        # posting organisation's workers endorse"); that it changed nothing is checked apart.
        refused.add(400)
    if (anonymous and to_login) or status in refused:
        return None
    if status == 403 and expected == "hide":
        return "403 where 404 is due", expected
    if status == 404 and expected == "deny":
        return None  # stricter than the table: never a leak
    return "unexpected allow", expected


def _listed(row: Row, world: World, response: Any, body: bytes) -> bool:
    """Whether the list in the response contains the row's hidden item."""
    item = world[row.hidden_item]
    if row.surface == "page":
        link = PAGE_LINKS.get(row.hidden_item or "", "/challenges/{pk}/")
        return link.format(pk=item.pk).encode() in body
    data = json.loads(body or b"null")
    results = data.get("results", data) if isinstance(data, dict) else data
    return any(isinstance(r, dict) and r.get("id") == item.pk for r in results or [])


def walk(rows: list[Row], world: World, surface: str) -> Report:
    report = Report()
    made = clients(world)
    for row in rows:
        for role in ROLES:
            expected = row.expected(role)
            if expected == "allow" and not row.run_allowed:
                continue
            api, page = made[role]
            client = page if row.surface == "page" else api
            label = f"{role} / {row.obj} / {row.op} ({row.method} {resolve(row.path, world)})"
            with transaction.atomic():
                before = fingerprint(row.state) if row.state and expected != "allow" else None
                response = _request(row, role, world, client)
                body = _body(response)
                after = fingerprint(row.state) if before is not None else None
                transaction.set_rollback(True)
            report.checks += 1
            status = response.status_code
            verdict = _verdict(row, role, status, response.get("Location", ""))
            if verdict:
                kind, wanted = verdict
                report.add(kind, f"{label}: expected {wanted}, got {status}")
            if before is not None and before != after and status >= 400:
                report.add("refused write changed data", f"{label}: {status}")
            if row.hidden_item and status == 200:
                report.checks += 1
                listed = _listed(row, world, response, body)
                if listed and role not in row.listed_for:
                    report.add("unexpected allow", f"{label}: the list shows {row.hidden_item}")
                if not listed and role in row.listed_for and row.hidden_item not in UNLISTED:
                    # The control: the same check finds the item where it belongs.
                    report.add("unexpected denial", f"{label}: the list lacks {row.hidden_item}")
            _confidential(report, role, label, body)
    return report


def _confidential(report: Report, role: str, label: str, body: bytes) -> None:
    for key, marker in MARKERS.items():
        if role in CONFIDENTIAL_SEEN[key]:
            continue
        report.body_checks += 1
        if marker.encode() in body:
            report.add("leak", f"{label}: the body carries {key}'s confidential detail")
    if role != "judge":
        report.body_checks += 1
        if PRIVATE_NOTE.encode() in body:
            report.add("leak", f"{label}: the body carries the judge's private note")


def assert_clean(report: Report, surface: str) -> None:
    print(report.summary(surface))
    assert not report.mismatches, f"{len(report.mismatches)} mismatches:\n" + "\n".join(
        sorted(report.mismatches)
    )
