"""Creating and editing an organisation profile."""

from __future__ import annotations

import pytest

from marketplace.models import Organisation
from marketplace.models.organisations import Role

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Confectie Claes",
    "kind": "company",
    "enterprise_number": "0123 456 749",
    "nace": ["14.13", "14.19"],
    "nuts": "BE23",
    "staff_headcount": "12",
    "annual_turnover_eur": "1500000",
    "languages": ["nl", "fr"],
    "website": "confectie-claes.example",
    "description": "Werkkledij op maat.",
}


def test_visitor_is_sent_to_sign_in(client_for):
    response = client_for(None).get("/organisaties/nieuw/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_create_makes_me_the_owner(client_for, outsider):
    response = client_for(outsider).post("/organisaties/nieuw/", VALID)
    organisation = Organisation.objects.get(name="Confectie Claes")
    assert response.status_code == 302
    assert response["Location"] == f"/organisaties/{organisation.pk}/"
    assert organisation.role_of(outsider) == Role.OWNER
    assert organisation.enterprise_number == "0123.456.749"
    assert sorted(organisation.nace.values_list("code", flat=True)) == ["14.13", "14.19"]
    assert organisation.size_class == "small"
    assert organisation.website == "https://confectie-claes.example"
    assert organisation.languages == ["nl", "fr"]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"enterprise_number": "0123.456.789"}, "enterprise_number", "0123.456.789"),
        ({"enterprise_number": "12345"}, "enterprise_number", "12345"),
        ({"nace": ["99.99"]}, "nace", "99.99"),
        ({"description": "x" * 10_001}, "description", "10001"),
        ({"name": ""}, "name", ""),
        ({"nuts": "ZZ99"}, "nuts", ""),
        ({"staff_headcount": "-3"}, "staff_headcount", ""),
        ({"annual_turnover_eur": "9" * 30}, "annual_turnover_eur", ""),
        ({"kind": "spaceship"}, "kind", ""),
    ],
)
def test_bad_input_shows_an_error_and_creates_nothing(client_for, outsider, change, field, message):
    response = client_for(outsider).post("/organisaties/nieuw/", {**VALID, **change})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors
    assert message in " ".join(errors[field])
    assert 'class="errorlist' in response.content.decode()
    assert not Organisation.objects.filter(name="Confectie Claes").exists()


@pytest.mark.parametrize(("viewer", "status"), [("owner", 200), ("admin_member", 200)])
def test_owner_and_admin_may_edit(page, request, organisation, viewer, status):
    user = request.getfixturevalue(viewer)
    response = page(user, f"/organisaties/{organisation.pk}/bewerken/")
    assert response.status_code == status
    assert 'value="Houtatelier Vermeulen"' in response.content.decode()


@pytest.mark.parametrize("viewer", ["member", "outsider"])
def test_member_and_outsider_may_not_edit(client_for, request, organisation, viewer):
    client = client_for(request.getfixturevalue(viewer))
    url = f"/organisaties/{organisation.pk}/bewerken/"
    assert client.get(url).status_code == 403
    assert client.post(url, {**VALID, "name": "Overgenomen"}).status_code == 403
    organisation.refresh_from_db()
    assert organisation.name == "Houtatelier Vermeulen"


def test_visitor_editing_is_sent_to_sign_in(client_for, organisation):
    response = client_for(None).get(f"/organisaties/{organisation.pk}/bewerken/")
    assert response.status_code == 302


def test_editing_an_unknown_organisation_is_404(client_for, outsider):
    assert client_for(outsider).get("/organisaties/999999/bewerken/").status_code == 404


def test_admin_edits_the_profile(client_for, admin_member, organisation):
    response = client_for(admin_member).post(
        f"/organisaties/{organisation.pk}/bewerken/",
        {**VALID, "name": "Houtatelier Vermeulen & Zonen", "nace": ["31.09"]},
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Houtatelier Vermeulen & Zonen"
    assert list(organisation.nace.values_list("code", flat=True)) == ["31.09"]


def test_bad_edit_changes_nothing(client_for, owner, organisation):
    response = client_for(owner).post(
        f"/organisaties/{organisation.pk}/bewerken/",
        {**VALID, "name": "Nieuwe naam", "enterprise_number": "0417.497.107"},
    )
    assert response.status_code == 400
    assert "enterprise_number" in response.context["form"].errors
    organisation.refresh_from_db()
    assert organisation.name == "Houtatelier Vermeulen"
    assert organisation.enterprise_number == "0417.497.106"
