"""Runs across institutions: partner institutions named on the run (API and pages), their
students invited, answering the survey and placed in mixed teams."""

from __future__ import annotations

import pytest

from marketplace.models.organisations import Role
from marketplace.teams.models import Team, TeamRun
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.marketplace.teams.run_builders import (
    add_challenge,
    add_student,
    educator_of,
    make_run,
    solve,
    university,
)

pytestmark = pytest.mark.django_db

RUN = {
    "title": "Cross-campus project",
    "course": "Industry 4.0 lab",
    "team_size_min": 2,
    "team_size_max": 3,
}


def _student_of(organisation):
    return MembershipFactory(organisation=organisation, role=Role.MEMBER).user


def test_api_creates_a_run_with_a_partner_institution(api):
    own, partner = university(), OrganisationFactory(kind="research_centre", name="Flanders Make")
    educator = educator_of(own)
    response = api(educator).post(
        "/api/v1/team-runs/",
        {**RUN, "organisation": own.pk, "partner_organisations": [partner.pk]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["partner_organisations"] == [partner.pk]
    run = TeamRun.objects.get(pk=response.json()["id"])
    assert list(run.partner_organisations.all()) == [partner]


@pytest.mark.parametrize("kind", ["company", "public_body"])
def test_api_refuses_a_partner_that_is_no_knowledge_institution(api, kind):
    own, company = university(), OrganisationFactory(kind=kind, name="Staalbouw NV")
    response = api(educator_of(own)).post(
        "/api/v1/team-runs/",
        {**RUN, "organisation": own.pk, "partner_organisations": [company.pk]},
        format="json",
    )
    assert response.status_code == 400
    assert "Staalbouw NV" in str(response.json()["partner_organisations"])
    assert not TeamRun.objects.exists()


def test_api_refuses_the_own_institution_as_partner_and_unknown_ids(api):
    own = university()
    educator = educator_of(own)
    for partners in ([own.pk], [987654]):
        response = api(educator).post(
            "/api/v1/team-runs/",
            {**RUN, "organisation": own.pk, "partner_organisations": partners},
            format="json",
        )
        assert response.status_code == 400
        assert "partner_organisations" in response.json()
    assert not TeamRun.objects.exists()


def test_api_adds_a_partner_to_an_existing_run(api):
    own, partner = university(), OrganisationFactory(kind="university", name="UGent")
    educator = educator_of(own)
    run = make_run(educator, own)
    response = api(educator).patch(
        f"/api/v1/team-runs/{run.pk}/", {"partner_organisations": [partner.pk]}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert list(run.partner_organisations.all()) == [partner]


def test_students_of_both_institutions_join_answer_and_are_placed_together(api):
    own, partner = university(), OrganisationFactory(kind="university", name="UGent")
    educator = educator_of(own)
    run = make_run(educator, own, min_common_slots=1)
    run.partner_organisations.set([partner])
    challenge = add_challenge(run, teams=2, disciplines=["0421", "0713"])
    # the law students only study at the partner institution: without them no team forms
    ours = [add_student(run, "0713", user=_student_of(own)) for _ in range(3)]
    # a partner student joins through the API with the run's invitation link
    guest = _student_of(partner)
    joined = api(guest).post("/api/v1/team-runs/join/", {"token": run.invite_token})
    assert joined.status_code in (200, 201), joined.json()
    answered = api(guest).put(
        f"/api/v1/team-runs/{run.pk}/students/me/",
        {"discipline": "0421", "availability": ["mon-am"], "challenge_prefs": [challenge.pk]},
        format="json",
    )
    assert answered.status_code == 200, answered.json()
    theirs = [add_student(run, "0421", user=_student_of(partner))]
    solve(run)
    assert run.solve_state == "done", run.solve_error
    teams = list(Team.objects.filter(run=run).prefetch_related("members__student__user"))
    for team in teams:
        members = [m.student.user for m in team.members.all()]
        institutions = {
            m.organisation_id for u in members for m in u.memberships.all()
        }  # every team mixes the two institutions
        assert institutions == {own.pk, partner.pk}
    placed = {m.student.user_id for t in teams for m in t.members.all()}
    assert placed == {e.user_id for e in ours + theirs} | {guest.pk}


def test_unknown_user_cannot_see_partner_run_without_the_link(api):
    own, partner = university(), OrganisationFactory(kind="university")
    run = make_run(educator_of(own), own)
    run.partner_organisations.set([partner])
    partner_student = _student_of(partner)
    assert api(partner_student).get(f"/api/v1/team-runs/{run.pk}/").status_code == 404
    assert api(UserFactory()).get(f"/api/v1/team-runs/{run.pk}/").status_code == 404
