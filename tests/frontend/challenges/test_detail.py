"""The challenge page: who sees it (404 for what an outsider may not know exists), the public
sections, the lifecycle buttons for managers with their errors, endorsements and co-authors,
and the lazily loaded solver suggestions."""

from __future__ import annotations

import pytest

from marketplace.models import ChallengeEndorsement, ChallengeTransition
from marketplace.models.challenges import Status
from tests.factories import MembershipFactory
from tests.frontend.challenges.conftest import ROLES
from tests.marketplace.challenges.factories import make_challenge

pytestmark = pytest.mark.django_db


def url(challenge, suffix=""):
    return f"/en/challenges/{challenge.pk}/{suffix}"


@pytest.mark.parametrize("role", ROLES)
def test_public_challenge_is_open_to_everyone(page, people, challenge, role):
    response = page(people[role], url(challenge))
    assert response.status_code == 200
    html = response.content.decode()
    assert challenge.title in html
    assert "Impact on work" in html
    assert "Operators run the new cell themselves." in html
    assert "Public disclosure can destroy patent novelty" in html


def test_notification_link_without_language_prefix_works(client, challenge):
    assert client.get(f"/challenges/{challenge.pk}/").status_code == 200


@pytest.mark.parametrize(
    ("role", "expected"),
    [("owner", 200), ("member", 200), ("outsider", 404), ("anonymous", 404)],
)
def test_draft_is_for_the_posting_organisation_only(page, people, organisation, role, expected):
    draft = make_challenge(people["owner"], organisation, Status.DRAFT)
    assert page(people[role], url(draft)).status_code == expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [("owner", 200), ("member", 200), ("outsider", 404), ("anonymous", 404), ("submitter", 404)],
)
def test_invited_only_challenge_is_404_for_outsiders(page, people, organisation, role, expected):
    invited = make_challenge(people["owner"], organisation, visibility="invited")
    assert page(people[role], url(invited)).status_code == expected


def test_unknown_challenge_is_404(page, owner):
    assert page(owner, "/en/challenges/999999/").status_code == 404


def test_manager_sees_transitions_with_their_blockers(page, owner, challenge):
    html = page(owner, url(challenge)).content.decode()
    assert "Move to “Evaluating”" in html
    assert "Move to “Cancelled”" in html
    assert f'hx-get="/en/challenges/{challenge.pk}/solvers/"' in html


def test_member_and_outsider_see_no_manager_controls(page, member, outsider, challenge):
    for user in (member, outsider):
        html = page(user, url(challenge)).content.decode()
        assert "Move to “" not in html
        assert "/solvers/" not in html


def test_wrong_transition_shows_a_clear_error_and_changes_nothing(client_for, owner, challenge):
    client = client_for(owner)
    response = client.post(url(challenge, "transition/"), {"to": "completed"}, follow=True)
    assert response.status_code == 200
    assert "A challenge cannot go from Open to Completed." in response.content.decode()
    challenge.refresh_from_db()
    assert challenge.status == Status.OPEN
    dutch = client.post(
        f"/challenges/{challenge.pk}/transition/", {"to": "completed"}, follow=True
    ).content.decode()
    assert "Een uitdaging kan niet van Open naar " in dutch


def test_transition_with_nonsense_input_is_refused(client_for, owner, challenge):
    response = client_for(owner).post(url(challenge, "transition/"), {"to": "x" * 50}, follow=True)
    assert "Choose a valid status." in response.content.decode()


@pytest.mark.parametrize(("role", "expected"), [("member", 403), ("outsider", 403)])
def test_only_managers_move_the_challenge(client_for, people, challenge, role, expected):
    response = client_for(people[role]).post(url(challenge, "transition/"), {"to": "cancelled"})
    assert response.status_code == expected
    challenge.refresh_from_db()
    assert challenge.status == Status.OPEN


def test_anonymous_transition_goes_to_sign_in(client, challenge):
    response = client.post(url(challenge, "transition/"), {"to": "cancelled"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("prefix", "said"),
    [
        ("/en", "The challenge now has the status Cancelled."),
        ("", "De uitdaging heeft nu de status Geannuleerd."),
        ("/fr", "Le défi a maintenant le statut Annulé."),
    ],
)
def test_the_manager_is_told_the_new_status_in_a_sentence(
    client_for, owner, challenge, prefix, said
):
    response = client_for(owner).post(
        f"{prefix}/challenges/{challenge.pk}/transition/", {"to": "cancelled"}, follow=True
    )
    assert said in response.content.decode()


def test_cancel_is_logged(client_for, owner, challenge):
    client_for(owner).post(url(challenge, "transition/"), {"to": "cancelled"})
    challenge.refresh_from_db()
    assert challenge.status == Status.CANCELLED
    assert ChallengeTransition.objects.filter(challenge=challenge, to_status="cancelled", by=owner)


def test_worker_endorses_anonymously(client_for, page, member, outsider, challenge):
    member.first_name, member.last_name = "Jef", "Lasser"
    member.save()
    html = page(member, url(challenge)).content.decode()
    assert "Endorse this challenge" in html
    client_for(member).post(url(challenge, "endorse/"), {"anonymous": "on", "comment": "Yes!"})
    assert ChallengeEndorsement.objects.filter(challenge=challenge, user=member, anonymous=True)
    public = page(outsider, url(challenge)).content.decode()
    assert "A colleague (anonymous)" in public
    assert "Jef Lasser" not in public
    assert "Endorse this challenge" not in public


def test_outsider_cannot_endorse(client_for, outsider, challenge):
    response = client_for(outsider).post(url(challenge, "endorse/"), {}, follow=True)
    assert "Only people of the posting organisation can endorse it." in response.content.decode()
    assert not ChallengeEndorsement.objects.exists()


def test_manager_adds_a_worker_as_coauthor(client_for, page, owner, organisation, challenge):
    worker = MembershipFactory(organisation=organisation).user
    response = client_for(owner).post(url(challenge, "coauthors/"), {"email": worker.email})
    assert response.status_code == 302
    assert challenge.coauthors.filter(user=worker).exists()
    assert "Co-authored by" in page(None, url(challenge)).content.decode()


def test_coauthor_outside_the_organisation_is_refused(client_for, owner, outsider, challenge):
    response = client_for(owner).post(
        url(challenge, "coauthors/"), {"email": outsider.email}, follow=True
    )
    assert "Only members of the posting organisation can co-author." in response.content.decode()


def test_good_practices_and_funding_hints_are_shown(page, challenge):
    html = page(None, url(challenge)).content.decode()
    assert "Firms like you solved this with…" in html
    assert "/good-practices/" in html


@pytest.mark.parametrize(("role", "expected"), [("owner", 200), ("member", 403), ("outsider", 403)])
def test_solver_suggestions_are_for_managers(page, people, challenge, role, expected):
    assert page(people[role], url(challenge, "solvers/")).status_code == expected


def test_solver_suggestions_for_anonymous_go_to_sign_in(page, challenge):
    assert page(None, url(challenge, "solvers/")).status_code == 302
