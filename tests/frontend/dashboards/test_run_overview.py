"""An educator's run at a glance: disciplines and institutions, disciplines per team as a
stacked bar, preferences met, the weakest team and why, peer-evaluation flags. For the run's
educators only."""

from __future__ import annotations

import pytest

from marketplace.teams.models import PeerEvaluation
from tests.factories import UserFactory
from tests.marketplace.teams.run_builders import small_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def built():
    built = small_run()
    built["outsider"] = UserFactory()
    return built


def _url(run, suffix=""):
    return f"/en/teamvorming/{run.pk}/inzicht/{suffix}"


def test_the_educator_sees_the_run_at_a_glance(page, built):
    run = built["run"]
    student = built["students"][0]
    team = student.membership.team
    mate = next(m.student for m in team.members.all() if m.student != student)
    PeerEvaluation.objects.create(
        team=team, rater=student, ratee=mate, contributing=2, interacting=3,
        keeping_on_track=3, expecting_quality=3, having_knowledge=3, flag_free_riding=True,
    )  # fmt: skip
    response = page(built["educator"], _url(run))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Run at a glance" in html
    assert 'data-figure="composition"' in html and 'class="chart chart-stacked"' in html
    assert "The weakest team" in html
    assert f"Teams with flags: {team}." in html
    composition = page(built["educator"], _url(run, "composition.csv")).content.decode("utf-8-sig")
    lines = composition.strip().splitlines()
    assert lines[0].startswith("Team,")
    assert len(lines) == 1 + 2  # two teams
    # every student is counted once across the teams' disciplines
    assert sum(int(v) for line in lines[1:] for v in line.split(",")[1:]) == 5
    disciplines = page(built["educator"], _url(run, "disciplines.csv")).content.decode("utf-8-sig")
    assert disciplines.count("\n") == 1 + 4  # four disciplines among five students


def test_others_do_not_see_it(page, built):
    run = built["run"]
    assert page(built["students"][0].user, _url(run)).status_code == 403
    assert page(built["outsider"], _url(run)).status_code == 404
    assert page(None, _url(run)).status_code == 404
    assert page(built["outsider"], _url(run, "composition.csv")).status_code == 404


def test_the_institutions_summary_counts_in_the_readers_grammar(built):
    """One institution is "1 établissement" in French, not "1 établissements"."""
    from django.utils import translation

    from marketplace.insights.runs import students_by_institution

    figure = students_by_institution(built["run"])
    n = len(figure.rows)
    with translation.override("fr"):
        summary = str(students_by_institution(built["run"]).summary)
    assert f"viennent de {n} établissement" in summary
    assert summary.endswith("établissement.") == (n == 1)
