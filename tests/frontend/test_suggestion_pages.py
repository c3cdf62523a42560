"""Suggestions on pages: the panel on an organisation page for members, dismissing from it,
and the person's challenge suggestions."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from marketplace.matching.models import SuggestionFeedback
from marketplace.matching.store import forget_fingerprint
from marketplace.models import Collaboration
from marketplace.models.challenges import Status
from marketplace.models.organisations import Role
from tests.factories import MembershipFactory, OrganisationFactory, PersonProfileFactory
from tests.marketplace.challenges.factories import make_challenge

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_matching_index")]


def test_member_sees_suggested_partners_with_reasons(client, organisation, member, partner):
    client.force_login(member)
    page = client.get(f"/organisaties/{organisation.pk}/")
    assert f'hx-get="/organisaties/{organisation.pk}/suggesties/"' in page.content.decode()
    panel = client.get(f"/en/organisaties/{organisation.pk}/suggesties/")
    html = panel.content.decode()
    assert panel.status_code == 200
    assert "Lasinstituut Kortrijk" in html
    project = Collaboration.objects.get(ref="p:1")
    # The reason names the joint project and links its page (the title in the sentence is the
    # link), where the reader can check it.
    assert (
        "Worked with you on 1 project, started in 2021: "
        f'<a href="/en/projecten/{project.pk}/">“Welding”</a>.'
    ) in html
    page = client.get(f"/en/projecten/{project.pk}/").content.decode()
    assert "Lasinstituut Kortrijk" in page and organisation.name in page


@pytest.mark.parametrize("who", ["outsider", None])
def test_outsiders_get_no_suggestion_panel(client, organisation, outsider, who):
    if who:
        client.force_login(outsider)
    page = client.get(f"/organisaties/{organisation.pk}/")
    assert "suggesties/" not in page.content.decode()
    panel = client.get(f"/organisaties/{organisation.pk}/suggesties/")
    assert panel.status_code in {302, 403}


def test_dismissing_from_the_page_hides_it(client, organisation, member, partner):
    client.force_login(member)
    response = client.post(
        "/suggesties/reactie/",
        {
            "subject": "pic:1",
            "candidate": "pic:2",
            "verdict": "dismissed",
            "reason": "not_relevant",
            "next": f"/organisaties/{organisation.pk}/",
        },
    )
    assert response.status_code == 302
    assert SuggestionFeedback.objects.get().verdict == "dismissed"
    panel = client.get(f"/organisaties/{organisation.pk}/suggesties/")
    assert "Lasinstituut Kortrijk" not in panel.content.decode()


def test_dismissing_asks_why_and_records_no_reason_the_person_did_not_give(
    client, organisation, member, partner
):
    client.force_login(member)
    html = client.get(f"/en/organisaties/{organisation.pk}/suggesties/").content.decode()
    select = re.search(r'<select name="reason"[^>]*>\s*<option([^>]*)>([^<]*)<', html)
    assert select is not None
    assert " required" in select.group(0)
    assert select.group(1).strip() == 'value="" selected' and select.group(2) == "Why not?"
    # The label a screen reader reads names the purpose, not the same question twice.
    assert ">Reason for dismissing this suggestion</label>" in html
    response = client.post(
        "/en/suggesties/reactie/",
        {
            "subject": "pic:1",
            "candidate": "pic:2",
            "verdict": "dismissed",
            "reason": "",
            "next": f"/en/organisaties/{organisation.pk}/",
        },
        follow=True,
    )
    assert "That reaction could not be saved." in response.content.decode()
    assert not SuggestionFeedback.objects.exists()
    panel = client.get(f"/en/organisaties/{organisation.pk}/suggesties/")
    assert "Lasinstituut Kortrijk" in panel.content.decode()


def test_an_outsider_cannot_dismiss_for_an_organisation(client, organisation, outsider, partner):
    client.force_login(outsider)
    response = client.post(
        "/suggesties/reactie/",
        {"subject": "pic:1", "candidate": "pic:2", "verdict": "dismissed", "reason": "other"},
    )
    assert response.status_code == 403
    assert not SuggestionFeedback.objects.exists()


def test_my_challenges_page(client, outsider):
    client.force_login(outsider)
    response = client.get("/mijn-uitdagingen/")
    assert response.status_code == 200


def test_a_reason_links_the_projects_it_quotes_in_place_and_escapes_everything():
    from frontend.templatetags.kruispunt import reason_sentence

    reason = {
        "text": "Worked with you on 3 projects: “Robots <b>&</b> lasers”, “Cobots”.",
        "links": [
            {
                "url": "/p/1/",
                "title": "Robots <b>&</b> lasers",
                "quoted": "“Robots <b>&</b> lasers”",
            },
            {"url": "/p/2/", "title": "Cobots", "quoted": "“Cobots”"},
            {"url": "/p/3/", "title": "Not quoted <script>", "quoted": "“Not quoted <script>”"},
        ],
    }
    with translation.override("en"):
        html = str(reason_sentence(reason))
    assert html == (
        "Worked with you on 3 projects: "
        '<a href="/p/1/">“Robots &lt;b&gt;&amp;&lt;/b&gt; lasers”</a>, '
        '<a href="/p/2/">“Cobots”</a>. '
        '<span class="evidence">Also: <a href="/p/3/">Not quoted &lt;script&gt;</a></span>'
    )


def test_projects_after_a_sentence_that_quotes_none_follow_it_as_a_list():
    """ "Active: 2 past projects, the last started in 2024." is followed by the projects
    themselves, with no "Also:" (the sentence named none of them)."""
    from frontend.templatetags.kruispunt import reason_sentence

    reason = {
        "text": "Active: 2 past projects, the last started in 2024.",
        "links": [
            {"url": "/p/1/", "title": "Cobots", "quoted": "“Cobots”"},
            {"url": "/p/2/", "title": "Lasers", "quoted": "“Lasers”"},
        ],
    }
    assert str(reason_sentence(reason)) == (
        "Active: 2 past projects, the last started in 2024. "
        '<span class="evidence"><a href="/p/1/">Cobots</a> · <a href="/p/2/">Lasers</a></span>'
    )


def test_for_you_points_owners_to_their_organisation_and_open_challenges(
    client_for, organisation, owner
):
    """An SME owner who opens "For you" finds where their organisation's partners and their
    open challenge's solvers are suggested; a draft or finished challenge is not listed."""
    open_challenge = make_challenge(owner, organisation, Status.OPEN, title="Vullijncamera")
    make_challenge(owner, organisation, Status.DRAFT, title="Nog een concept")
    make_challenge(owner, organisation, Status.CANCELLED, title="Al geannuleerd")
    client = client_for(owner)
    html = client.get("/mijn-uitdagingen/").content.decode()
    assert "Voor uw organisatie" in html
    assert (
        f'<a href="/organisaties/{organisation.pk}/suggesties/">'
        f"Partners en uitdagingen voorgesteld aan {organisation.name}</a>"
    ) in html
    assert (
        f'<a href="/challenges/{open_challenge.pk}/solvers/">'
        "Oplossers voorgesteld voor “Vullijncamera”</a>"
    ) in html
    assert "Nog een concept" not in html and "Al geannuleerd" not in html
    assert client.get(f"/challenges/{open_challenge.pk}/solvers/").status_code == 200
    assert client.get(f"/organisaties/{organisation.pk}/suggesties/").status_code == 200
    english = client.get("/en/mijn-uitdagingen/").content.decode()
    assert "For your organisation" in english and "Solvers suggested for “Vullijncamera”" in english
    french = client.get("/fr/mijn-uitdagingen/").content.decode()
    assert "Pour votre organisation" in french
    assert "Apporteurs de solutions suggérés pour « Vullijncamera »" in french


def test_for_you_shows_a_member_the_organisation_but_not_the_challenges_they_do_not_run(
    client_for, organisation, owner, member
):
    make_challenge(owner, organisation, Status.OPEN, title="Vullijncamera")
    html = client_for(member).get("/en/mijn-uitdagingen/").content.decode()
    assert f"Partners and challenges suggested to {organisation.name}" in html
    assert "Vullijncamera" not in html


def test_for_you_has_no_organisation_section_for_someone_without_one(client_for, outsider):
    html = client_for(outsider).get("/en/mijn-uitdagingen/").content.decode()
    assert "For your organisation" not in html and "Challenges for you" in html


def test_a_person_turns_down_a_challenge_with_a_persons_reasons(client_for):
    """A firm's reasons about a partner ("we already work with them", "a competitor", "too big
    or too small for us") are not offered to a person dismissing a challenge."""
    vision = "Machine vision and cameras that inspect the fill level of bottles on bottling lines."
    person = PersonProfileFactory(headline=vision, bio=vision, matching_consent=True)
    brewery = OrganisationFactory(name="Brouwerij Zuur", description=vision, kind="company")
    make_challenge(
        MembershipFactory(organisation=brewery, role=Role.OWNER).user,
        brewery,
        title="Fill-level camera for a bottling line",
        summary="We look for machine vision that checks the fill level of every beer bottle.",
        technologies=["machine-vision"],
    )
    forget_fingerprint()
    html = client_for(person.user).get("/en/mijn-uitdagingen/").content.decode()
    assert "Fill-level camera for a bottling line" in html
    options = re.findall(r'<option value="([a-z_]+)">([^<]+)</option>', html)
    assert options == [
        ("not_relevant", "Not relevant for me"),
        ("wrong_sector", "Wrong sector or technology"),
        ("too_far", "Too far away"),
        ("other", "Another reason"),
    ]
    dutch = client_for(person.user).get("/mijn-uitdagingen/").content.decode()
    assert '<option value="not_relevant">Niet relevant voor mij</option>' in dutch


def test_opening_for_you_before_onboarding_creates_no_profile(client_for, outsider, api):
    """A page view is not onboarding: a new account that opens "For you" (page or API) still
    has no profile afterwards, and the home page still offers to set one up."""
    from marketplace.models import PersonProfile

    assert not PersonProfile.objects.filter(user=outsider).exists()
    client = client_for(outsider)
    html = client.get("/en/mijn-uitdagingen/").content.decode()
    assert "What would help:" in html
    assert "Add a capability" in html
    url = "/api/v1/people/me/challenge-suggestions/"
    answer = api(outsider).get(url, HTTP_ACCEPT_LANGUAGE="en").json()
    assert answer["results"] == []
    assert answer["subject"] == ""
    assert any(step.startswith("Add a capability") for step in answer["next_steps"])
    assert not PersonProfile.objects.filter(user=outsider).exists()
    home = client.get("/en/").content.decode()
    assert "Set up your profile" in home
    assert "See your suggestions" not in home
