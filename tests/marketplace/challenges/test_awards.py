"""Award places and awards: …/award-places/, …/awards/, …/awards/{id}/revoke/. Exactly one
live award per place, also when two requests race (PostgreSQL row lock)."""

import threading

import pytest
from django.db import connection

from marketplace.models import Award, AwardPlace
from marketplace.models.challenges import Status
from marketplace.services.awards import award_grant
from marketplace.services.challenges import challenge_transition
from tests.marketplace.challenges.factories import (
    make_challenge,
    make_proposal,
    pass_deadline,
    solver,
)


def evaluating_with_two(owner, organisation):
    challenge = make_challenge(owner, organisation)
    first = make_proposal(solver("One BV")[0], challenge)
    second = make_proposal(solver("Two BV")[0], challenge)
    pass_deadline(challenge)
    challenge = challenge_transition(actor=owner, challenge=challenge, to=Status.EVALUATING)
    place = AwardPlace.objects.create(challenge=challenge, rank=1, title="Pilot", amount_eur=None)
    return challenge, place, first, second


@pytest.mark.django_db
def test_owner_grants_a_non_monetary_award(api, owner, organisation):
    challenge, place, first, _second = evaluating_with_two(owner, organisation)
    response = api(owner).post(
        f"/api/v1/challenges/{challenge.pk}/awards/", {"place": place.pk, "proposal": first.pk}
    )
    assert response.status_code == 201, response.content
    assert response.json()["payment_state"] == "not_applicable"
    assert first.created_by.notifications.filter(kind="award").exists()


@pytest.mark.django_db
def test_a_place_is_awarded_once(api, owner, organisation):
    challenge, place, first, second = evaluating_with_two(owner, organisation)
    url = f"/api/v1/challenges/{challenge.pk}/awards/"
    assert api(owner).post(url, {"place": place.pk, "proposal": first.pk}).status_code == 201
    assert api(owner).post(url, {"place": place.pk, "proposal": second.pk}).status_code == 400
    award = Award.objects.get()
    revoke = api(owner).post(f"/api/v1/challenges/{challenge.pk}/awards/{award.pk}/revoke/")
    assert revoke.status_code == 200
    assert api(owner).post(url, {"place": place.pk, "proposal": second.pk}).status_code == 201
    assert Award.objects.filter(revoked_at__isnull=True).count() == 1


@pytest.mark.django_db
def test_bad_awards_are_refused(api, owner, organisation, challenge, proposal):
    _c, other_place, first, _s = evaluating_with_two(owner, organisation)
    url = f"/api/v1/challenges/{challenge.pk}/awards/"
    own_place = AwardPlace.objects.create(challenge=challenge, rank=1, title="x")
    # Not evaluating yet; another challenge's place; another challenge's proposal.
    assert api(owner).post(url, {"place": own_place.pk, "proposal": proposal.pk}).status_code == 400
    assert (
        api(owner).post(url, {"place": other_place.pk, "proposal": proposal.pk}).status_code == 400
    )
    pass_deadline(challenge)
    challenge_transition(actor=owner, challenge=challenge, to=Status.EVALUATING)
    assert api(owner).post(url, {"place": own_place.pk, "proposal": first.pk}).status_code == 400
    assert not Award.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["member", "judge", "submitter", "outsider"])
def test_only_managers_award(api, people, challenge, proposal, who):
    place = AwardPlace.objects.create(challenge=challenge, rank=1, title="x")
    url = f"/api/v1/challenges/{challenge.pk}/awards/"
    assert (
        api(people[who]).post(url, {"place": place.pk, "proposal": proposal.pk}).status_code == 403
    )
    assert (
        api(people[who])
        .post(f"/api/v1/challenges/{challenge.pk}/award-places/", {"rank": 2, "title": "y"})
        .status_code
        == 403
    )


@pytest.mark.django_db
def test_places_are_listed_and_winners_shown_after_awarding(api, owner, organisation, outsider):
    challenge, place, first, _second = evaluating_with_two(owner, organisation)
    award_grant(actor=owner, place=place, proposal=first)
    url = f"/api/v1/challenges/{challenge.pk}/award-places/"
    assert api(outsider).get(url).json()[0]["winner"] is None
    assert api(owner).get(url).json()[0]["winner"]["proposal"] == first.pk
    duplicate = api(owner).post(url, {"rank": 1, "title": "Again"})
    assert duplicate.status_code == 400


@pytest.mark.django_db(transaction=True)
def test_two_racing_grants_leave_one_live_award(owner, organisation):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    _challenge, place, first, second = evaluating_with_two(owner, organisation)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def grant(proposal):
        try:
            barrier.wait()
            award_grant(actor=owner, place=place, proposal=proposal)
            outcomes.append("ok")
        except Exception as exc:
            outcomes.append(type(exc).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=grant, args=(p,)) for p in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ValidationError", "ok"]
    assert Award.objects.filter(place=place, revoked_at__isnull=True).count() == 1
