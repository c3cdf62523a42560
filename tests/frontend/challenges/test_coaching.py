"""Briefs to coach: an intermediary's members see the briefs their organisation was asked to
coach, with the request's state and a link to the draft while the request is open; others see
none of it."""

from __future__ import annotations

import pytest
from django.utils import timezone

from marketplace.models import BriefCoachingRequest
from marketplace.models.challenges import Status
from marketplace.models.organisations import OrganisationKind
from marketplace.services import participation
from tests.factories import MembershipFactory, OrganisationFactory
from tests.marketplace.challenges.factories import make_challenge

pytestmark = pytest.mark.django_db
URL = "/en/coaching/"


@pytest.fixture
def intermediary(db):
    return OrganisationFactory(name="Sirris Coaching", kind=OrganisationKind.INTERMEDIARY)


@pytest.fixture
def advisor(intermediary):
    return MembershipFactory(organisation=intermediary).user


@pytest.fixture
def request_(owner, organisation, intermediary):
    draft = make_challenge(
        owner, organisation, Status.DRAFT, title="Secret draft of a cutting cell"
    )
    return participation.coaching_request(
        actor=owner, challenge=draft, intermediary=intermediary, message="Is our goal clear?"
    )


def test_advisor_sees_the_open_request_with_a_link_to_the_draft(page, advisor, request_):
    html = page(advisor, URL).content.decode()
    assert "Secret draft of a cutting cell" in html
    assert f"/en/challenges/{request_.challenge_id}/" in html
    assert "Is our goal clear?" in html
    assert "Open since" in html
    assert page(advisor, f"/en/challenges/{request_.challenge_id}/").status_code == 200


def test_closed_request_no_longer_links_to_the_draft(page, advisor, request_):
    BriefCoachingRequest.objects.filter(pk=request_.pk).update(closed_at=timezone.now())
    html = page(advisor, URL).content.decode()
    assert "Closed on" in html
    assert "No longer accessible" in html
    assert "Secret draft of a cutting cell" not in html
    assert f"/en/challenges/{request_.challenge_id}/" not in html


@pytest.mark.parametrize("role", ["owner", "member", "outsider", "judge"])
def test_others_do_not_see_the_request(page, people, request_, role):
    response = page(people[role], URL)
    assert response.status_code == 200
    assert "Secret draft of a cutting cell" not in response.content.decode()


def test_non_coach_is_told_why_the_list_is_empty(page, outsider, request_):
    assert "You are not a member of one." in page(outsider, URL).content.decode()


def test_coach_without_requests_sees_an_empty_list(page, db):
    knowledge_centre = OrganisationFactory(kind=OrganisationKind.KNOWLEDGE_CENTRE)
    person = MembershipFactory(organisation=knowledge_centre).user
    html = page(person, URL).content.decode()
    assert "Nobody has asked your organisation to coach a brief yet." in html


def test_anonymous_visitor_is_sent_to_sign_in(page):
    response = page(None, URL)
    assert response.status_code == 302


def test_subnav_links_judging_my_proposals_and_coaching(page, outsider, challenge):
    for path in ["/en/challenges/", f"/en/challenges/{challenge.pk}/", "/en/proposals/"]:
        html = page(outsider, path).content.decode()
        assert 'href="/en/judging/"' in html
        assert 'href="/en/proposals/"' in html
        assert 'href="/en/coaching/"' in html


def test_anonymous_subnav_has_no_personal_links(page, challenge):
    html = page(None, "/en/challenges/").content.decode()
    assert 'href="/en/judging/"' not in html


def test_advisor_sends_advice_and_the_firm_reads_it(client_for, page, advisor, owner, request_):
    response = client_for(advisor).post(
        f"/en/coaching/{request_.pk}/sluiten/", {"answer": "Say which parts vary per batch."}
    )
    assert response.status_code == 302 and response.url.endswith("/coaching/")
    html = page(advisor, URL).content.decode()
    assert "Closed on" in html and "Say which parts vary per batch." in html
    assert page(advisor, f"/en/challenges/{request_.challenge_id}/").status_code == 404
    coaching_page = page(owner, f"/en/challenges/{request_.challenge_id}/coaching/")
    assert "Say which parts vary per batch." in coaching_page.content.decode()


def test_the_firm_withdraws_from_its_coaching_page(client_for, page, owner, advisor, request_):
    html = page(owner, f"/en/challenges/{request_.challenge_id}/coaching/").content.decode()
    assert "Withdraw the request" in html and "Sirris Coaching" in html
    response = client_for(owner).post(f"/en/coaching/{request_.pk}/sluiten/")
    assert response.status_code == 302
    assert BriefCoachingRequest.objects.get(pk=request_.pk).closed_by == owner
    assert (
        "Withdraw the request"
        not in page(owner, f"/en/challenges/{request_.challenge_id}/coaching/").content.decode()
    )


@pytest.mark.parametrize("role", ["member", "outsider", "judge"])
def test_others_cannot_close_a_request(client_for, people, request_, role):
    response = client_for(people[role]).post(f"/en/coaching/{request_.pk}/sluiten/")
    assert response.status_code == 404
    assert BriefCoachingRequest.objects.get(pk=request_.pk).closed_at is None
