"""After an action the page says what happened and what comes next: creating an organisation
confirms it with links to the next steps; the sole owner is not offered a "leave" that would
be refused, but told to hand over ownership first."""

from __future__ import annotations

import pytest

from marketplace.models import Organisation
from marketplace.models.organisations import Role
from tests.factories import MembershipFactory, OrganisationFactory
from tests.frontend.test_organisation_create_edit import VALID

pytestmark = pytest.mark.django_db

LEAVE = "Leave organisation"
SOLE_OWNER = "You are the only owner. To leave, first hand over ownership to another member."


def test_creating_an_organisation_confirms_it_with_the_next_steps(client_for, outsider):
    response = client_for(outsider).post("/en/organisaties/nieuw/", VALID, follow=True)
    organisation = Organisation.objects.get(name="Confectie Claes")
    html = response.content.decode()
    assert "Confectie Claes is on Kruispunt and you are its owner. Next steps:" in html
    assert f'href="/en/challenges/new/?organisation={organisation.pk}">Post a challenge</a>' in html
    assert f'href="/en/capaciteiten/nieuw/?organisation={organisation.pk}">Add capabilities' in html
    assert f'href="/en/organisaties/{organisation.pk}/leden/">Invite colleagues</a>' in html


def test_the_confirmation_escapes_the_organisation_name(client_for, outsider):
    data = {**VALID, "name": "Claes <b>&</b> Zonen"}
    html = client_for(outsider).post("/en/organisaties/nieuw/", data, follow=True).content.decode()
    assert "Claes &lt;b&gt;&amp;&lt;/b&gt; Zonen is on Kruispunt" in html


def test_post_a_challenge_starts_with_that_organisation_chosen(client_for, owner, organisation):
    other = OrganisationFactory(name="Aaa First")
    MembershipFactory(organisation=other, user=owner, role=Role.OWNER)
    client = client_for(owner)
    chosen = client.get(f"/en/challenges/new/?organisation={organisation.pk}").content.decode()
    assert f'<option value="{organisation.pk}" selected>' in chosen
    stranger = OrganisationFactory(name="Not mine")
    default = client.get(f"/en/challenges/new/?organisation={stranger.pk}").content.decode()
    assert f'<option value="{other.pk}" selected>' in default  # the first one, as before
    assert "Not mine" not in default


def test_sole_owner_is_told_to_hand_over_instead_of_offered_leave(page, owner, organisation):
    html = page(owner, f"/en/organisaties/{organisation.pk}/leden/").content.decode()
    assert LEAVE not in html
    assert SOLE_OWNER in html
    assert 'href="#transfer-ownership"' in html and 'id="transfer-ownership"' in html


def test_an_owner_beside_another_owner_and_a_member_may_leave(page, owner, member, organisation):
    MembershipFactory(organisation=organisation, role=Role.OWNER)
    for person in (owner, member):
        html = page(person, f"/en/organisaties/{organisation.pk}/leden/").content.decode()
        assert LEAVE in html
        assert SOLE_OWNER not in html
