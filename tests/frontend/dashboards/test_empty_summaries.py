"""A figure over a selection with nothing in it says so, instead of naming a state or an
outcome that holds no challenge (the stalls summary named "Toegekend" with 0 days)."""

from __future__ import annotations

import pytest
from django.utils import translation

from marketplace.insights.coaching import coaching
from marketplace.insights.scope import ProgrammeScope
from marketplace.insights.stalls import stalls

pytestmark = pytest.mark.django_db


def test_no_stall_is_named_when_no_challenge_waits():
    with translation.override("nl"):
        figure = stalls(ProgrammeScope.default())
    assert figure.summary == (
        "Geen enkele uitdaging uit deze selectie wacht in een onafgewerkte fase."
    )
    assert "Toegekend" not in figure.summary


def test_no_coaching_says_so():
    with translation.override("en"):
        figure = coaching(ProgrammeScope.default())
    assert figure.summary == "No coaching was asked for in this selection."
