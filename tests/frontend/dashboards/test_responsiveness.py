"""Proposals and feedback on the programme dashboard: the measures from the data, and the
PostgreSQL statement (joins, one pass) agrees with the plain ORM one (a subquery per
challenge) that other databases run."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from marketplace.insights import responsiveness
from marketplace.insights.scope import ProgrammeScope
from marketplace.models import Challenge, Feedback, Proposal
from tests.marketplace.challenges.factories import make_proposal, solver

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(programme):
    """Each metal challenge gets two proposals, a day and three days after publication; the
    first of each gets feedback in time."""
    for i, (_org, _owner, challenge) in enumerate(programme["firms"][:6]):
        for j, days in enumerate((1, 3)):
            user, _org = solver(f"Solver {i}-{j}")
            proposal = make_proposal(user, challenge)
            Proposal.objects.filter(pk=proposal.pk).update(
                submitted_at=challenge.published_at + timedelta(days=days)
            )
            if j == 0:
                Feedback.objects.create(proposal=proposal, scores=[], reason="Clear and useful.")
    return programme


def test_measures_from_the_data(page, answered):
    csv = page(answered["people"]["advisor"], "/en/dashboards/programme/responsiveness.csv")
    rows = dict(line.split(",", 1) for line in csv.content.decode("utf-8-sig").splitlines())
    assert rows["Days to the first proposal"] == "1.0"
    assert rows["Proposals per challenge"] == "1.3"  # 12 proposals, 9 published challenges
    assert rows["Proposals with feedback by the promised date (%)"] == "50"
    assert rows["Days to the award"] == "too few to show"  # nothing awarded


@pytest.mark.parametrize("query", [{}, {"sector": "metal"}, {"region": "BE25"}])
def test_postgresql_and_orm_statements_agree(answered, query):
    today = timezone.localdate()
    scope = ProgrammeScope(start=today - timedelta(days=30), end=today, **query)
    fast, plain = responsiveness._query_postgresql(scope), responsiveness._query_orm(scope)
    for key, value in fast.items():
        expected = plain[key] or 0 if key in {"proposals", "on_time"} else plain[key]
        if isinstance(value, timedelta):
            assert abs((value - expected).total_seconds()) < 1, key
        else:
            assert value == expected, key
    assert Challenge.objects.count() == 9


def test_the_summary_writes_decimals_as_the_table_does(page, answered):
    html = page(answered["people"]["advisor"], "/dashboards/programme/").content.decode()
    assert "Een gepubliceerde uitdaging kreeg gemiddeld 1,3 voorstellen." in html
