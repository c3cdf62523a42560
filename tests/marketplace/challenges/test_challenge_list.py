"""GET /api/v1/challenges/: scoped to what each person may see, filtered, faceted, paginated,
with a constant number of queries."""

from datetime import timedelta

import pytest
from django.utils import timezone

from marketplace.models.challenges import Status
from tests.factories import MembershipFactory
from tests.marketplace.challenges.factories import make_challenge

URL = "/api/v1/challenges/"
pytestmark = pytest.mark.django_db


def titles(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {c["title"] for c in response.json()["results"]}


@pytest.fixture
def catalogue(owner, organisation):
    return {
        "public": make_challenge(owner, organisation, title="Public one"),
        "registered": make_challenge(
            owner, organisation, title="Members one", visibility="registered"
        ),
        "invited": make_challenge(owner, organisation, title="Invited one", visibility="invited"),
        "draft": make_challenge(owner, organisation, Status.DRAFT, title="Draft one"),
    }


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("owner", {"Public one", "Members one", "Invited one", "Draft one"}),
        ("member", {"Public one", "Members one", "Invited one", "Draft one"}),
        ("outsider", {"Public one", "Members one"}),
        (None, {"Public one"}),
    ],
)
def test_lists_are_scoped_to_what_each_person_may_see(api, request, catalogue, who, expected):
    user = request.getfixturevalue(who) if who else None
    assert titles(api(user).get(URL)) == expected


def test_invitee_and_judge_see_the_invited_challenge(api, catalogue, owner, outsider):
    from marketplace.services.participation import invitee_add
    from tests.marketplace.challenges.factories import make_judge

    invitee_add(actor=owner, challenge=catalogue["invited"], user=outsider)
    judge = make_judge(owner, catalogue["invited"])
    assert "Invited one" in titles(api(outsider).get(URL))
    assert "Invited one" in titles(api(judge).get(URL))


def test_list_shows_no_confidential_fields(api, catalogue, owner):
    row = api(owner).get(URL).json()["results"][0]
    assert "confidential_detail" not in row
    assert "goal" not in row


def test_filters_narrow_the_list(api, owner, organisation, outsider):
    make_challenge(
        owner,
        organisation,
        title="Bakery ovens",
        sector="food",
        type="idea",
        budget_eur=2_000,
        technologies=["energy-monitoring"],
        nuts_id="BE211",
    )
    make_challenge(
        owner,
        organisation,
        title="Welding",
        sector="metal",
        budget_eur=50_000,
        deadline=timezone.now() + timedelta(days=90),
        feedback_deadline=(timezone.now() + timedelta(days=120)).date(),
    )
    client = api(outsider)
    assert titles(client.get(URL, {"sector": "food"})) == {"Bakery ovens"}
    assert titles(client.get(URL, {"type": "idea"})) == {"Bakery ovens"}
    assert titles(client.get(URL, {"technology": "energy-monitoring"})) == {"Bakery ovens"}
    assert titles(client.get(URL, {"region": "BE2"})) == {"Bakery ovens"}
    assert titles(client.get(URL, {"budget_min": 10_000})) == {"Welding"}
    later = (timezone.now() + timedelta(days=60)).isoformat()
    assert titles(client.get(URL, {"deadline_after": later})) == {"Welding"}
    assert titles(client.get(URL, {"status": "open"})) == {"Bakery ovens", "Welding"}
    ordered = client.get(URL, {"ordering": "-budget"}).json()["results"]
    assert [c["title"] for c in ordered] == ["Welding", "Bakery ovens"]


def test_facets_count_the_result_set(api, owner, organisation, outsider):
    make_challenge(owner, organisation, title="A", sector="food", technologies=["cobots"])
    make_challenge(owner, organisation, title="B", sector="food", technologies=["cobots", "mes"])
    make_challenge(owner, organisation, title="C", sector="metal", technologies=["mes"])
    make_challenge(owner, organisation, Status.DRAFT, title="D", sector="metal")
    facets = api(outsider).get(URL).json()["facets"]
    assert facets["sector"] == {"food": 2, "metal": 1}
    assert facets["technology"] == {"cobots": 2, "mes": 2}
    assert facets["status"] == {"open": 3}
    narrowed = api(outsider).get(URL, {"technology": "mes"}).json()["facets"]
    assert narrowed["technology"] == {"cobots": 1, "mes": 2}


@pytest.mark.parametrize(
    "query",
    [
        {"sector": "space"},
        {"budget_min": "lots"},
        {"deadline_after": "tomorrow"},
        {"ordering": "secret"},
        {"status": "nope"},
        {"page": "999"},
    ],
)
def test_bad_filters_are_a_clear_400_or_404(api, outsider, catalogue, query):
    response = api(outsider).get(URL, query)
    assert response.status_code in {400, 404}
    assert response.json()


def test_organisation_filter_does_not_reveal_anonymous_seekers(api, owner, organisation, outsider):
    make_challenge(owner, organisation, title="Named")
    make_challenge(owner, organisation, title="Hidden", anonymous_seeker=True)
    listed = api(outsider).get(URL, {"organisation": organisation.pk})
    assert titles(listed) == {"Named"}
    everything = api(outsider).get(URL).json()["results"]
    hidden = next(c for c in everything if c["title"] == "Hidden")
    assert hidden["organisation"] is None
    assert hidden["organisation_name"] == "Anonymous seeker"


@pytest.mark.parametrize("who", ["owner", "outsider", None])
def test_list_runs_a_constant_number_of_queries(
    api, request, owner, organisation, assert_constant_queries, who
):
    user = request.getfixturevalue(who) if who else None

    def add(n: int) -> None:
        for i in range(n):
            make_challenge(owner, organisation, title=f"C{i}", technologies=["cobots", "mes"])

    assert_constant_queries(lambda: api(user).get(URL), add)


def test_mine_lists_my_organisations_challenges(api, owner, organisation, outsider):
    make_challenge(owner, organisation, title="Ours")
    other = MembershipFactory(role="owner")
    make_challenge(other.user, other.organisation, title="Theirs")
    assert titles(api(owner).get(URL, {"mine": "true"})) == {"Ours"}
    assert titles(api(outsider).get(URL, {"mine": "true"})) == set()


def test_list_rows_match_the_detail_for_the_public_fields(api, outsider, challenge):
    row = api(outsider).get(URL).json()["results"][0]
    detail = api(outsider).get(f"{URL}{challenge.pk}/").json()
    for field in [
        "id",
        "title",
        "type",
        "status",
        "summary",
        "technologies",
        "nuts",
        "organisation",
        "organisation_name",
        "deadline",
        "published_at",
        "budget_eur",
    ]:
        assert row[field] == detail[field], field
