"""GET /api/v1/proposals/: visible only to the submitter, the challenge owner and its
(assigned) judges; constant queries."""

import pytest

from marketplace.services.judging import assignments_bulk
from tests.marketplace.challenges.factories import make_proposal, solver

URL = "/api/v1/proposals/"
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("submitter", 200),
        ("owner", 200),
        ("judge", 200),
        ("member", 404),
        ("outsider", 404),
        ("anonymous", 401),
    ],
)
def test_who_sees_a_proposal(api, people, owner, challenge, proposal, who, status):
    assignments_bulk(challenge=challenge, per_proposal=1)
    response = api(people[who]).get(f"{URL}{proposal.pk}/")
    assert response.status_code in ({status, 403} if status == 401 else {status})
    listed = api(people[who]).get(URL)
    if status == 200:
        assert [p["id"] for p in listed.json()["results"]] == [proposal.pk]
    elif who != "anonymous":
        assert listed.json()["results"] == []


def test_receipt_code_only_for_the_author(api, owner, submitter, proposal):
    assert api(submitter).get(f"{URL}{proposal.pk}/").json()["receipt_code"]
    assert "receipt_code" not in api(owner).get(f"{URL}{proposal.pk}/").json()


def test_owner_does_not_see_drafts(api, owner, challenge, submitter):
    draft = make_proposal(submitter, challenge, submit=False)
    assert api(owner).get(f"{URL}{draft.pk}/").status_code == 404


def test_unassigned_judge_does_not_see_it(api, judge, proposal):
    assert api(judge).get(f"{URL}{proposal.pk}/").status_code == 404


def test_list_has_a_constant_number_of_queries(api, owner, challenge, assert_constant_queries):
    def add(n: int) -> None:
        for i in range(n):
            user, _org = solver(f"Solver {i} {challenge.proposals.count()}")
            make_proposal(user, challenge)

    assert_constant_queries(lambda: api(owner).get(URL), add)
