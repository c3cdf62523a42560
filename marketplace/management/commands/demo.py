"""python manage.py demo — load Kruispunt's demo content (idempotent).

Fictional Flemish organisations in the five sectors the SERV advice studied (clothing, food,
furniture, metal, graphic), knowledge institutions, intermediaries, about eighty people and
their capabilities, from marketplace/data/demo.json; then the demo challenges (one awarded,
with its project room and a short conversation), a published team run and a brief to coach.
Prints one login per role, each with what there is to do.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from marketplace.models import (
    Capability,
    Collaboration,
    EscoSkill,
    Membership,
    NaceCode,
    Organisation,
    Participation,
    PersonProfile,
    Technology,
    User,
)

DATA = Path(__file__).resolve().parents[2] / "data" / "demo.json"
DEMO_PASSWORD = "kruispunt-demo"  # noqa: S105 - fictional demo accounts, printed on purpose

# One login per role and what that person finds to do in the demo data (developer output,
# in English like the rest of the command's output).
ROLE_LOGINS = [
    (
        "SME owner",
        "demo@kruispunt.example",
        "Leiehout's open challenge 'Online configurator…': see suggested solvers, invite one.",
    ),
    (
        "Solver",
        "laura.cools@demo.kruispunt.example",
        "won 'Web-to-print-koppeling met ons MIS': chat in its project room.",
    ),
    (
        "Educator",
        "ingrid.swinnen@demo.kruispunt.example",
        "team run 'Ontwerpproject maakindustrie' is published: look at the teams and reasons.",
    ),
    (
        "Student",
        "emma.dewulf@demo.kruispunt.example",
        "placed in a team of 'Ontwerpproject maakindustrie': open your team and its room.",
    ),
    (
        "Intermediary",
        "nadia.elkhatib@demo.kruispunt.example",
        "Goudkorst asks you to coach its draft brief 'Minder energie voor onze ovens'.",
    ),
    (
        "Judge",
        "geert.vanhecke@demo.kruispunt.example",
        "'Robotlassen voor series van vijf stuks' is in evaluation: review your scores.",
    ),
]


def _organisations(items: list[dict[str, Any]]) -> dict[str, Organisation]:
    result: dict[str, Organisation] = {}
    for item in items:
        org, _created = Organisation.objects.update_or_create(
            ref=item["ref"],
            defaults={
                "name": item["name"],
                "kind": item["kind"],
                "enterprise_number": item.get("enterprise_number") or "",
                "country": "BE",
                "nuts_id": item.get("nuts"),
                "staff_headcount": item.get("staff_headcount"),
                "annual_turnover_eur": item.get("annual_turnover_eur"),
                "languages": item.get("languages", ["nl"]),
                "website": item.get("website", ""),
                "description": item.get("description", ""),
                "equipment": item.get("equipment", ""),
            },
        )
        org.full_clean(exclude=["nace"])
        org.nace.set(NaceCode.objects.filter(code__in=item.get("nace", [])))
        result[item["ref"]] = org
    return result


def _people(items: list[dict[str, Any]], orgs: dict[str, Organisation]) -> dict[str, PersonProfile]:
    result: dict[str, PersonProfile] = {}
    for item in items:
        user, created = User.objects.get_or_create(
            email=item["email"].lower(),
            defaults={"first_name": item["first_name"], "last_name": item["last_name"]},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        institution = orgs.get(item.get("institution") or "")
        profile, _ = PersonProfile.objects.update_or_create(
            user=user,
            defaults={
                "kind": item["kind"],
                "headline": item.get("headline", "") or (item.get("programme") or "")[:160],
                "bio": item.get("bio", ""),
                "discipline_id": item.get("discipline"),
                "institution": institution,
                "programme": item.get("programme") or "",
                "languages": item.get("languages", []),
                "availability": item.get("availability", []),
                "career_stage": item.get("career_stage", ""),
                "listed_publicly": True,
                "matching_consent": True,
            },
        )
        profile.skills.set(EscoSkill.objects.filter(uri__in=item.get("skills", [])))
        for membership in item.get("memberships", []):
            Membership.objects.update_or_create(
                organisation=orgs[membership["org"]],
                user=user,
                defaults={"role": membership["role"]},
            )
        result[item["key"]] = profile
    return result


def _capabilities(
    items: list[dict[str, Any]], orgs: dict[str, Organisation], people: dict[str, PersonProfile]
) -> None:
    for item in items:
        owner_org = orgs.get(item.get("owner_org") or "")
        owner_person = people.get(item.get("owner_person") or "")
        capability = Capability.objects.filter(
            title=item["title"], owner_organisation=owner_org, owner_person=owner_person
        ).first() or Capability(owner_organisation=owner_org, owner_person=owner_person)
        capability.title = item["title"]
        capability.description = item["description"]
        capability.language = item.get("language", "nl")
        capability.trl_min = item.get("trl_min", 1)
        capability.trl_max = item.get("trl_max", 9)
        capability.nuts_id = item.get("nuts")
        capability.full_clean(exclude=["technologies", "skills", "sectors"])
        capability.save()
        capability.technologies.set(
            Technology.objects.filter(slug__in=item.get("technologies", []))
        )
        capability.skills.set(EscoSkill.objects.filter(uri__in=item.get("skills", [])))
        capability.sectors.set(NaceCode.objects.filter(code__in=item.get("sectors", [])))


def _collaborations(items: list[dict[str, Any]], orgs: dict[str, Organisation]) -> None:
    for item in items:
        collaboration, _ = Collaboration.objects.update_or_create(
            ref=item["ref"],
            defaults={
                "title": item.get("title", ""),
                "summary": item.get("summary", ""),
                "start": item.get("start"),
                "tags": item.get("tags", []),
            },
        )
        for participant in item["participants"]:
            Participation.objects.update_or_create(
                collaboration=collaboration,
                organisation=orgs[participant["org"]],
                defaults={"role": participant.get("role", "participant")},
            )


class Command(BaseCommand):
    help = "Load the demo organisations, people and capabilities (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not NaceCode.objects.exists():
            call_command("load_taxonomies", verbosity=0)
        with open(DATA, encoding="utf-8") as handle:
            data = json.load(handle)
        with transaction.atomic():
            orgs = _organisations(data["organisations"])
            people = _people(data["people"], orgs)
            _capabilities(data["capabilities"], orgs, people)
            _collaborations(data.get("collaborations", []), orgs)
        call_command("demo_challenges", verbosity=0)
        call_command("demo_teams", verbosity=0)
        # Lives in the chat app (marketplace imports nothing above it); called by name.
        call_command("demo_room_messages", verbosity=0)
        self.stdout.write(
            f"Demo data ready: {len(orgs)} organisations, {len(people)} people, "
            f"{len(data['capabilities'])} capabilities.\n"
            f"Demo logins (password for all: {DEMO_PASSWORD}):"
        )
        for role, email, todo in ROLE_LOGINS:
            self.stdout.write(f"  {role + ':':<14} {email}\n                 {todo}")
