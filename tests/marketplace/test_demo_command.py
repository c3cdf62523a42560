"""`python manage.py demo` (what `make run` loads): one login per role, each with something to
do — an awarded challenge with its room and conversation, a published team run, a brief to
coach, a challenge in evaluation with its judge."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from chat.models import Message
from collab.models import Room, RoomMember
from marketplace.management.commands.demo import DEMO_PASSWORD
from marketplace.models import BriefCoachingRequest, Challenge, Judge
from marketplace.teams.models import TeamMember, TeamRun

pytestmark = pytest.mark.django_db


def logins(output: str) -> dict[str, str]:
    found = {}
    for line in output.splitlines():
        role, _sep, rest = line.strip().partition(":")
        if rest.strip().endswith("kruispunt.example"):
            found[role] = rest.strip()
    return found


def test_demo_prints_a_working_login_per_role_each_with_something_to_do():
    out = StringIO()
    call_command("demo", stdout=out)
    printed = logins(out.getvalue())
    assert set(printed) == {
        "SME owner", "Solver", "Educator", "Student", "Intermediary", "Judge",
    }  # fmt: skip
    assert f"password for all: {DEMO_PASSWORD}" in out.getvalue()
    for email in printed.values():
        assert Client().login(email=email, password=DEMO_PASSWORD), email

    awarded = Challenge.objects.get(status="awarded")
    room = Room.objects.get(source_kind="award")
    solver = printed["Solver"]
    assert RoomMember.objects.filter(room=room, user__email=solver).exists()
    assert awarded.title in room.name
    assert Message.objects.filter(room=room).count() >= 3

    run = TeamRun.objects.get(created_by__email=printed["Educator"])
    assert run.is_published
    assert TeamMember.objects.filter(
        team__run=run, student__user__email=printed["Student"]
    ).exists()
    assert Room.objects.filter(source_kind="team").count() == run.teams.count() >= 1

    assert BriefCoachingRequest.objects.filter(
        intermediary__memberships__user__email=printed["Intermediary"]
    ).exists()
    assert Judge.objects.filter(
        user__email=printed["Judge"], challenge__status="evaluating"
    ).exists()

    # Each role's page shows what the printed line promises.
    client = Client()
    client.login(email=solver, password=DEMO_PASSWORD)
    assert client.get(reverse("room_detail", args=[room.pk])).status_code == 200


def test_demo_runs_twice_without_duplicating_anything():
    call_command("demo", stdout=StringIO())
    before = (Challenge.objects.count(), TeamRun.objects.count(), Message.objects.count())
    call_command("demo", stdout=StringIO())
    assert (Challenge.objects.count(), TeamRun.objects.count(), Message.objects.count()) == before
