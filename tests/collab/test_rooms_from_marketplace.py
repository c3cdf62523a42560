"""Rooms that the marketplace starts: an award opens a room for the owner and the winner; a
withdrawn NDA takes the user out of the challenge's award rooms."""

from __future__ import annotations

import pytest

from collab.models import Room, RoomMember
from marketplace.models import AwardPlace, NdaAcceptance
from marketplace.models.challenges import Status
from marketplace.services.awards import award_grant
from marketplace.services.challenges import challenge_transition
from marketplace.services.ndas import nda_revoke
from tests.marketplace.challenges.factories import (
    accept_nda,
    make_challenge,
    make_proposal,
    pass_deadline,
    solver,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def awarded(owner, organisation):
    challenge = make_challenge(owner, organisation)
    winner, _winner_org = solver("Winner BV")
    accept_nda(winner, challenge)
    proposal = make_proposal(winner, challenge)
    pass_deadline(challenge)
    challenge = challenge_transition(actor=owner, challenge=challenge, to=Status.EVALUATING)
    place = AwardPlace.objects.create(challenge=challenge, rank=1, title="Pilot")
    award = award_grant(actor=owner, place=place, proposal=proposal)
    return challenge, award, winner


def test_an_award_opens_a_room_for_owner_and_winner(awarded, owner):
    _challenge, award, winner = awarded
    room = Room.objects.get(source_kind="award", source_id=str(award.pk))
    roles = dict(RoomMember.objects.filter(room=room).values_list("user_id", "role"))
    assert roles[owner.pk] == "owner"
    assert roles[winner.pk] == "member"


def test_a_withdrawn_nda_takes_the_user_out_of_the_award_room(awarded, owner):
    challenge, award, winner = awarded
    acceptance = NdaAcceptance.objects.get(challenge=challenge, user=winner)
    nda_revoke(actor=owner, acceptance=acceptance, reason="Left the company")
    room = Room.objects.get(source_kind="award", source_id=str(award.pk))
    assert not RoomMember.objects.filter(room=room, user=winner).exists()
    assert RoomMember.objects.filter(room=room, user=owner).exists()
