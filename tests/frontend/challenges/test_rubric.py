"""The rubric editor: managers only (404 where the challenge is invisible), a formset with the
impact-on-work criterion, clear errors for weights and duplicate keys that save nothing, and a
rubric that is fixed once a proposal is submitted."""

from __future__ import annotations

import pytest

from marketplace.models import RubricCriterion
from marketplace.models.challenges import Status
from tests.marketplace.challenges.factories import make_challenge, make_proposal, solver

pytestmark = pytest.mark.django_db


def url(challenge) -> str:
    return f"/en/challenges/{challenge.pk}/rubric/"


@pytest.fixture
def draft(owner, organisation):
    return make_challenge(owner, organisation, Status.DRAFT)


def snapshot(challenge) -> list[tuple]:
    return list(
        RubricCriterion.objects.filter(challenge=challenge)
        .order_by("position")
        .values_list("key", "label", "prompt", "kind", "weight", "max_score")
    )


def post_data(rows: list[dict], initial: int) -> dict[str, str]:
    data = {
        "criteria-TOTAL_FORMS": str(len(rows)),
        "criteria-INITIAL_FORMS": str(initial),
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "12",
    }
    for i, row in enumerate(rows):
        for name, value in row.items():
            data[f"criteria-{i}-{name}"] = str(value)
    return data


def existing_rows(challenge) -> list[dict]:
    return [
        {
            "key": c.key,
            "label": c.label,
            "prompt": c.prompt,
            "kind": c.kind,
            "weight": c.weight,
            "max_score": c.max_score,
        }
        for c in challenge.criteria.all()
    ]


def test_owner_sees_the_rubric_form(page, owner, draft):
    response = page(owner, url(draft))
    assert response.status_code == 200
    html = response.content.decode()
    for criterion in draft.criteria.all():
        assert f'value="{criterion.key}"' in html
    assert "Impact on work" in html
    assert "criteria-TOTAL_FORMS" in html


def test_owner_replaces_the_rubric(client_for, owner, draft):
    rows = existing_rows(draft)
    for row in rows[1:]:
        row["DELETE"] = "on"
    rows[0].update(weight=5, label="Fit with our goal")
    rows.append(
        {
            "key": "work",
            "label": "Better work",
            "prompt": "How does the work of our operators change?",
            "kind": "impact_on_work",
            "weight": 2,
            "max_score": 5,
        }
    )
    rows.append(
        {"key": "", "label": "", "prompt": "", "kind": "general", "weight": "", "max_score": "10"}
    )
    response = client_for(owner).post(url(draft), post_data(rows, initial=len(rows) - 2))
    assert response.status_code == 302
    first = existing_rows(draft)[0]["key"]
    assert snapshot(draft) == [
        (first, "Fit with our goal", rows[0]["prompt"], rows[0]["kind"], 5, rows[0]["max_score"]),
        (
            "work",
            "Better work",
            "How does the work of our operators change?",
            "impact_on_work",
            2,
            5,
        ),
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"weight": "0"}, "Ensure this value is greater than or equal to 1."),
        ({"weight": "101"}, "Ensure this value is less than or equal to 100."),
        ({"weight": "heavy"}, "Enter a whole number."),
        ({"max_score": "0"}, "Ensure this value is greater than or equal to 1."),
        ({"key": "two words"}, "Enter a valid “slug”"),
        ({"kind": "vibes"}, "Select a valid choice."),
    ],
)
def test_bad_rows_are_shown_and_nothing_is_saved(client_for, owner, draft, change, message):
    before = snapshot(draft)
    rows = existing_rows(draft)
    rows[0].update(change)
    response = client_for(owner).post(url(draft), post_data(rows, initial=len(rows)))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert snapshot(draft) == before


def test_duplicate_keys_are_refused(client_for, owner, draft):
    before = snapshot(draft)
    rows = existing_rows(draft)
    rows[1]["key"] = rows[0]["key"]
    response = client_for(owner).post(url(draft), post_data(rows, initial=len(rows)))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Each criterion needs its own key" in html
    assert "Another criterion already uses this key." in html
    assert snapshot(draft) == before


def test_an_empty_rubric_and_a_missing_management_form_are_refused(client_for, owner, draft):
    before = snapshot(draft)
    rows = existing_rows(draft)
    for row in rows:
        row["DELETE"] = "on"
    client = client_for(owner)
    response = client.post(url(draft), post_data(rows, initial=len(rows)))
    assert response.status_code == 400
    assert "A rubric needs at least one criterion." in response.content.decode()
    assert client.post(url(draft), {"criteria-0-key": "x"}).status_code == 400
    assert snapshot(draft) == before


def test_rubric_is_fixed_once_a_proposal_is_submitted(client_for, page, owner, challenge):
    make_proposal(solver()[0], challenge)
    before = snapshot(challenge)
    html = page(owner, url(challenge)).content.decode()
    assert "The rubric is fixed once a proposal was submitted." in html
    assert "criteria-TOTAL_FORMS" not in html
    rows = existing_rows(challenge)
    rows[0]["weight"] = 9
    response = client_for(owner).post(
        url(challenge), post_data(rows, initial=len(rows)), follow=True
    )
    assert "The rubric is fixed once a proposal was submitted." in response.content.decode()
    assert snapshot(challenge) == before


@pytest.mark.parametrize(("role", "expected"), [("member", 403), ("outsider", 404)])
def test_only_managers_edit_the_rubric(client_for, page, people, draft, role, expected):
    before = snapshot(draft)
    assert page(people[role], url(draft)).status_code == expected
    rows = existing_rows(draft)
    rows[0]["weight"] = 9
    response = client_for(people[role]).post(url(draft), post_data(rows, initial=len(rows)))
    assert response.status_code == expected
    assert snapshot(draft) == before


def test_outsider_of_a_public_challenge_is_forbidden(page, outsider, challenge):
    assert page(outsider, url(challenge)).status_code == 403


def test_anonymous_visitor_is_sent_to_sign_in(page, draft):
    response = page(None, url(draft))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_admin_member_may_edit(page, admin_member, draft):
    assert page(admin_member, url(draft)).status_code == 200


def test_manage_panel_links_to_rubric_and_invitees(page, owner, challenge):
    html = page(owner, f"/en/challenges/{challenge.pk}/").content.decode()
    assert url(challenge) in html
    assert f"/en/challenges/{challenge.pk}/invitees/" in html
