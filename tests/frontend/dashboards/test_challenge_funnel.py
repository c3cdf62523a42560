"""A challenge's funnel for the members of the posting organisation: views counted privately
(never the organisation's own), NDA acceptances, proposals, feedback, awards and how the
suggested solvers responded. To anyone else the page does not exist."""

from __future__ import annotations

import re

import pytest

from marketplace.matching.shown import shown_react
from marketplace.models import ChallengeViewDay
from marketplace.models.challenges import Status
from marketplace.models.organisations import Role
from tests.factories import MembershipFactory, UserFactory
from tests.frontend.dashboards.world import shown_as_solver
from tests.marketplace.challenges.factories import (
    accept_nda,
    make_challenge,
    make_judge,
    make_proposal,
    solver,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(organisation, owner):
    challenge = make_challenge(owner, organisation, Status.OPEN)
    submitter, submitter_org = solver()
    return {
        "challenge": challenge,
        "submitter": submitter,
        "submitter_org": submitter_org,
        "people": {
            "owner": owner,
            "member": MembershipFactory(organisation=organisation, role=Role.MEMBER).user,
            "judge": make_judge(owner, challenge),
            "intermediary": MembershipFactory(organisation__kind="intermediary").user,
            "outsider": UserFactory(),
            "anonymous": None,
        },
    }


def _url(challenge, suffix=""):
    return f"/en/challenges/{challenge.pk}/insight/{suffix}"


@pytest.mark.parametrize("who", ["owner", "member"])
def test_members_of_the_posting_organisation_see_the_funnel(page, world, who):
    response = page(world["people"][who], _url(world["challenge"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "From view to award" in html and 'data-figure="funnel"' in html
    assert page(world["people"][who], _url(world["challenge"], "funnel.csv")).status_code == 200


@pytest.mark.parametrize("who", ["judge", "intermediary", "outsider", "anonymous"])
def test_anyone_else_gets_404(page, world, who):
    assert page(world["people"][who], _url(world["challenge"])).status_code == 404
    assert page(world["people"][who], _url(world["challenge"], "funnel.csv")).status_code == 404


def test_views_are_counted_without_the_organisation_own(page, world):
    challenge, people = world["challenge"], world["people"]
    for who in ("outsider", "outsider", "anonymous", "owner", "member"):
        assert page(people[who], f"/en/challenges/{challenge.pk}/").status_code == 200
    assert ChallengeViewDay.objects.get(challenge=challenge).views == 3


def test_the_funnel_counts_each_step(page, client_for, world):
    challenge, submitter, people = world["challenge"], world["submitter"], world["people"]
    page(people["outsider"], f"/en/challenges/{challenge.pk}/")
    accept_nda(submitter, challenge)
    make_proposal(submitter, challenge, kind="organisation", organisation=world["submitter_org"])
    make_proposal(UserFactory(), challenge, submit=False)
    shown_as_solver(challenge, world["submitter_org"])
    other = solver("Ander BV")[1]
    shown_as_solver(challenge, other)
    shown_react(
        subject=f"challenge:{challenge.pk}",
        candidate=f"org:{other.pk}",
        verdict="dismissed",
        reason="too_far",
    )
    csv = page(people["owner"], _url(challenge, "funnel.csv")).content.decode("utf-8-sig")
    assert "Page views (outside your organisation),1" in csv
    assert "NDA acceptances,1" in csv
    assert "Proposals started,2" in csv
    assert "Proposals submitted,1" in csv
    assert "Awards,0" in csv
    solvers = page(people["owner"], _url(challenge, "suggested.csv")).content.decode("utf-8-sig")
    assert "Shown to your team,2" in solvers
    assert "Dismissed,1" in solvers
    assert "Submitted a proposal,1" in solvers
    # The management page draws the funnel too.
    detail = page(people["owner"], f"/en/challenges/{challenge.pk}/").content.decode()
    assert 'data-figure="funnel"' in detail
    # The summary's count is the table's: views by people outside the owner's organisation.
    assert (
        "Page views (outside your organisation): 1 · proposals submitted: 1 · with feedback: 0 "
        "· awarded: 0." in detail
    )
    dutch = page(people["owner"], f"/challenges/{challenge.pk}/").content.decode()
    assert (
        "Paginabezoeken (buiten uw organisatie): 1 · ingediende voorstellen: 1 · met feedback: 0 "
        "· toegekend: 0." in dutch
    )
    french = page(people["owner"], f"/fr/challenges/{challenge.pk}/").content.decode()
    assert (
        "Consultations de la page (hors de votre organisation) : 1 · propositions soumises : 1 "
        "· avec retour : 0 · primées : 0." in french
    )


def test_the_suggested_solvers_summary_says_so_when_none_were_suggested(page, world):
    html = page(world["people"]["owner"], _url(world["challenge"])).content.decode()
    assert "No solvers have been suggested to your team yet." in html
    assert "of the 0 solvers" not in html and "Solvers suggested to your team: 0" not in html


def test_unknown_figure_is_a_404(page, world):
    assert page(world["people"]["owner"], _url(world["challenge"], "x.csv")).status_code == 404


@pytest.mark.parametrize(
    ("prefix", "label"),
    [
        ("/en", "Page views (outside your organisation)"),
        ("", "Paginabezoeken (buiten uw organisatie)"),
        ("/fr", "Consultations de la page (hors de votre organisation)"),
    ],
)
def test_the_chart_rows_carry_their_whole_label_in_every_language(page, world, prefix, label):
    """A row label too long for one line goes on two, never cut short with an ellipsis."""
    challenge = world["challenge"]
    html = page(world["people"]["owner"], f"{prefix}/challenges/{challenge.pk}/insight/")
    svg = html.content.decode().split('data-figure="funnel"', 1)[1].split("</svg>", 1)[0]
    row = svg.split(f"<title>{label}</title>", 1)[1].split("</text>", 1)[0]
    lines = re.findall(r"<tspan [^>]*>([^<]*)</tspan>", row)
    assert " ".join(lines) == label and "…" not in svg
    assert all(len(line) <= 34 for line in lines)
