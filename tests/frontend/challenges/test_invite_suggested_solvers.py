"""Inviting a suggested solver from the challenge page: the managers' "Invite" button on each
suggested organisation or person, what it creates (an invitee, their notification, a
"relevant" reaction for the matching), the "Invited" state afterwards, and who may do it."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from marketplace.matching.models import SuggestionFeedback, Verdict
from marketplace.models import Capability, ChallengeInvitee, Notification, Technology
from marketplace.models.challenges import Status
from marketplace.models.organisations import Role
from tests.factories import MembershipFactory, OrganisationFactory, PersonProfileFactory

pytestmark = pytest.mark.django_db


def url(challenge, suffix=""):
    return f"/en/challenges/{challenge.pk}/{suffix}"


@pytest.fixture
def welding_lab():
    """An organisation whose capability fits the welding challenge, with one member."""
    lab = OrganisationFactory(
        name="Lasinstituut Kortrijk",
        kind="research_centre",
        description="Robot welding of steel frames for small batches; offline programming.",
    )
    capability = Capability.objects.create(
        owner_organisation=lab,
        title="Offline programming of welding robots",
        description="Robot welding cells for small batches of steel frames, programmed "
        "offline from the 3D model.",
        language="en",
        trl_min=4,
        trl_max=7,
    )
    capability.technologies.set(Technology.objects.filter(slug="industrial-robots"))
    MembershipFactory(organisation=lab, role=Role.OWNER)
    return lab


def _invite_forms(html):
    """The candidates of the page's invite forms."""
    forms = re.findall(r'<form[^>]*action="[^"]*/solvers/invite/"[^>]*>(.*?)</form>', html, re.S)
    return [re.search(r'name="candidate" value="([^"]*)"', f).group(1) for f in forms]


def _invite(client, challenge, candidate, **extra):
    return client.post(url(challenge, "solvers/invite/"), {"candidate": candidate, **extra})


def test_a_suggested_solver_has_an_invite_button_for_the_manager(
    page, owner, challenge, welding_lab
):
    html = page(owner, url(challenge, "solvers/")).content.decode()
    assert "Lasinstituut Kortrijk" in html
    assert f'action="/en/challenges/{challenge.pk}/solvers/invite/"' in html
    assert f"org:{welding_lab.pk}" in _invite_forms(html)


def test_inviting_a_suggested_organisation_invites_it_and_tells_its_members(
    client_for, owner, challenge, welding_lab
):
    response = _invite(client_for(owner), challenge, f"org:{welding_lab.pk}")
    assert response.status_code == 302
    assert response["Location"] == f"/en/challenges/{challenge.pk}/"
    assert ChallengeInvitee.objects.filter(challenge=challenge, organisation=welding_lab).exists()
    lab_owner = welding_lab.memberships.get().user
    assert Notification.objects.filter(user=lab_owner, kind="challenge_invitation").exists()
    feedback = SuggestionFeedback.objects.get(candidate=f"org:{welding_lab.pk}")
    assert feedback.verdict == Verdict.ACCEPTED
    assert feedback.subject == f"challenge:{challenge.pk}"


def test_an_invited_solver_shows_as_invited_instead_of_a_second_button(
    client_for, page, owner, challenge, welding_lab
):
    _invite(client_for(owner), challenge, f"org:{welding_lab.pk}")
    html = page(owner, url(challenge, "solvers/")).content.decode()
    assert "Lasinstituut Kortrijk" in html
    assert ">Invited<" in html
    assert f"org:{welding_lab.pk}" not in _invite_forms(html)


def _relevant_forms(html):
    """The candidates of the page's "Relevant" forms (feedback forms with an acceptance)."""
    forms = re.findall(r'<form[^>]*action="[^"]*/reactie/"[^>]*>(.*?)</form>', html, re.S)
    return [
        re.search(r'name="candidate" value="([^"]*)"', f).group(1)
        for f in forms
        if 'name="verdict" value="accepted"' in f
    ]


def _item(html, name):
    """The suggestion item that names ``name``."""
    return next(part for part in html.split('<li class="suggestion">')[1:] if name in part)


def test_an_invited_solver_is_not_offered_relevant_again(
    client_for, page, owner, challenge, welding_lab
):
    ref = f"org:{welding_lab.pk}"
    before = page(owner, url(challenge, "solvers/")).content.decode()
    assert ref in _relevant_forms(before)
    _invite(client_for(owner), challenge, ref)
    html = page(owner, url(challenge, "solvers/")).content.decode()
    item = _item(html, "Lasinstituut Kortrijk")
    assert ">Invited<" in item
    assert "Marked relevant" not in item
    assert ref not in _relevant_forms(html)
    # Dismissing stays possible: the managers may change their mind.
    assert 'value="dismissed"' in item


def test_the_api_says_which_suggested_solvers_are_invited(
    api, client_for, owner, challenge, welding_lab
):
    ref = f"org:{welding_lab.pk}"
    url_api = f"/api/v1/challenges/{challenge.pk}/solver-suggestions/"

    def shown():
        response = api(owner).get(url_api)
        assert response.status_code == 200
        return next(r for r in response.json()["results"] if r["candidate"] == ref)

    assert (shown()["invited"], shown()["accepted"]) == (False, False)
    _invite(client_for(owner), challenge, ref)
    assert (shown()["invited"], shown()["accepted"]) == (True, True)


def test_a_solver_marked_relevant_says_so_to_every_manager_instead_of_a_second_button(
    client_for, page, owner, challenge, welding_lab
):
    ref = f"org:{welding_lab.pk}"
    response = client_for(owner).post(
        reverse("suggestion_feedback"),
        {
            "subject": f"challenge:{challenge.pk}",
            "candidate": ref,
            "verdict": "accepted",
            "reason": "relevant",
        },
    )
    assert response.status_code == 302
    colleague = MembershipFactory(organisation=challenge.organisation, role=Role.ADMIN).user
    for viewer, marked in ((owner, "Marked relevant"), (colleague, "Marked relevant")):
        html = page(viewer, url(challenge, "solvers/")).content.decode()
        assert marked in _item(html, "Lasinstituut Kortrijk")
        assert ref not in _relevant_forms(html)
        assert ref in _invite_forms(html)  # the invitation is still to be sent
    french = page(owner, f"/fr/challenges/{challenge.pk}/solvers/").content.decode()
    assert "Marquée pertinente" in french


def test_inviting_twice_says_so_and_keeps_one_invitation(client_for, owner, challenge, welding_lab):
    client = client_for(owner)
    _invite(client, challenge, f"org:{welding_lab.pk}")
    response = _invite(client, challenge, f"org:{welding_lab.pk}")
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Already invited." in page
    assert ChallengeInvitee.objects.filter(challenge=challenge).count() == 1


def test_a_suggested_person_is_invited_by_their_account_and_named_not_by_address(
    client_for, owner, challenge
):
    person = PersonProfileFactory(headline="Lasrobot-programmeur")
    person.user.first_name, person.user.last_name = "An", "Peeters"
    person.user.save()
    client = client_for(owner)
    response = _invite(client, challenge, f"person:{person.pk}", next="/en/")
    assert response["Location"] == "/en/"
    assert ChallengeInvitee.objects.filter(challenge=challenge, user=person.user).exists()
    shown = client.get("/en/").content.decode()
    assert "An Peeters is invited." in shown
    assert person.user.email not in shown


def test_a_person_who_withdrew_consent_cannot_be_invited_from_a_suggestion(
    client_for, owner, challenge
):
    person = PersonProfileFactory(matching_consent=False)
    client = client_for(owner)
    response = _invite(client, challenge, f"person:{person.pk}")
    page = client.get(response["Location"]).content.decode()
    assert "This suggestion can no longer be invited." in page
    assert not ChallengeInvitee.objects.filter(challenge=challenge).exists()


@pytest.mark.parametrize("candidate", ["org:999999", "challenge:1", "", "x" * 300])
def test_nonsense_candidates_change_nothing(client_for, owner, challenge, candidate):
    response = _invite(client_for(owner), challenge, candidate)
    assert response.status_code == 302
    assert not ChallengeInvitee.objects.exists()
    assert not SuggestionFeedback.objects.exists()


def test_a_foreign_next_address_is_not_followed(client_for, owner, challenge, welding_lab):
    response = _invite(
        client_for(owner), challenge, f"org:{welding_lab.pk}", next="https://evil.example/"
    )
    assert response["Location"] == f"/en/challenges/{challenge.pk}/"


@pytest.mark.parametrize(("role", "expected"), [("member", 403), ("outsider", 403)])
def test_only_managers_invite(client_for, people, challenge, welding_lab, role, expected):
    response = _invite(client_for(people[role]), challenge, f"org:{welding_lab.pk}")
    assert response.status_code == expected
    assert not ChallengeInvitee.objects.exists()


def test_anonymous_invite_goes_to_sign_in(client, challenge, welding_lab):
    response = client.post(url(challenge, "solvers/invite/"), {"candidate": "org:1"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not ChallengeInvitee.objects.exists()


def test_a_closed_challenge_offers_no_invite_button(page, owner, organisation, welding_lab):
    from tests.marketplace.challenges.factories import make_challenge

    cancelled = make_challenge(owner, organisation, Status.CANCELLED)
    html = page(owner, url(cancelled, "solvers/")).content.decode()
    assert "/solvers/invite/" not in html


def test_an_invitation_stays_shown_after_the_challenge_closes(
    client_for, page, owner, challenge, welding_lab
):
    ref = f"org:{welding_lab.pk}"
    _invite(client_for(owner), challenge, ref)
    challenge.status = Status.CANCELLED
    challenge.save(update_fields=["status"])
    html = page(owner, url(challenge, "solvers/")).content.decode()
    item = _item(html, "Lasinstituut Kortrijk")
    assert ">Invited<" in item
    assert "/solvers/invite/" not in html
    assert "Marked relevant" not in item and ref not in _relevant_forms(html)


def test_the_invite_button_and_state_read_in_dutch(client_for, page, owner, challenge, welding_lab):
    nl = f"/challenges/{challenge.pk}/solvers/"  # Dutch pages have no language prefix
    assert ">Uitnodigen</button>" in page(owner, nl).content.decode()
    _invite(client_for(owner), challenge, f"org:{welding_lab.pk}")
    assert ">Uitgenodigd</span>" in page(owner, nl).content.decode()


def _accepted_reason(html, name):
    """The "accepted before" reason of the suggestion that names ``name``."""
    found = re.search(r'<li data-code="accepted_before">([^<]*)', html.split(name, 1)[1])
    assert found, html
    return found.group(1).strip()


def test_after_an_invitation_the_reason_says_who_invited_and_when(
    client_for, page, owner, organisation, challenge, welding_lab
):
    owner.first_name, owner.last_name = "Sofie", "Claes"
    owner.save()
    owner_client = client_for(owner)
    _invite(owner_client, challenge, f"org:{welding_lab.pk}")
    invited = ChallengeInvitee.objects.get(challenge=challenge)
    # Invited at 23:30 UTC on 3 March: already 4 March in Brussels, still 3 March in New York.
    ChallengeInvitee.objects.filter(pk=invited.pk).update(
        created_at=datetime.datetime(2026, 3, 3, 23, 30, tzinfo=datetime.UTC)
    )
    own = page(owner, url(challenge, "solvers/")).content.decode()
    assert _accepted_reason(own, "Lasinstituut Kortrijk") == "You invited them on 4 March 2026."
    colleague = MembershipFactory(organisation=organisation, role=Role.ADMIN).user
    colleague.time_zone = "America/New_York"
    colleague.save()
    theirs = page(colleague, url(challenge, "solvers/")).content.decode()
    assert (
        _accepted_reason(theirs, "Lasinstituut Kortrijk")
        == "Sofie Claes invited them on 3 March 2026."
    )
    dutch = page(colleague, f"/challenges/{challenge.pk}/solvers/").content.decode()
    assert (
        _accepted_reason(dutch, "Lasinstituut Kortrijk")
        == "Sofie Claes nodigde hen uit op 3 maart 2026."
    )


def test_a_relevant_mark_is_not_called_an_invitation(
    client_for, page, owner, organisation, challenge, welding_lab
):
    colleague = MembershipFactory(organisation=organisation, role=Role.ADMIN).user
    colleague.first_name, colleague.last_name = "Jan", "Wouters"
    colleague.save()
    response = client_for(colleague).post(
        "/suggesties/reactie/",
        {
            "subject": f"challenge:{challenge.pk}",
            "candidate": f"org:{welding_lab.pk}",
            "verdict": "accepted",
            "reason": "relevant",
        },
    )
    assert response.status_code == 302
    mark = SuggestionFeedback.objects.get()
    SuggestionFeedback.objects.filter(pk=mark.pk).update(
        updated_at=datetime.datetime(2026, 5, 12, 9, 0, tzinfo=datetime.UTC)
    )
    html = page(owner, f"/fr/challenges/{challenge.pk}/solvers/").content.decode()
    assert (
        _accepted_reason(html, "Lasinstituut Kortrijk")
        == "Jan Wouters a marqué cette suggestion comme pertinente le 12 mai 2026."
    )
    assert "invit" not in _accepted_reason(html, "Lasinstituut Kortrijk")
    # Once the colleague's account is gone, the date stays and no one is named.
    colleague.delete()
    html = page(owner, url(challenge, "solvers/")).content.decode()
    assert _accepted_reason(html, "Lasinstituut Kortrijk") == "Marked as relevant on 12 May 2026."
