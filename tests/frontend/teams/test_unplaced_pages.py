"""Pages for a student in no team and for the educator before publishing."""

from __future__ import annotations

import pytest
from django.test import TestCase

from marketplace.teams import publishing
from tests.marketplace.teams.run_builders import run_with_one_left_out

pytestmark = pytest.mark.django_db


@pytest.fixture
def full():
    return run_with_one_left_out()


def _publish(run, educator, **flags):
    with TestCase.captureOnCommitCallbacks(execute=True):
        publishing.run_publish(actor=educator, run=run, **flags)
    run.refresh_from_db()


def test_pages_of_the_student_in_no_team_say_so(client_for, full):
    run, educator, left_out = full["run"], full["educator"], full["unplaced"]
    _publish(run, educator, accept_unplaced=True)
    client = client_for(left_out.user)
    for url in (f"/teamvorming/{run.pk}/enquete/", f"/teamvorming/{run.pk}/mijn-team/"):
        html = client.get(url).content.decode()
        assert "De teams zijn gepubliceerd, maar u zit niet in een team" in html
        assert "bekijk uw team" not in html
        assert "nog niet gepubliceerd" not in html
        assert educator.email in html
    english = client.get(f"/en/teamvorming/{run.pk}/mijn-team/").content.decode()
    assert "The teams are published, but you are not in a team" in english
    placed = next(s for s in full["students"] if s.pk != left_out.pk)
    html = client_for(placed.user).get(f"/teamvorming/{run.pk}/enquete/").content.decode()
    assert "bekijk uw team" in html


def test_educator_sees_who_is_in_no_team_before_publishing(client_for, full):
    run, educator, left_out = full["run"], full["educator"], full["unplaced"]
    html = client_for(educator).get(f"/teamvorming/{run.pk}/teams/").content.decode()
    assert "Studenten zonder team" in html
    assert left_out.name in html
    assert 'name="accept_unplaced"' in html
    response = client_for(educator).post(f"/teamvorming/{run.pk}/publiceren/", {})
    assert response.status_code == 302
    run.refresh_from_db()
    assert not run.is_published
    with TestCase.captureOnCommitCallbacks(execute=True):
        client_for(educator).post(f"/teamvorming/{run.pk}/publiceren/", {"accept_unplaced": "on"})
    run.refresh_from_db()
    assert run.is_published
