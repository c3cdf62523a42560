"""Revoking an award on the awards page: while evaluating, by the managers; the service's
refusals (a paid award, an award already revoked) are shown and change nothing."""

from __future__ import annotations

import pytest

from marketplace.models import Award, AwardPlace
from marketplace.models.awards import PaymentState
from marketplace.models.challenges import Status
from marketplace.services import challenges
from marketplace.services.awards import award_grant
from tests.marketplace.challenges.factories import make_proposal, pass_deadline

pytestmark = pytest.mark.django_db


@pytest.fixture
def award(owner, submitter, challenge):
    proposal = make_proposal(submitter, challenge)
    challenge = challenges.challenge_transition(
        actor=owner, challenge=pass_deadline(challenge), to=Status.EVALUATING
    )
    place = AwardPlace.objects.create(challenge=challenge, rank=1, title="Pilot order")
    return award_grant(actor=owner, place=place, proposal=proposal)


def revoke_url(award) -> str:
    return f"/en/challenges/{award.place.challenge_id}/awards/{award.pk}/revoke/"


def awards_url(award) -> str:
    return f"/en/challenges/{award.place.challenge_id}/awards/"


def test_owner_revokes_an_award_and_can_grant_the_place_again(client_for, page, owner, award):
    html = page(owner, awards_url(award)).content.decode()
    assert revoke_url(award) in html
    response = client_for(owner).post(revoke_url(award), follow=True)
    assert "The award is revoked" in response.content.decode()
    award.refresh_from_db()
    assert award.revoked_at is not None
    assert award.revoked_by == owner
    response = client_for(owner).post(
        awards_url(award) + "grant/", {"place": award.place_id, "proposal": award.proposal_id}
    )
    assert response.status_code == 302
    assert Award.objects.filter(place=award.place, revoked_at__isnull=True).count() == 1


def test_a_paid_award_cannot_be_revoked(client_for, owner, award):
    Award.objects.filter(pk=award.pk).update(payment_state=PaymentState.PAID)
    response = client_for(owner).post(revoke_url(award), follow=True)
    assert "A paid award cannot be revoked." in response.content.decode()
    award.refresh_from_db()
    assert award.revoked_at is None


def test_revoking_twice_is_refused(client_for, owner, award):
    client = client_for(owner)
    client.post(revoke_url(award))
    award.refresh_from_db()
    first = award.revoked_at
    response = client.post(revoke_url(award), follow=True)
    assert "This award is already revoked." in response.content.decode()
    award.refresh_from_db()
    assert award.revoked_at == first


def test_revoking_outside_evaluation_is_refused(client_for, owner, award):
    from marketplace.models import Challenge

    Challenge.objects.filter(pk=award.place.challenge_id).update(status=Status.AWARDED)
    response = client_for(owner).post(revoke_url(award), follow=True)
    assert "only be revoked while the challenge is evaluating" in response.content.decode()
    award.refresh_from_db()
    assert award.revoked_at is None


@pytest.mark.parametrize(
    ("role", "expected"), [("judge", 403), ("submitter", 403), ("member", 403), ("outsider", 403)]
)
def test_only_managers_revoke(client_for, people, award, role, expected):
    assert client_for(people[role]).post(revoke_url(award)).status_code == expected
    award.refresh_from_db()
    assert award.revoked_at is None


def test_anonymous_visitor_cannot_revoke(client_for, award):
    assert client_for(None).post(revoke_url(award)).status_code == 302
    award.refresh_from_db()
    assert award.revoked_at is None


def test_revoke_needs_post(client_for, owner, award):
    assert client_for(owner).get(revoke_url(award)).status_code == 405


def test_the_grant_form_starts_on_the_next_open_place_and_the_only_proposal(
    page, owner, submitter, challenge
):
    """The owner grants what comes next: the first place nobody holds (the second, once the
    first is granted) and, with one submitted proposal, that proposal."""
    import re

    proposal = make_proposal(submitter, challenge)
    challenge = challenges.challenge_transition(
        actor=owner, challenge=pass_deadline(challenge), to=Status.EVALUATING
    )
    first = AwardPlace.objects.create(challenge=challenge, rank=1, title="Pilot order")
    second = AwardPlace.objects.create(challenge=challenge, rank=2, title="Runner-up")
    url = f"/en/challenges/{challenge.pk}/awards/"

    def selected(html, name):
        select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
        return re.findall(r'<option value="(\d+)"[^>]*selected', select)

    html = page(owner, url).content.decode()
    assert selected(html, "place") == [str(first.pk)]
    assert selected(html, "proposal") == [str(proposal.pk)]
    award_grant(actor=owner, place=first, proposal=proposal)
    assert selected(page(owner, url).content.decode(), "place") == [str(second.pk)]
