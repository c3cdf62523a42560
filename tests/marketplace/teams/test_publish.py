"""Publishing teams: notifications, e-mails after commit, a project room per team through
the collab hook, and the team linked to its challenge."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from collab.models import Room, RoomMember
from marketplace.models import Notification
from marketplace.teams import publishing, services
from marketplace.teams.models import Team
from tests.marketplace.challenges.factories import make_challenge
from tests.marketplace.teams.run_builders import publish, small_run

pytestmark = pytest.mark.django_db


def test_publish_creates_rooms_notifications_and_emails():
    built = small_run()
    run, educator = built["run"], built["educator"]
    mail.outbox.clear()
    publish(run, educator)
    assert run.is_published
    teams = list(Team.objects.filter(run=run))
    for team in teams:
        room = Room.objects.get(pk=team.room_id)
        assert room.source_kind == "team" and room.source_id == str(team.pk)
        members = set(RoomMember.objects.filter(room=room).values_list("user_id", flat=True))
        assert {m.student.user_id for m in team.members.all()} | {educator.pk} == members
    students = [s.user for s in built["students"]]
    assert Notification.objects.filter(user__in=students, kind="team_published").count() == 5
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in students)
    note = Notification.objects.filter(user=students[0]).first()
    assert note.emailed_at is not None  # the daily digest does not repeat it
    assert f"/teamvorming/{run.pk}/mijn-team/" in note.url


def test_publish_without_a_rooms_receiver_still_publishes():
    from marketplace.teams.signals import team_published

    built = small_run()
    team_published.disconnect(dispatch_uid="collab.team_room")
    try:
        publish(built["run"], built["educator"])
    finally:
        from collab.receivers import team_room_create

        team_published.connect(team_room_create, dispatch_uid="collab.team_room")
    assert built["run"].is_published
    assert not Team.objects.filter(run=built["run"], room_id__isnull=False).exists()


def test_teams_stay_linked_to_their_marketplace_challenge(owner, organisation):
    built = small_run()
    run, rc = built["run"], built["challenge"]
    challenge = make_challenge(owner, organisation)
    rc.challenge = challenge
    rc.save()
    publish(run, built["educator"])
    for team in Team.objects.filter(run=run):
        assert team.run_challenge.challenge == challenge
    assert Notification.objects.filter(kind="team_published", challenge=challenge).count() == 5


def test_publish_twice_or_before_solving_is_refused():
    built = small_run()
    publish(built["run"], built["educator"])
    with pytest.raises(ValidationError):
        publishing.run_publish(actor=built["educator"], run=built["run"])
    team = Team.objects.filter(run=built["run"]).first()
    with pytest.raises(ValidationError):
        services.student_move(run=built["run"], student=built["students"][0], team=team)
    with pytest.raises(ValidationError):
        services.run_solve(run=built["run"])


def test_publish_with_broken_rules_needs_confirmation(api):
    built = small_run()
    run = built["run"]
    t1, t2 = sorted(Team.objects.filter(run=run), key=lambda t: t.members.count())
    for member in list(t1.members.all()):
        services.student_move(run=run, student=member.student, team=t2)
    mail.outbox.clear()
    url = f"/api/v1/team-runs/{run.pk}/publish/"
    refused = api(built["educator"]).post(url, {}, format="json")
    assert refused.status_code == 400 and "accept_warnings" in refused.json()
    run.refresh_from_db()
    assert not run.is_published and not Notification.objects.exists()
    ok = api(built["educator"]).post(url, {"accept_warnings": True}, format="json")
    assert ok.status_code == 200 and ok.json()["published_at"]
