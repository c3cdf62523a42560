"""Proposal versions: each frozen version's content is readable by the proposal's author, the
challenge's managers and its assigned judges; everyone else gets 404."""

from __future__ import annotations

import pytest

from marketplace.services import judging
from marketplace.services import proposals as services
from tests.factories import UserFactory
from tests.marketplace.challenges.factories import make_judge

pytestmark = pytest.mark.django_db


@pytest.fixture
def versioned(proposal, submitter):
    """Version 1 as submitted, version 2 after a change."""
    key = proposal.challenge.criteria.first().key
    return services.proposal_update(
        user=submitter,
        proposal=proposal,
        title="Second thoughts",
        summary="A cheaper test with a cobot.",
        answers={key: "Answer in version two."},
    )


@pytest.fixture
def assigned_judge(judge, versioned):
    judging.assignments_bulk(challenge=versioned.challenge, per_proposal=1)
    return judge


def url(proposal, number: int) -> str:
    return f"/en/proposals/{proposal.pk}/versions/{number}/"


@pytest.mark.parametrize("role", ["submitter", "owner", "judge"])
def test_allowed_people_read_every_version(page, people, assigned_judge, versioned, role):
    person = people[role]
    first = page(person, url(versioned, 1))
    assert first.status_code == 200
    html = first.content.decode()
    assert "Offline programming with our cell" in html
    assert "We bring a mobile welding cell for two weeks." in html
    assert "Week one: programming from the 3D models." in html
    assert "See our approach." in html
    second = page(person, url(versioned, 2)).content.decode()
    assert "Second thoughts" in second and "Answer in version two." in second
    detail = page(person, f"/en/proposals/{versioned.pk}/").content.decode()
    assert url(versioned, 1) in detail and url(versioned, 2) in detail


@pytest.mark.parametrize("role", ["member", "outsider"])
def test_others_get_404(page, people, versioned, role):
    assert page(people[role], url(versioned, 1)).status_code == 404


def test_judge_without_the_assignment_gets_404(page, owner, versioned):
    other_judge = make_judge(owner, versioned.challenge, UserFactory())
    assert page(other_judge, url(versioned, 1)).status_code == 404


def test_anonymous_visitor_is_sent_to_sign_in(page, versioned):
    assert page(None, url(versioned, 1)).status_code == 302


def test_unknown_version_is_404(page, submitter, versioned):
    assert page(submitter, url(versioned, 99)).status_code == 404


def test_drafts_have_no_versions_for_the_owner(page, owner, submitter, challenge):
    draft = services.proposal_create(
        user=submitter, challenge=challenge, kind="person", title="Draft", summary="Not yet."
    )
    assert page(owner, url(draft, 1)).status_code == 404
