"""Team-formation pages: educators create, invite, read responses, form, edit and publish;
students join, answer, see their team and rate teammates. Every page keeps to the CSP."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import TestCase

from marketplace.teams import services
from marketplace.teams.models import PeerEvaluation, RunStudent, Team, TeamRun
from tests.factories import UserFactory
from tests.marketplace.teams.run_builders import (
    add_challenge,
    add_student,
    educator_of,
    make_run,
    open_evaluation,
    publish,
    small_run,
    university,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def built():
    built = small_run()
    students = built["students"]
    services.survey_submit(
        entry=students[0], discipline=students[0].discipline, availability=["mon-am"],
        challenge_prefs=[built["challenge"].pk], avoid=[students[1].pk],
    )  # fmt: skip
    built["outsider"] = UserFactory()
    return built


def _run_url(run, suffix=""):
    return f"/teamvorming/{run.pk}/{suffix}"


@pytest.mark.parametrize("suffix", ["", "bewerken/", "antwoorden/", "teams/", "evaluaties/"])
def test_educator_pages(page, built, suffix):
    response = page(built["educator"], _run_url(built["run"], suffix))
    assert response.status_code == 200


@pytest.mark.parametrize("suffix", ["bewerken/", "antwoorden/", "teams/", "evaluaties/"])
def test_educator_pages_are_closed_to_others(page, built, suffix):
    url = _run_url(built["run"], suffix)
    assert page(built["students"][0].user, url).status_code == 403
    assert page(built["outsider"], url).status_code == 404
    assert page(None, url).status_code == 302


def test_avoid_lists_appear_only_on_the_educator_page(page, built):
    avoided = built["students"][1]
    educator_html = page(built["educator"], _run_url(built["run"], "antwoorden/")).content.decode()
    assert avoided.name in educator_html
    # the avoided student's own survey page does not reveal it
    html = page(avoided.user, _run_url(built["run"], "enquete/")).content.decode()
    checked = f'value="{built["students"][0].pk}" checked'
    assert checked not in html


def test_create_a_run_as_a_university_member(client_for, page):
    org = university()
    educator = educator_of(org)
    assert page(educator, "/teamvorming/nieuw/").status_code == 200
    assert page(UserFactory(), "/teamvorming/nieuw/").status_code == 403
    response = client_for(educator).post(
        "/teamvorming/nieuw/",
        {"title": "Project", "course": "Design 2", "organisation": org.pk, "team_size_min": 3,
         "team_size_max": 5, "min_common_slots": 0, "weight_skills": 1, "weight_diversity": 1,
         "weight_preference": 1, "seed": 0, "survey_open": "on"},
    )  # fmt: skip
    run = TeamRun.objects.get(title="Project")
    assert response.status_code == 302 and response["Location"].endswith(_run_url(run))


def test_invite_by_email_sends_the_link(client_for, built):
    with TestCase.captureOnCommitCallbacks(execute=True):
        client_for(built["educator"]).post(
            _run_url(built["run"], "uitnodigen/"), {"emails": "a@example.org, b@example.org"}
        )
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    assert built["run"].invite_token in mail.outbox[0].body


def test_student_joins_and_answers_the_survey(client_for, page, built):
    run = built["run"]
    user = UserFactory()
    join = f"/teamvorming/deelnemen/{run.invite_token}/"
    assert page(user, join).status_code == 200
    assert client_for(user).post(join).status_code == 302
    assert page(user, _run_url(run, "enquete/")).status_code == 200
    response = client_for(user).post(
        _run_url(run, "enquete/"),
        {"discipline": "0311", "availability": ["mon-am", "tue-am"], "languages": ["nl"],
         "rank_1": str(built["challenge"].pk), "group": ""},
    )  # fmt: skip
    assert response.status_code == 302
    entry = RunStudent.objects.get(run=run, user=user)
    assert entry.submitted_at and entry.challenge_prefs == [built["challenge"].pk]


def test_bad_survey_answers_show_errors_and_change_nothing(client_for, built):
    run = built["run"]
    entry = built["students"][2]
    before = (entry.discipline_id, entry.availability, entry.submitted_at)
    response = client_for(entry.user).post(
        _run_url(run, "enquete/"), {"discipline": "0421", "availability": ["someday"]}
    )
    assert response.status_code == 200
    assert "field-invalid" in response.content.decode()
    entry.refresh_from_db()
    assert (entry.discipline_id, entry.availability, entry.submitted_at) == before


def test_diagnosis_is_shown_on_the_teams_page(page):
    org = university()
    educator = educator_of(org)
    run = make_run(educator, org)
    add_challenge(run, teams=2, disciplines=["0421"])
    law = add_student(run, "0421")
    for d in ["0713", "0311", "0212"]:
        add_student(run, d)
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.run_solve(run=run)
    for prefix, words in [("", "regels"), ("/en", "rules"), ("/fr", "règles")]:
        html = page(educator, prefix + _run_url(run, "teams/")).content.decode()
        assert law.name in html
        assert words in html.lower()


def test_lock_swap_move_and_publish_through_the_pages(client_for, page, built):
    run, educator = built["run"], built["educator"]
    client = client_for(educator)
    t1, t2 = Team.objects.filter(run=run)
    a, b = t1.members.first().student, t2.members.first().student
    client.post(_run_url(run, f"vastzetten/{a.pk}/"), {"locked": "1"})
    a.refresh_from_db()
    assert a.membership.locked
    client.post(_run_url(run, "wisselen/"), {"a": a.pk, "b": b.pk})
    a.refresh_from_db()
    assert a.membership.team_id == t2.pk
    html = page(educator, _run_url(run, "teams/")).content.decode()
    assert "score" in html.lower()
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(_run_url(run, "publiceren/"), {"accept_warnings": "on"})
    run.refresh_from_db()
    assert run.is_published


def test_student_sees_their_team_and_rates_teammates(client_for, page, built):
    run = built["run"]
    student = built["students"][0]
    before = page(student.user, _run_url(run, "mijn-team/")).content.decode()
    assert not [s.name for s in built["students"][1:] if s.name in before]
    publish(run, built["educator"])
    open_evaluation(run)
    html = page(student.user, _run_url(run, "mijn-team/")).content.decode()
    mate = next(m.student for m in student.membership.team.members.all() if m.student != student)
    assert mate.name in html
    other_team = Team.objects.filter(run=run).exclude(pk=student.membership.team_id).first()
    for m in other_team.members.all():
        assert m.student.name not in html
    prefix = f"r{mate.pk}"
    data = {"ratee": mate.pk, **{f"{prefix}-{f}": 4 for f in (
        "contributing", "interacting", "keeping_on_track", "expecting_quality",
        "having_knowledge")}, f"{prefix}-flag_conflict": "on"}  # fmt: skip
    response = client_for(student.user).post(_run_url(run, "mijn-team/"), data)
    assert response.status_code == 302
    evaluation = PeerEvaluation.objects.get(rater=student, ratee=mate)
    assert evaluation.flag_conflict
    flags = page(built["educator"], _run_url(run, "evaluaties/")).content.decode()
    assert mate.name in flags


def test_run_list_and_other_languages(page, built):
    for prefix in ("", "/en", "/fr"):
        assert page(built["educator"], f"{prefix}/teamvorming/").status_code == 200
        assert page(built["students"][0].user, f"{prefix}/teamvorming/").status_code == 200
