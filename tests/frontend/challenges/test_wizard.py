"""The authoring wizard end to end: a new owner starts a brief, every step saves the draft
with the type's guidance beside it, the review shows the quality score with hints, and the
challenge is published (or its blockers are shown)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from marketplace.models import BriefCoachingRequest, Challenge
from marketplace.models.challenges import Status
from tests.factories import OrganisationFactory
from tests.frontend.challenges.conftest import ROLES
from tests.marketplace.challenges.factories import make_challenge

pytestmark = pytest.mark.django_db


def test_full_wizard_saves_a_draft_at_every_step_and_publishes(
    client_for, page, owner, organisation
):
    client = client_for(owner)
    start = page(owner, "/en/challenges/new/")
    assert start.status_code == 200
    assert "Proof of concept" in start.content.decode()
    response = client.post(
        "/en/challenges/new/",
        {
            "organisation": organisation.pk,
            "type": "proof_of_concept",
            "title": "Less scrap in welding",
            "language": "en",
        },
    )
    challenge = Challenge.objects.get(title="Less scrap in welding")
    assert challenge.status == Status.DRAFT
    assert response["Location"] == f"/en/challenges/{challenge.pk}/edit/problem/"

    step = page(owner, f"/en/challenges/{challenge.pk}/edit/problem/").content.decode()
    assert "Make the goal measurable" in step  # the type's guidance beside the step
    steps = [
        (
            "problem",
            {
                "summary": "We weld steel frames in small batches and lose material. " * 4,
                "goal": "Reduce scrap from 8% to 3% within a year.",
                "sector": "metal",
                "technologies": ["industrial-robots"],
            },
            "scope",
        ),
        (
            "scope",
            {
                "scope": "A test with three typical parts and a report with a business case "
                "for the management team, delivered in twelve weeks.",
                "wanted_partner_kinds": ["research_centre"],
            },
            "confidentiality",
        ),
        (
            "confidentiality",
            {
                "visibility": "public",
                "ip_regime": "transfer_on_award",
                "confidential_detail": "Our hourly cost is 61 EUR.",
            },
            "impact",
        ),
        (
            "impact",
            {
                "impact_work_organisation": "Operators run the cell.",
                "impact_skills": "Two welders trained.",
                "impact_safety": "Less fumes.",
                "impact_privacy": "No personal data.",
            },
            "terms",
        ),
        (
            "terms",
            {
                "budget_eur": "25000",
                "deadline": (timezone.now() + timedelta(days=45)).strftime("%Y-%m-%dT%H:%M"),
                "feedback_deadline": (timezone.localdate() + timedelta(days=80)).isoformat(),
            },
            None,
        ),
    ]
    for key, data, following in steps:
        response = client.post(f"/en/challenges/{challenge.pk}/edit/{key}/", data)
        assert response.status_code == 302, response.content.decode()[:3000]
        expected = f"/en/challenges/{challenge.pk}/" + (
            f"edit/{following}/" if following else "review/"
        )
        assert response["Location"] == expected
        challenge.refresh_from_db()
        assert challenge.status == Status.DRAFT
    assert challenge.sector == "metal"
    assert challenge.ip_regime == "transfer_on_award"
    assert challenge.impact_skills == "Two welders trained."
    assert challenge.budget_eur == 25000
    assert list(challenge.technologies.values_list("slug", flat=True)) == ["industrial-robots"]

    review = page(owner, f"/en/challenges/{challenge.pk}/review/").content.decode()
    assert "Brief quality:" in review
    assert "Publish the challenge" in review
    assert "Ask an intermediary to coach this brief" in review

    response = client.post(
        f"/en/challenges/{challenge.pk}/transition/", {"to": "open"}, follow=True
    )
    html = response.content.decode()
    challenge.refresh_from_db()
    assert challenge.status == Status.OPEN
    assert "Published. Brief quality:" in html


def test_back_and_stay_buttons_save_too(client_for, owner, organisation):
    challenge = make_challenge(owner, organisation, Status.DRAFT)
    client = client_for(owner)
    response = client.post(
        f"/en/challenges/{challenge.pk}/edit/scope/", {"scope": "Only the scope.", "back": "1"}
    )
    assert response["Location"].endswith("/edit/problem/")
    challenge.refresh_from_db()
    assert challenge.scope == "Only the scope."
    response = client.post(
        f"/en/challenges/{challenge.pk}/edit/scope/", {"scope": "Again.", "stay": "1"}
    )
    assert response["Location"].endswith("/edit/scope/")


def test_review_shows_blockers_and_publishing_refuses(client_for, page, owner, organisation):
    challenge = make_challenge(
        owner, organisation, Status.DRAFT, summary="", deadline=None, feedback_deadline=None
    )
    review = page(owner, f"/en/challenges/{challenge.pk}/review/").content.decode()
    assert "Write a public summary before publishing." in review
    response = client_for(owner).post(
        f"/en/challenges/{challenge.pk}/transition/", {"to": "open"}, follow=True
    )
    assert "Set a deadline for proposals in the future." in response.content.decode()
    challenge.refresh_from_db()
    assert challenge.status == Status.DRAFT


def test_a_deadline_in_the_past_is_a_form_error(client_for, owner, organisation):
    challenge = make_challenge(owner, organisation, Status.DRAFT)
    response = client_for(owner).post(
        f"/en/challenges/{challenge.pk}/edit/terms/",
        {"deadline": "2001-01-01T10:00", "feedback_deadline": "2001-02-01", "budget_eur": "100"},
    )
    assert response.status_code == 400
    assert "The deadline must be in the future." in response.content.decode()
    challenge.refresh_from_db()
    assert challenge.budget_eur == 25_000


@pytest.mark.parametrize(
    "data", [{"budget_eur": "-3"}, {"budget_eur": "abc"}, {"deadline": "not a date"}]
)
def test_bad_input_in_a_step_is_a_400(client_for, owner, organisation, data):
    challenge = make_challenge(owner, organisation, Status.DRAFT)
    assert (
        client_for(owner).post(f"/en/challenges/{challenge.pk}/edit/terms/", data).status_code
        == 400
    )


def test_unknown_step_is_404(page, owner, organisation):
    challenge = make_challenge(owner, organisation, Status.DRAFT)
    assert page(owner, f"/en/challenges/{challenge.pk}/edit/nonsense/").status_code == 404


@pytest.mark.parametrize(
    ("role", "expected"),
    [("owner", 200), ("member", 403), ("outsider", 404), ("anonymous", 302)],
)
def test_wizard_steps_are_for_authors(page, people, organisation, role, expected):
    challenge = make_challenge(people["owner"], organisation, Status.DRAFT)
    assert (
        page(people[role], f"/en/challenges/{challenge.pk}/edit/problem/").status_code == expected
    )
    assert page(people[role], f"/en/challenges/{challenge.pk}/review/").status_code == expected


def test_open_challenge_cannot_change_its_type(client_for, owner, challenge):
    response = client_for(owner).post(
        f"/en/challenges/{challenge.pk}/edit/type/",
        {"type": "idea", "title": challenge.title, "language": "en"},
    )
    assert response.status_code == 400
    assert "This cannot change once the challenge is published." in response.content.decode()
    challenge.refresh_from_db()
    assert challenge.type == "proof_of_concept"


def test_person_without_an_organisation_is_told_to_add_one(page, outsider):
    response = page(outsider, "/en/challenges/new/")
    assert response.status_code == 403
    assert "Add an organisation" in response.content.decode()


def test_cannot_start_a_brief_for_someone_elses_organisation(client_for, owner):
    other = OrganisationFactory()
    response = client_for(owner).post(
        "/en/challenges/new/",
        {"organisation": other.pk, "type": "idea", "title": "X", "language": "en"},
    )
    assert response.status_code == 400
    assert not Challenge.objects.filter(organisation=other).exists()


def test_ask_an_intermediary_to_coach(client_for, page, owner, organisation):
    challenge = make_challenge(owner, organisation, Status.DRAFT)
    vlaio = OrganisationFactory(name="VLAIO Kortrijk", kind="intermediary")
    assert (
        "VLAIO Kortrijk" in page(owner, f"/en/challenges/{challenge.pk}/coaching/").content.decode()
    )
    response = client_for(owner).post(
        f"/en/challenges/{challenge.pk}/coaching/", {"intermediary": vlaio.pk, "message": "Help"}
    )
    assert response.status_code == 302
    assert BriefCoachingRequest.objects.filter(challenge=challenge, intermediary=vlaio).exists()


def test_starter_kit_is_shown_beside_the_problem_step(page, owner, organisation):
    challenge = make_challenge(owner, organisation, Status.DRAFT, sector="food")
    html = page(owner, f"/en/challenges/{challenge.pk}/edit/problem/").content.decode()
    assert "Starter kit:" in html


@pytest.mark.parametrize("role", ROLES)
def test_confidentiality_step_explains_the_ip_regimes(page, people, organisation, role):
    challenge = make_challenge(people["owner"], organisation, Status.DRAFT)
    response = page(people[role], f"/en/challenges/{challenge.pk}/edit/confidentiality/")
    if role == "owner":
        assert "Public disclosure can destroy patent novelty" in response.content.decode()
    else:
        assert response.status_code in {302, 403, 404}


@pytest.mark.parametrize(
    ("prefix", "blocker"),
    [
        ("", "Schrijf een openbare samenvatting voor u publiceert."),
        ("/fr", "Rédigez un résumé public avant de publier."),
    ],
)
def test_the_publishing_blockers_read_in_the_page_language(
    page, owner, organisation, prefix, blocker
):
    challenge = make_challenge(
        owner, organisation, Status.DRAFT, summary="", deadline=None, feedback_deadline=None
    )
    review = page(owner, f"{prefix}/challenges/{challenge.pk}/review/").content.decode()
    assert blocker in review.replace("&#x27;", "'")
    assert "Write a public summary before publishing." not in review
