"""GET /api/v1/challenges/?q=…: PostgreSQL full-text search with each challenge's language,
across nl/en/fr through technology labels; never over the confidential detail."""

import pytest

from tests.marketplace.challenges.factories import make_challenge

URL = "/api/v1/challenges/"
pytestmark = pytest.mark.django_db


def found(api, user, q: str) -> list[str]:
    response = api(user).get(URL, {"q": q})
    assert response.status_code == 200, response.content
    return [c["title"] for c in response.json()["results"]]


def test_dutch_challenge_is_found_by_another_form_of_the_word(api, owner, organisation, outsider):
    make_challenge(
        owner,
        organisation,
        language="nl",
        title="Lasrobots voor kleine reeksen",
        summary="Onze lassers zijn schaars.",
        technologies=[],
    )
    make_challenge(
        owner,
        organisation,
        language="fr",
        title="Soudage des pièces",
        summary="Nos soudeurs sont rares.",
        technologies=[],
    )
    make_challenge(owner, organisation, title="Something else", technologies=[])
    assert found(api, outsider, "lasrobot") == ["Lasrobots voor kleine reeksen"]
    assert found(api, outsider, "pièce") == ["Soudage des pièces"]


def test_french_technology_label_finds_a_dutch_challenge(api, owner, organisation, outsider):
    make_challenge(
        owner,
        organisation,
        language="nl",
        title="Lassen in kleine reeksen",
        summary="Wij zoeken hulp.",
        technologies=["cobots"],
    )
    assert found(api, outsider, "cobots") == ["Lassen in kleine reeksen"]
    # The French label of the technology (from the taxonomy) matches too.
    from marketplace.models import Technology

    label_fr = Technology.objects.get(slug="cobots").label_fr.split()[0]
    assert "Lassen in kleine reeksen" in found(api, outsider, label_fr)


def test_search_ranks_title_matches_first(api, owner, organisation, outsider):
    make_challenge(
        owner, organisation, title="Packaging line", summary="Robots for cheese.", technologies=[]
    )
    make_challenge(owner, organisation, title="Cheese packaging robots", technologies=[])
    assert found(api, outsider, "cheese")[0] == "Cheese packaging robots"


def test_confidential_detail_is_not_searchable(api, owner, organisation, outsider):
    make_challenge(owner, organisation, confidential_detail="Our secret customer Zyxwvut.")
    assert found(api, outsider, "Zyxwvut") == []
    assert found(api, owner, "Zyxwvut") == []


def test_search_respects_visibility(api, owner, organisation, outsider):
    make_challenge(owner, organisation, title="Hidden furnace", visibility="invited")
    assert found(api, outsider, "furnace") == []
    assert found(api, owner, "furnace") == ["Hidden furnace"]


@pytest.mark.parametrize("q", ["'", "a & | ! ( )", "x" * 500, "<script>", "or or or"])
def test_odd_queries_never_fail(api, outsider, challenge, q):
    assert api(outsider).get(URL, {"q": q}).status_code == 200


def test_search_has_facets_and_a_constant_number_of_queries(
    api, owner, organisation, outsider, assert_constant_queries
):
    def add(n: int) -> None:
        for i in range(n):
            make_challenge(owner, organisation, title=f"Welding robot {i}", technologies=["mes"])

    assert_constant_queries(lambda: api(outsider).get(URL, {"q": "welding"}), add)
    facets = api(outsider).get(URL, {"q": "welding"}).json()["facets"]
    assert facets["technology"] == {"mes": 15}


def test_similar_challenge_lookup_matches_any_word(owner, organisation):
    from marketplace.models import Challenge

    make_challenge(owner, organisation, title="Robotlassen in kleine series", technologies=[])
    published = Challenge.objects.all()
    assert published.search("robotlassen zeppelin").count() == 0
    assert published.search("robotlassen zeppelin", every_word=False).count() == 1
