"""Organisation profile: public, with members and management links only for those allowed."""

from __future__ import annotations

import pytest

from marketplace.models import Collaboration, Participation
from tests.factories import CapabilityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def profile_page(organisation):
    organisation.nace.add("31.09")
    CapabilityFactory(owner_organisation=organisation, title="CNC-frezen van massief hout")
    collaboration = Collaboration.objects.create(ref="cordis:1", title="FurnIT 4.0")
    Participation.objects.create(collaboration=collaboration, organisation=organisation)
    return f"/organisaties/{organisation.pk}/"


def test_owner_sees_everything(page, owner, member, organisation, profile_page):
    html = page(owner, profile_page).content.decode()
    assert "CNC-frezen van massief hout" in html
    assert "FurnIT 4.0" in html
    assert member.display_name in html
    assert f'href="/organisaties/{organisation.pk}/bewerken/"' in html
    assert f'href="/organisaties/{organisation.pk}/leden/"' in html
    assert f'href="/organisaties/{organisation.pk}/export/"' in html


def test_admin_may_edit_but_not_export(page, admin_member, organisation, profile_page):
    html = page(admin_member, profile_page).content.decode()
    assert f'href="/organisaties/{organisation.pk}/bewerken/"' in html
    assert f'href="/organisaties/{organisation.pk}/export/"' not in html


def test_member_sees_members_but_no_edit(page, owner, member, organisation, profile_page):
    html = page(member, profile_page).content.decode()
    assert owner.display_name in html
    assert f'href="/organisaties/{organisation.pk}/leden/"' in html
    assert f'href="/organisaties/{organisation.pk}/bewerken/"' not in html


@pytest.mark.parametrize("viewer", ["outsider", None])
def test_outsider_and_visitor_see_the_profile_but_not_the_members(
    page, request, owner, organisation, profile_page, viewer
):
    user = request.getfixturevalue(viewer) if viewer else None
    response = page(user, profile_page)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Houtatelier Vermeulen" in html
    assert "CNC-frezen van massief hout" in html
    assert owner.display_name not in html
    assert owner.email not in html
    assert "/leden/" not in html
    assert "/bewerken/" not in html


@pytest.mark.parametrize("url", ["/organisaties/999999/", "/organisaties/abc/"])
def test_unknown_organisation_is_404(page, outsider, url):
    assert page(outsider, url).status_code == 404


@pytest.mark.parametrize(
    ("prefix", "title"),
    [
        ("", "Vervaardiging van andere meubelen"),
        ("/en", "Manufacture of other furniture"),
        ("/fr", "Fabrication d'autres meubles"),
    ],
)
def test_activities_read_in_the_page_language(page, outsider, profile_page, prefix, title):
    html = page(outsider, prefix + profile_page).content.decode()
    assert f"<li>31.09 {title}</li>" in html.replace("&#x27;", "'")
