"""The browse and search page: search, filters, facets with counts, sorting, pagination,
visibility, bad input and a constant number of queries."""

from __future__ import annotations

import pytest

from marketplace.models import ChallengeInvitee
from marketplace.models.challenges import Status
from tests.factories import OrganisationFactory
from tests.frontend.challenges.conftest import MARKER, ROLES
from tests.marketplace.challenges.factories import make_challenge

pytestmark = pytest.mark.django_db

URL = "/en/challenges/"


@pytest.mark.parametrize("role", ROLES)
def test_everyone_can_browse_and_sees_the_public_challenge(page, people, challenge, role):
    response = page(people[role], URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert challenge.title in html
    assert MARKER not in html


def test_search_finds_by_words_of_the_summary(page, owner, organisation, challenge):
    make_challenge(owner, organisation, title="Smart weaving loom", summary="Textile sensors.")
    html = page(None, URL + "?q=welding").content.decode()
    assert challenge.title in html
    assert "Smart weaving loom" not in html


def test_filters_narrow_and_facets_show_counts(page, owner, organisation, challenge):
    make_challenge(owner, organisation, title="Bakery scheduling", sector="food", type="idea")
    html = page(None, URL + "?sector=food").content.decode()
    assert "Bakery scheduling" in html
    assert challenge.title not in html
    assert "Food (1)" in html
    all_html = page(None, URL).content.decode()
    assert "Metal and machinery (1)" in all_html
    assert "Food (1)" in all_html


def test_sorting_by_budget(page, owner, organisation):
    make_challenge(owner, organisation, title="Cheap one", budget_eur=6_000)
    make_challenge(owner, organisation, title="Dear one", budget_eur=50_000)
    html = page(None, URL + "?ordering=-budget").content.decode()
    assert html.index("Dear one") < html.index("Cheap one")
    html = page(None, URL + "?ordering=budget").content.decode()
    assert html.index("Cheap one") < html.index("Dear one")


def test_drafts_and_invited_only_challenges_stay_hidden_from_outsiders(
    page, owner, organisation, outsider
):
    make_challenge(owner, organisation, Status.DRAFT, title="Secret draft")
    invited = make_challenge(owner, organisation, title="Invited only", visibility="invited")
    html = page(outsider, URL).content.decode()
    assert "Secret draft" not in html
    assert "Invited only" not in html
    ChallengeInvitee.objects.create(challenge=invited, user=outsider)
    assert "Invited only" in page(outsider, URL).content.decode()
    assert "Secret draft" in page(owner, URL).content.decode()


def test_anonymous_seeker_is_not_named(page, owner, organisation):
    make_challenge(owner, organisation, title="Who asks?", anonymous_seeker=True)
    html = page(None, URL).content.decode()
    assert "Who asks?" in html
    assert organisation.name not in html
    assert "Anonymous seeker" in html


@pytest.mark.parametrize(
    "query",
    [
        "?page=abc",
        "?page=999999",
        "?page=-1",
        "?type=nonsense",
        "?ordering=drop table",
        "?deadline_before=yesterday",
        "?budget_min=-5",
        "?technology=unknown&region=XX99",
        "?q=" + "x" * 500,
        "?q=%27%22%3C%3E&ordering=relevance",
        "?has_prize=maybe",
    ],
)
def test_bad_input_never_fails(page, challenge, query):
    assert page(None, URL + query).status_code == 200


def test_pagination_keeps_filters(page, owner, organisation):
    for n in range(22):
        make_challenge(owner, organisation, title=f"Challenge number {n}")
    html = page(None, URL + "?sector=metal").content.decode()
    assert "Page 1 of 2" in html
    assert "sector=metal&amp;page=2" in html or "page=2&amp;sector=metal" in html
    second = page(None, URL + "?sector=metal&page=2").content.decode()
    assert "Page 2 of 2" in second


def test_query_count_does_not_grow_with_rows(
    client_for, owner, organisation, django_assert_max_num_queries
):
    make_challenge(owner, organisation)
    client = client_for(owner)
    with django_assert_max_num_queries(12) as few:
        client.get(URL)
    other = OrganisationFactory()
    for n in range(15):
        make_challenge(owner, organisation if n % 2 else other, title=f"More {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(URL).status_code == 200


@pytest.mark.parametrize(
    ("prefix", "written"),
    [("", "deadline 5 maart 2031"), ("/en", "deadline 5 March 2031"), ("/fr", "5 mars 2031")],
    ids=["nl", "en", "fr"],
)
def test_a_deadline_is_written_as_the_readers_language_writes_dates(
    page, owner, organisation, prefix, written
):
    """Month names as each language writes them: "5 maart 2031", not the capitalised English
    abbreviation "5 Mar 2031" that Dutch and French pages used to show."""
    from datetime import UTC, datetime

    from marketplace.models import Challenge

    challenge = make_challenge(owner, organisation, title="Bottle line camera")
    Challenge.objects.filter(pk=challenge.pk).update(deadline=datetime(2031, 3, 5, 12, tzinfo=UTC))
    html = page(owner, f"{prefix}/challenges/").content.decode()
    assert written in html
    assert "Mar 2031" not in html


@pytest.mark.parametrize(
    ("prefix", "shown"), [("", "Anonieme vraagsteller"), ("/fr", "Porteur anonyme")]
)
def test_an_anonymous_seeker_is_named_as_the_form_promised_in_each_language(
    page, owner, organisation, prefix, shown
):
    make_challenge(owner, organisation, title="Who asks?", anonymous_seeker=True)
    html = page(None, f"{prefix}/challenges/").content.decode()
    assert shown in html and organisation.name not in html
