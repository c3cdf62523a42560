"""PATCH/DELETE /api/v1/challenges/{id}/: drafts change freely (managers and co-authors);
an open challenge only in its texts and dates; later nothing."""

import pytest

from marketplace.models import Challenge
from marketplace.models.challenges import Status
from marketplace.services.participation import coauthor_add
from tests.marketplace.challenges.factories import make_challenge, pass_deadline

pytestmark = pytest.mark.django_db


def url(challenge) -> str:
    return f"/api/v1/challenges/{challenge.pk}/"


@pytest.fixture
def draft(owner, organisation):
    return make_challenge(owner, organisation, Status.DRAFT)


def test_owner_saves_the_draft_at_every_step(api, owner, draft):
    for step in [
        {"title": "Step one"},
        {"goal": "Halve the scrap rate by June."},
        {"technologies": ["cobots"]},
        {"visibility": "invited"},
    ]:
        response = api(owner).patch(url(draft), step)
        assert response.status_code == 200, response.content
    draft.refresh_from_db()
    assert (draft.title, draft.visibility) == ("Step one", "invited")
    assert list(draft.technologies.values_list("slug", flat=True)) == ["cobots"]


def test_worker_coauthor_edits_the_draft(api, owner, member, draft):
    assert api(member).patch(url(draft), {"impact_safety": "Less lifting"}).status_code == 403
    coauthor_add(actor=owner, challenge=draft, user=member)
    assert api(member).patch(url(draft), {"impact_safety": "Less lifting"}).status_code == 200


def test_coauthor_cannot_publish(api, owner, member, draft):
    coauthor_add(actor=owner, challenge=draft, user=member)
    response = api(member).post(f"/api/v1/challenges/{draft.pk}/transitions/", {"to": "open"})
    assert response.status_code == 403


@pytest.mark.parametrize(("who", "status"), [("outsider", 404), ("anonymous", 404)])
def test_strangers_do_not_learn_the_draft_exists(api, people, draft, who, status):
    assert api(people[who]).patch(url(draft), {"title": "x"}).status_code in {status, 401, 403}
    assert Challenge.objects.get(pk=draft.pk).title != "x"


def test_open_challenge_changes_only_its_texts(api, owner, challenge):
    assert api(owner).patch(url(challenge), {"summary": "Clearer now " * 20}).status_code == 200
    response = api(owner).patch(url(challenge), {"type": "idea", "ip_regime": "non_confidential"})
    assert response.status_code == 400
    assert set(response.json()) == {"type", "ip_regime"}
    challenge.refresh_from_db()
    assert challenge.type == "proof_of_concept"


def test_nothing_changes_after_the_deadline(api, owner, challenge):
    pass_deadline(challenge)
    assert api(owner).patch(url(challenge), {"summary": "late"}).status_code == 400


def test_unknown_fields_are_refused(api, owner, draft):
    response = api(owner).patch(url(draft), {"status": "completed", "hacker": 1})
    assert response.status_code == 400
    assert "hacker" in response.json()


def test_other_people_cannot_change_a_public_challenge(api, people, challenge):
    for who in ["member", "outsider"]:
        assert api(people[who]).patch(url(challenge), {"title": "x"}).status_code == 403


def test_only_drafts_are_deleted(api, owner, draft, challenge):
    assert api(owner).delete(url(challenge)).status_code == 400
    assert api(owner).delete(url(draft)).status_code == 204
    assert not Challenge.objects.filter(pk=draft.pk).exists()
