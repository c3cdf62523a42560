"""What the programme dashboard shows: counts from the data, small cells suppressed, no
confidential field or name, bad filters refused with a 400."""

from __future__ import annotations

import csv
import io

import pytest

from marketplace.matching.models import ShownSuggestion
from marketplace.matching.shown import shown_react
from marketplace.models import AwardPlace, Collaboration, Participation
from marketplace.models.challenges import Status
from marketplace.services import challenges
from marketplace.services.awards import award_grant, award_revoke
from tests.frontend.dashboards.world import MARKER, shown_as_solver
from tests.marketplace.challenges.factories import make_proposal, pass_deadline, solver

pytestmark = pytest.mark.django_db

URL = "/en/dashboards/programme/"


def _csv(page, user, figure, query=""):
    response = page(user, f"{URL}{figure}.csv{query}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    return {row[0]: row[1:] for row in csv.reader(io.StringIO(text))}


def test_regions_count_challenges_and_hide_small_cells(page, programme):
    advisor = programme["people"]["advisor"]
    rows = _csv(page, advisor, "regions")
    assert rows["Prov. of Antwerp"] == ["6"]
    assert rows["Prov. of West Flanders"] == ["too few to show"]  # three firms
    assert rows["Prov. of Limburg"] == ["0"]  # a quiet province is listed, not left out
    html = page(advisor, URL).content.decode()
    assert "Most challenges came from Prov. of Antwerp (6)." in html


def test_activity_and_newcomers(page, programme):
    advisor = programme["people"]["advisor"]
    activity = _csv(page, advisor, "activity")
    this_month = list(activity.values())[-1]
    assert this_month == ["9", "9", "0", "0"]  # posted, opened, awarded, cancelled
    # One firm had a joint project before: it is no first-time firm.
    project = Collaboration.objects.create(ref="cordis:1", title="Old project")
    Participation.objects.create(organisation=programme["firms"][0][0], collaboration=project)
    newcomers = _csv(page, advisor, "newcomers")
    assert newcomers["Small enterprise"] == ["9", "8", "89"]
    assert newcomers["Micro enterprise"] == ["0", "0", "0"]


def test_a_filter_with_fewer_than_five_organisations_shows_too_few(page, programme):
    advisor = programme["people"]["advisor"]
    html = page(advisor, URL + "?sector=food").content.decode()
    assert html.count("Too few to show: fewer than 5 organisations") >= 5
    for key in ("activity", "newcomers", "regions", "stalls"):
        assert f'data-figure="{key}"' not in html  # no chart drawn from three firms
    rows = _csv(page, advisor, "regions", "?sector=food")
    assert rows["Prov. of West Flanders"] == ["too few to show"]
    metal = _csv(page, advisor, "regions", "?sector=metal")
    assert metal["Prov. of Antwerp"] == ["6"]


def test_region_filter_lists_the_provinces_arrondissements(page, programme):
    rows = _csv(page, programme["people"]["advisor"], "regions", "?region=BE21")
    assert rows["Arr. of Antwerp"] == ["6"]
    assert rows["Arr. of Mechelen"] == ["0"]
    assert "Prov. of Limburg" not in rows


def test_matching_figures_follow_suggestions_to_proposals(page, programme):
    advisor = programme["people"]["advisor"]
    solvers = [solver(f"Solver {i}") for i in range(6)]
    for i, (_org, _owner, challenge) in enumerate(programme["firms"][:6]):
        user, organisation = solvers[i]
        shown_as_solver(challenge, organisation)
        if i < 5:
            shown_react(
                subject=f"challenge:{challenge.pk}",
                candidate=f"org:{organisation.pk}",
                verdict="accepted" if i < 3 else "dismissed",
                reason="relevant" if i < 3 else "too_far",
            )
        proposal = make_proposal(user, challenge, kind="organisation", organisation=organisation)
        if i < 5:
            owner = programme["firms"][i][1]
            evaluating = challenges.challenge_transition(
                actor=owner, challenge=pass_deadline(challenge), to=Status.EVALUATING
            )
            place = AwardPlace.objects.create(challenge=evaluating, rank=1, title="Pilot order")
            award = award_grant(actor=owner, place=place, proposal=proposal)
    # A revoked award no longer counts.
    award_revoke(actor=owner, award=award)
    rows = _csv(page, advisor, "matching")
    assert rows["Shown"] == ["6"]
    assert rows["Marked relevant"] == ["too few to show"]  # three firms
    assert rows["The suggested party proposed"] == ["6"]
    assert rows["… and won an award"] == ["too few to show"]  # four firms
    summary = (
        "Suggestions shown: 6 · marked relevant: too few to show · dismissed: too few to show · "
        "the suggested party proposed: 6."
    )
    assert summary in page(advisor, URL).content.decode()
    dismissals = _csv(page, advisor, "dismissals")
    assert dismissals["Too far away"] == ["too few to show"]
    html = page(advisor, URL).content.decode()
    assert 'data-figure="matching"' in html  # drawn from the counts the database returned


def test_no_confidential_field_and_no_names(page, programme):
    advisor = programme["people"]["advisor"]
    user, _organisation = solver("Geheim Solver BV")
    make_proposal(user, programme["firms"][0][2], title=f"Title {MARKER}", summary=MARKER)
    pages = [URL, URL + "?sector=metal", URL + "?region=BE211"]
    keys = ["activity", "newcomers", "regions", "responsiveness", "stalls", "coaching"]
    pages += [f"{URL}{key}.csv" for key in [*keys, "matching", "dismissals"]]
    for url in pages:
        text = page(advisor, url).content.decode("utf-8-sig")
        assert MARKER not in text, url
        assert "Metaalbedrijf" not in text and "Geheim Solver" not in text, url
        assert "Welding cell" not in text, url
        assert user.email not in text and programme["people"]["owner"].email not in text, url


@pytest.mark.parametrize(
    "query",
    ["?start=yesterday", "?start=2026-05-01&end=2026-01-01", "?region=FR101", "?sector=space",
     "?kind=alien", "?start=1900-01-01&end=2026-01-01"],
)  # fmt: skip
def test_bad_filters_are_a_400(page, programme, query):
    advisor = programme["people"]["advisor"]
    assert page(advisor, URL + query).status_code == 400
    assert page(advisor, f"{URL}regions.csv{query}").status_code == 400


def test_unknown_figure_is_a_404(page, programme):
    assert page(programme["people"]["advisor"], f"{URL}nothing.csv").status_code == 404


def test_a_revoked_award_unmarks_the_winner_when_the_authors_are_gone(programme):
    """Another live award whose author left is not the revoked party's award."""
    _org, owner, challenge = programme["firms"][0]
    (first, first_org), (second, second_org) = solver("First BV"), solver("Second BV")
    shown_as_solver(challenge, first_org)
    proposals = [
        make_proposal(user, challenge, kind="organisation", organisation=org)
        for user, org in ((first, first_org), (second, second_org))
    ]
    evaluating = challenges.challenge_transition(
        actor=owner, challenge=pass_deadline(challenge), to=Status.EVALUATING
    )
    awards = [
        award_grant(
            actor=owner,
            place=AwardPlace.objects.create(challenge=evaluating, rank=rank, title=f"Place {rank}"),
            proposal=proposal,
        )
        for rank, proposal in enumerate(proposals, start=1)
    ]
    assert ShownSuggestion.objects.get(organisation=first_org).won_at is not None
    first.delete()
    second.delete()
    awards[0].refresh_from_db()
    award_revoke(actor=owner, award=awards[0])
    assert ShownSuggestion.objects.get(organisation=first_org).won_at is None


def test_the_threshold_the_pages_name_is_the_one_applied(page, programme, monkeypatch):
    """The page says how many organisations a figure needs from the rule itself: with the
    threshold at 12, nine firms are too few, and the texts say 12, not a typed-in 5."""
    from marketplace.insights import figures

    monkeypatch.setattr(figures, "MIN_ORGANISATIONS", 12)
    html = page(programme["people"]["advisor"], URL).content.decode()
    assert "no figure from fewer than 12 organisations" in html
    assert "Too few to show: fewer than 12 organisations stand behind this figure." in html
    assert "fewer than 5 organisations" not in html
