"""Onboarding after sign-up: an organisation, a student or a professional."""

from __future__ import annotations

import pytest

from marketplace.models import Organisation, PersonProfile
from marketplace.models.organisations import Role
from tests.factories import OrganisationFactory, PersonProfileFactory

pytestmark = pytest.mark.django_db


def test_visitor_is_sent_to_sign_in(client_for):
    response = client_for(None).get("/welkom/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_new_user_chooses_a_role(page, outsider):
    html = page(outsider, "/welkom/").content.decode()
    for role in ("organisation", "student", "professional"):
        assert f'href="?role={role}"' in html


def test_someone_already_set_up_goes_on_to_the_site(client_for, owner):
    response = client_for(owner).get("/welkom/")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client_for(owner).get("/welkom/?start=1").status_code == 200


def test_person_forms_explain_matching_consent(page, outsider):
    for role in ("student", "professional"):
        html = page(outsider, f"/welkom/?role={role}").content.decode()
        assert 'name="matching_consent"' in html
        assert "AVG" in html  # the GDPR, in Dutch


def test_organisation_role_creates_an_organisation_i_own(client_for, outsider):
    response = client_for(outsider).post(
        "/welkom/",
        {
            "role": "organisation",
            "name": "Metaalbouw Maes",
            "kind": "company",
            "enterprise_number": "0417497106",
            "nace": ["25.11"],
            "staff_headcount": "35",
        },
    )
    organisation = Organisation.objects.get(name="Metaalbouw Maes")
    assert response.status_code == 302
    assert response["Location"] == f"/organisaties/{organisation.pk}/leden/"
    assert organisation.role_of(outsider) == Role.OWNER
    assert organisation.enterprise_number == "0417.497.106"


@pytest.mark.parametrize(
    ("change", "field"),
    [({"enterprise_number": "0417.497.107"}, "enterprise_number"), ({"nace": ["00.00"]}, "nace")],
)
def test_organisation_role_with_bad_input_creates_nothing(client_for, outsider, change, field):
    data = {"role": "organisation", "name": "Metaalbouw Maes", "kind": "company", **change}
    response = client_for(outsider).post("/welkom/", data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Organisation.objects.filter(name="Metaalbouw Maes").exists()


def test_student_profile(client_for, outsider):
    university = OrganisationFactory(name="KU Leuven", kind="university")
    response = client_for(outsider).post(
        "/welkom/",
        {
            "role": "student",
            "first_name": "Lotte",
            "last_name": "Janssens",
            "discipline": "0715",
            "institution": university.pk,
            "programme": "Master industriële ingenieurswetenschappen",
            "matching_consent": "on",
        },
    )
    assert response.status_code == 302
    profile = PersonProfile.objects.get(user=outsider)
    assert profile.kind == "student"
    assert profile.discipline_id == "0715"
    assert profile.institution == university
    assert profile.matching_consent is True
    assert profile.matching_consent_changed_at is not None
    outsider.refresh_from_db()
    assert outsider.get_full_name() == "Lotte Janssens"


def test_student_institution_must_be_a_university(client_for, outsider, organisation):
    response = client_for(outsider).post(
        "/welkom/", {"role": "student", "discipline": "0715", "institution": organisation.pk}
    )
    assert response.status_code == 400
    assert "institution" in response.context["form"].errors
    assert not PersonProfile.objects.filter(user=outsider).exists()


def test_student_needs_a_discipline(client_for, outsider):
    response = client_for(outsider).post("/welkom/", {"role": "student", "discipline": "9999"})
    assert response.status_code == 400
    assert "discipline" in response.context["form"].errors
    assert not PersonProfile.objects.filter(user=outsider).exists()


def test_professional_profile_without_consent(client_for, outsider):
    response = client_for(outsider).post(
        "/welkom/",
        {
            "role": "professional",
            "kind": "worker",
            "headline": "Onderhoudstechnicus CNC",
            "career_stage": "career_changer",
        },
    )
    assert response.status_code == 302
    profile = PersonProfile.objects.get(user=outsider)
    assert (profile.kind, profile.career_stage) == ("worker", "career_changer")
    assert profile.matching_consent is False


def test_professional_updates_an_existing_profile(client_for):
    profile = PersonProfileFactory(kind="student", matching_consent=True)
    response = client_for(profile.user).post(
        "/welkom/", {"role": "professional", "kind": "researcher", "headline": "x" * 161}
    )
    assert response.status_code == 400
    assert "headline" in response.context["form"].errors
    profile.refresh_from_db()
    assert profile.kind == "student"
