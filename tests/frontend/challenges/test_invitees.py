"""Invitees of an invited-only challenge: the managers invite a person by e-mail or an
organisation, the invitee can then find the challenge, and removal takes that away again. Bad
input and other people change nothing; outsiders get 404 for a challenge they cannot see."""

from __future__ import annotations

import pytest

from marketplace.models import ChallengeInvitee
from tests.factories import MembershipFactory, OrganisationFactory
from tests.marketplace.challenges.factories import make_challenge

pytestmark = pytest.mark.django_db


@pytest.fixture
def invited(owner, organisation):
    return make_challenge(owner, organisation, visibility="invited")


def url(challenge) -> str:
    return f"/en/challenges/{challenge.pk}/invitees/"


def detail(challenge) -> str:
    return f"/en/challenges/{challenge.pk}/"


def test_owner_invites_a_person_who_then_sees_the_challenge(
    client_for, page, owner, outsider, invited
):
    assert page(outsider, detail(invited)).status_code == 404
    response = client_for(owner).post(url(invited), {"email": outsider.email.upper()})
    assert response.status_code == 302
    invitee = ChallengeInvitee.objects.get(challenge=invited)
    assert invitee.user == outsider and invitee.invited_by == owner
    assert page(outsider, detail(invited)).status_code == 200
    html = page(owner, url(invited)).content.decode()
    assert outsider.email in html

    response = client_for(owner).post(f"{url(invited)}{invitee.pk}/remove/")
    assert response.status_code == 302
    assert not ChallengeInvitee.objects.exists()
    assert page(outsider, detail(invited)).status_code == 404


def test_owner_invites_an_organisation_by_name_or_number(client_for, page, owner, invited):
    guest = OrganisationFactory(name="Lasbedrijf Peeters", enterprise_number="0202.239.951")
    colleague = MembershipFactory(organisation=guest).user
    client = client_for(owner)
    assert client.post(url(invited), {"organisation": "lasbedrijf peeters"}).status_code == 302
    assert ChallengeInvitee.objects.get(challenge=invited).organisation == guest
    assert page(colleague, detail(invited)).status_code == 200
    ChallengeInvitee.objects.all().delete()
    assert client.post(url(invited), {"organisation": "0202239951"}).status_code == 302
    assert ChallengeInvitee.objects.get(challenge=invited).organisation == guest


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "nobody@example.invalid"}, "No Kruispunt account uses this address."),
        ({"email": "not an address"}, "Enter a valid email address."),
        ({"organisation": "No Such Firm"}, "No organisation on Kruispunt has this name or number."),
        ({}, "Invite one person or one organisation."),
    ],
)
def test_bad_input_is_400_and_invites_nobody(client_for, owner, invited, data, message):
    response = client_for(owner).post(url(invited), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ChallengeInvitee.objects.exists()


def test_person_and_organisation_together_are_refused(client_for, owner, outsider, invited):
    OrganisationFactory(name="Both BV")
    response = client_for(owner).post(
        url(invited), {"email": outsider.email, "organisation": "Both BV"}
    )
    assert response.status_code == 400
    assert "Invite one person or one organisation." in response.content.decode()
    assert not ChallengeInvitee.objects.exists()


def test_inviting_twice_is_refused(client_for, owner, outsider, invited):
    client = client_for(owner)
    client.post(url(invited), {"email": outsider.email})
    response = client.post(url(invited), {"email": outsider.email})
    assert response.status_code == 400
    assert "Already invited." in response.content.decode()
    assert ChallengeInvitee.objects.count() == 1


@pytest.mark.parametrize(("role", "expected"), [("member", 403), ("outsider", 404)])
def test_only_managers_see_and_change_invitees(
    client_for, page, people, owner, invited, role, expected
):
    invitee = ChallengeInvitee.objects.create(
        challenge=invited, user=people["judge"], invited_by=owner
    )
    person = people[role]
    assert page(person, url(invited)).status_code == expected
    assert client_for(person).post(url(invited), {"email": person.email}).status_code == expected
    assert client_for(person).post(f"{url(invited)}{invitee.pk}/remove/").status_code == expected
    assert list(ChallengeInvitee.objects.all()) == [invitee]


def test_invited_person_cannot_manage_the_list(client_for, page, owner, outsider, invited):
    invitee = ChallengeInvitee.objects.create(challenge=invited, user=outsider, invited_by=owner)
    assert page(outsider, url(invited)).status_code == 403
    assert client_for(outsider).post(f"{url(invited)}{invitee.pk}/remove/").status_code == 403
    assert ChallengeInvitee.objects.filter(pk=invitee.pk).exists()


def test_anonymous_visitor_is_sent_to_sign_in(client_for, page, invited):
    assert page(None, url(invited)).status_code == 302
    assert client_for(None).post(url(invited), {"email": "x@example.test"}).status_code == 302
    assert not ChallengeInvitee.objects.exists()


def test_invitee_of_another_challenge_cannot_be_removed_here(
    client_for, owner, organisation, outsider, invited
):
    other = make_challenge(owner, organisation, title="Other", visibility="invited")
    invitee = ChallengeInvitee.objects.create(challenge=other, user=outsider, invited_by=owner)
    assert client_for(owner).post(f"{url(invited)}{invitee.pk}/remove/").status_code == 404
    assert ChallengeInvitee.objects.filter(pk=invitee.pk).exists()


def test_public_challenge_explains_that_invitations_do_not_matter(page, owner, challenge):
    html = page(owner, url(challenge)).content.decode()
    assert "This challenge is not invited-only" in html
