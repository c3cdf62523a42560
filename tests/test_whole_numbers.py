"""A number typed where the product expects a whole number is read only in ASCII digits:
"²" passes ``str.isdigit`` but ``int()`` refuses it, so every such parameter answered 500
(page, limit, a challenge filter). Now each gets the answer of any other bad value."""

from __future__ import annotations

import pytest

from marketplace.models import Membership
from marketplace.numbers import whole_number
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

SUPERSCRIPT_TWO = "%C2%B2"


def test_only_ascii_digits_make_a_whole_number():
    assert whole_number("12") == 12
    assert whole_number("007") == 7
    assert whole_number("²") is None
    assert whole_number("١٢") is None
    assert whole_number("-3") is None
    assert whole_number("") is None


@pytest.mark.parametrize(
    ("path", "status"),
    [
        (f"/api/v1/challenges/?page={SUPERSCRIPT_TWO}", 404),
        (f"/api/v1/taxonomies/technologies/?page_size={SUPERSCRIPT_TWO}", 400),
        (f"/api/v1/judging/assignments/?challenge={SUPERSCRIPT_TWO}", 400),
    ],
)
def test_an_api_parameter_with_a_superscript_digit_is_refused(client, path, status):
    client.force_login(UserFactory())
    assert client.get(path).status_code == status


def test_a_partner_limit_with_a_superscript_digit_is_refused(client):
    user, organisation = UserFactory(), OrganisationFactory()
    Membership.objects.create(organisation=organisation, user=user, role="owner")
    client.force_login(user)
    response = client.get(
        f"/api/v1/organisations/{organisation.pk}/partner-suggestions/?limit={SUPERSCRIPT_TWO}",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json() == {"limit": ["Give a whole number from 1 to 50."]}


def test_the_browse_page_reads_a_superscript_page_as_the_first(client):
    response = client.get(f"/en/challenges/?page={SUPERSCRIPT_TWO}")
    assert response.status_code == 200
