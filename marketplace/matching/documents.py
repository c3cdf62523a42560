"""What the matching index is built from: the database's organisations, people who consented,
open challenges and past collaborations, turned into the engine's bulk records.

Only public text goes in: a challenge contributes its title and public summary, never its
confidential detail; a person only while they consent to matching.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Prefetch

from marketplace.models import (
    Capability,
    Challenge,
    Collaboration,
    Organisation,
    Participation,
    PersonProfile,
    Technology,
)
from marketplace.models.challenges import ChallengeVisibility, Status
from marketplace.models.organisations import OrganisationKind
from marketplace.numbers import whole_number

PERSON_KIND = "person"
CHALLENGE_KIND = "challenge"
LISTED_STATUSES = [Status.OPEN]


def organisation_ref(organisation: Organisation) -> str:
    return organisation.ref or f"org:{organisation.pk}"


def person_ref(profile_id: int) -> str:
    return f"person:{profile_id}"


def challenge_ref(challenge_id: int) -> str:
    return f"challenge:{challenge_id}"


def split_ref(ref: str) -> tuple[str, int | str]:
    """``("org" | "person" | "challenge", pk)`` for the refs above, ``("ref", ref)`` for an
    organisation's own (imported) ref."""
    prefix, _sep, rest = ref.partition(":")
    pk = whole_number(rest)
    if prefix in {"org", "person", "challenge"} and pk is not None:
        return prefix, pk
    return "ref", ref


def technology_lexicon() -> dict[str, list[str]]:
    """Concept id → keyword phrases in nl/en/fr, so that texts in different languages that
    name the same technology meet."""
    lexicon: dict[str, list[str]] = {}
    for tech in Technology.objects.all():
        phrases = [tech.label_nl, tech.label_en, tech.label_fr]
        for words in (tech.keywords or {}).values():
            phrases.extend(words)
        lexicon[f"tech:{tech.slug}"] = sorted({p.strip().lower() for p in phrases if p.strip()})
    return lexicon


def _capability_text(capabilities: list[Capability]) -> str:
    parts: list[str] = []
    for capability in capabilities:
        parts.append(capability.title)
        parts.append(capability.description)
        parts.extend(t.label_en for t in capability.technologies.all())
    return "\n".join(parts)


def capability_trl(capabilities: list[Capability]) -> list[list[int]]:
    """The TRL ranges offered, one [lowest, highest] per capability."""
    return [
        [c.trl_min, c.trl_max]
        for c in capabilities
        if c.trl_min and c.trl_max and 1 <= c.trl_min <= c.trl_max <= 9
    ]


def organisation_records() -> Iterator[dict[str, Any]]:
    capabilities = Prefetch(
        "capabilities", queryset=Capability.objects.prefetch_related("technologies")
    )
    orgs = (
        Organisation.objects.select_related("nuts")
        .prefetch_related("nace", capabilities)
        .order_by("pk")
    )
    for org in orgs.iterator(chunk_size=2000):
        offered = list(org.capabilities.all())
        text = "\n".join(
            x for x in (org.description, org.equipment, _capability_text(offered)) if x
        )
        yield {
            "ref": organisation_ref(org),
            "name": org.name,
            "kind": org.kind,
            "country": org.country,
            "nuts": org.nuts_id or "",
            "nace": [n.code for n in org.nace.all()],
            "description": text,
            "trl": capability_trl(offered),
            "size": org.size_class if org.kind == OrganisationKind.COMPANY else "",
        }


def person_records() -> Iterator[dict[str, Any]]:
    people = (
        PersonProfile.objects.matchable()
        .select_related("user", "discipline")
        .prefetch_related(
            "skills",
            Prefetch("capabilities", queryset=Capability.objects.prefetch_related("technologies")),
        )
        .order_by("pk")
    )
    for person in people.iterator(chunk_size=2000):
        offered = list(person.capabilities.all())
        text = "\n".join(
            [
                person.headline,
                person.bio,
                person.programme,
                person.discipline.title_en if person.discipline else "",
                " ".join(s.label for s in person.skills.all()),
                _capability_text(offered),
            ]
        )
        yield {
            "ref": person_ref(person.pk),
            "name": str(person.user),
            "kind": PERSON_KIND,
            "country": "BE",
            "description": text,
            "trl": capability_trl(offered),
        }


def open_challenges() -> Any:
    return Challenge.objects.filter(
        status__in=LISTED_STATUSES,
        visibility__in=[ChallengeVisibility.PUBLIC, ChallengeVisibility.REGISTERED],
    )


def challenge_records() -> Iterator[dict[str, Any]]:
    challenges = (
        open_challenges()
        .select_related("organisation")
        .prefetch_related("technologies", "organisation__nace")
        .order_by("pk")
    )
    for challenge in challenges.iterator(chunk_size=2000):
        stage = challenge.trl_range()
        yield {
            "ref": challenge_ref(challenge.pk),
            "name": challenge.title,
            "kind": CHALLENGE_KIND,
            "country": challenge.organisation.country,
            "nuts": challenge.nuts_id or challenge.organisation.nuts_id or "",
            "nace": [n.code for n in challenge.organisation.nace.all()],
            "description": "\n".join(
                [challenge.title, challenge.summary]
                + [t.label_en for t in challenge.technologies.all()]
            ),
            "trl": list(stage) if stage else [],
        }


def collaboration_records() -> Iterator[dict[str, Any]]:
    participations = Prefetch(
        "participations",
        queryset=Participation.objects.select_related("organisation").only(
            "collaboration_id", "role", "organisation__ref", "organisation__id"
        ),
    )
    for project in (
        Collaboration.objects.prefetch_related(participations)
        .order_by("pk")
        .iterator(chunk_size=2000)
    ):
        yield {
            "ref": project.ref,
            "title": project.title,
            "summary": project.summary,
            "start": project.start.isoformat() if project.start else None,
            "tags": project.tags,
            "participants": [
                {"org": organisation_ref(p.organisation), "role": p.role}
                for p in project.participations.all()
            ],
        }
