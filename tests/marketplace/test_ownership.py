"""POST /api/v1/organisations/{id}/transfer-ownership/ and the rule that an organisation always
keeps at least one owner, also when two owners act at the same moment."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection

from marketplace.models import Membership
from marketplace.models.organisations import Role
from marketplace.services import organisations as services
from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def transfer_url(org) -> str:
    return f"/api/v1/organisations/{org.pk}/transfer-ownership/"


def roles(org) -> dict[int, str]:
    return dict(Membership.objects.filter(organisation=org).values_list("user_id", "role"))


@pytest.mark.parametrize("target", ["member", "admin_member"])
def test_owner_hands_over_to_a_member_and_becomes_admin(api, request, organisation, owner, target):
    to = request.getfixturevalue(target)
    response = api(owner).post(transfer_url(organisation), {"user": to.pk})
    assert response.status_code == 204, response.content
    assert roles(organisation)[to.pk] == Role.OWNER
    assert roles(organisation)[owner.pk] == Role.ADMIN


def test_transfer_to_a_non_member_is_refused(api, organisation, owner, member, outsider):
    before = roles(organisation)
    response = api(owner).post(transfer_url(organisation), {"user": outsider.pk})
    assert response.status_code == 400
    assert "user" in response.json()
    assert roles(organisation) == before
    assert not Membership.objects.filter(user=outsider).exists()


def test_transfer_to_an_unknown_user_gives_the_same_answer_as_a_non_member(
    api, organisation, owner, outsider
):
    unknown = api(owner).post(transfer_url(organisation), {"user": 99_999_999})
    stranger = api(owner).post(transfer_url(organisation), {"user": outsider.pk})
    assert unknown.status_code == stranger.status_code == 400
    assert unknown.json() == stranger.json()
    assert roles(organisation) == {owner.pk: Role.OWNER}


def test_transfer_to_a_member_of_another_organisation_is_refused(api, organisation, owner):
    elsewhere = MembershipFactory(organisation=OrganisationFactory())
    response = api(owner).post(transfer_url(organisation), {"user": elsewhere.user_id})
    assert response.status_code == 400
    assert roles(organisation) == {owner.pk: Role.OWNER}


def test_transfer_to_yourself_is_refused(api, organisation, owner):
    response = api(owner).post(transfer_url(organisation), {"user": owner.pk})
    assert response.status_code == 400
    assert roles(organisation) == {owner.pk: Role.OWNER}


@pytest.mark.parametrize(
    "data, field",
    [
        ({}, "user"),
        ({"user": "me"}, "user"),
        ({"user": None}, "user"),
        ({"user": 1, "role": "owner"}, "role"),
    ],
)
def test_bad_transfer_input_is_refused(api, organisation, owner, member, data, field):
    before = roles(organisation)
    response = api(owner).post(transfer_url(organisation), data)
    assert response.status_code == 400
    assert field in response.json()
    assert roles(organisation) == before


@pytest.mark.parametrize("who", ["admin_member", "member", "outsider"])
def test_only_an_owner_transfers_ownership(
    api, request, organisation, owner, admin_member, member, who
):
    user = request.getfixturevalue(who)
    before = roles(organisation)
    response = api(user).post(transfer_url(organisation), {"user": user.pk})
    assert response.status_code == 403
    assert roles(organisation) == before


def test_anonymous_visitor_cannot_transfer(api, organisation, owner, member):
    before = roles(organisation)
    assert api(None).post(transfer_url(organisation), {"user": member.pk}).status_code in (401, 403)
    assert roles(organisation) == before


def test_transfer_in_an_unknown_organisation_is_404(api, owner, member):
    assert (
        api(owner)
        .post("/api/v1/organisations/999999/transfer-ownership/", {"user": member.pk})
        .status_code
        == 404
    )


# --- concurrency (PostgreSQL row locks) -----------------------------------------------------


def _slow_count(monkeypatch) -> None:
    """Widen the gap between reading the roles and writing the change, so that without row
    locks both demotions would see "another owner remains" and both succeed."""
    original = services._owners_after

    def slow(*args, **kwargs):
        time.sleep(0.3)
        return original(*args, **kwargs)

    monkeypatch.setattr(services, "_owners_after", slow)


def _run_at_once(*calls):
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait()
            results[i] = call()
        except Exception as exc:
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.mark.django_db(transaction=True)
def test_two_owners_demoting_each_other_at_once_leave_exactly_one_owner(api, monkeypatch):
    organisation = OrganisationFactory()
    first = MembershipFactory(organisation=organisation, role=Role.OWNER)
    second = MembershipFactory(organisation=organisation, role=Role.OWNER)
    _slow_count(monkeypatch)
    url = f"/api/v1/organisations/{organisation.pk}/members/"

    results = _run_at_once(
        lambda: api(first.user).patch(f"{url}{second.pk}/", {"role": "member"}).status_code,
        lambda: api(second.user).patch(f"{url}{first.pk}/", {"role": "member"}).status_code,
    )

    assert sorted(results) == [200, 400]
    assert Membership.objects.filter(organisation=organisation, role=Role.OWNER).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_owners_leaving_at_once_leave_exactly_one_owner(api, monkeypatch):
    organisation = OrganisationFactory()
    first = MembershipFactory(organisation=organisation, role=Role.OWNER)
    second = MembershipFactory(organisation=organisation, role=Role.OWNER)
    _slow_count(monkeypatch)
    url = f"/api/v1/organisations/{organisation.pk}/members/"

    results = _run_at_once(
        lambda: api(first.user).delete(f"{url}{first.pk}/").status_code,
        lambda: api(second.user).delete(f"{url}{second.pk}/").status_code,
    )

    assert sorted(results) == [204, 400]
    assert Membership.objects.filter(organisation=organisation, role=Role.OWNER).count() == 1
