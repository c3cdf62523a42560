"""Match cards draw each reason's contribution as a small bar, and a shown suggestion is
recorded once (for the programme dashboard) with the reaction copied onto it."""

from __future__ import annotations

import pytest

from frontend.dashboards.charts import contribution_bars
from marketplace.matching.models import ShownSuggestion

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_matching_index")]


def test_shares_follow_the_engine_contributions():
    bars = contribution_bars(
        [{"code": "a", "contribution": 3.0}, {"code": "b", "contribution": 1.0},
         {"code": "c", "contribution": -0.5}]
    )  # fmt: skip
    assert [b["share"] for b in bars] == [75, 25, 0]
    assert [b["width"] for b in bars] == ["62.0", "20.7", "0.0"]


def test_the_panel_draws_contribution_bars_and_records_what_it_showed(
    client, organisation, member, partner
):
    client.force_login(member)
    html = client.get(f"/en/organisaties/{organisation.pk}/suggesties/").content.decode()
    assert "Lasinstituut Kortrijk" in html
    assert '<svg class="contribution"' in html and "% of the score" in html
    assert "style=" not in html
    shown = ShownSuggestion.objects.get(candidate="pic:2")
    assert shown.organisation == partner and shown.subject == "pic:1" and not shown.verdict
    client.get(f"/en/organisaties/{organisation.pk}/suggesties/")
    assert ShownSuggestion.objects.filter(candidate="pic:2").count() == 1  # once per pair
    client.post(
        "/suggesties/reactie/",
        {"subject": "pic:1", "candidate": "pic:2", "verdict": "dismissed", "reason": "too_far",
         "next": "/"},
    )  # fmt: skip
    shown.refresh_from_db()
    assert (shown.verdict, shown.reason) == ("dismissed", "too_far")
