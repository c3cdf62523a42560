"""Person profiles: what others see, editing my profile, and my privacy page."""

from __future__ import annotations

import pytest

from marketplace.models import EscoSkill, PersonProfile, User
from marketplace.models.organisations import Role
from tests.factories import PASSWORD, MembershipFactory, PersonProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(db):
    return PersonProfileFactory(
        headline="Textielontwerper",
        bio="Ik ontwerp technisch textiel.",
        programme="Bachelor modetechnologie",
        listed_publicly=True,
        visibility={
            "headline": "public",
            "bio": "registered",
            "programme": "private",
        },
    )


def test_visitor_sees_only_public_fields(page, person):
    html = page(None, f"/mensen/{person.pk}/").content.decode()
    assert "Textielontwerper" in html
    assert "Ik ontwerp technisch textiel." not in html
    assert "Bachelor modetechnologie" not in html


def test_signed_in_user_sees_registered_fields(page, outsider, person):
    html = page(outsider, f"/mensen/{person.pk}/").content.decode()
    assert "Ik ontwerp technisch textiel." in html
    assert "Bachelor modetechnologie" not in html


def test_person_sees_all_own_fields(page, person):
    html = page(person.user, f"/mensen/{person.pk}/").content.decode()
    assert "Bachelor modetechnologie" in html
    assert 'href="/mijn-profiel/"' in html


def test_unlisted_profile_is_hidden_from_visitors_only(client_for, outsider, person):
    person.listed_publicly = False
    person.save()
    assert client_for(None).get(f"/mensen/{person.pk}/").status_code == 404
    assert client_for(outsider).get(f"/mensen/{person.pk}/").status_code == 200


def test_deactivated_person_and_unknown_profile_are_404(client_for, outsider, person):
    person.user.is_active = False
    person.user.save()
    assert client_for(outsider).get(f"/mensen/{person.pk}/").status_code == 404
    assert client_for(outsider).get("/mensen/999999/").status_code == 404


# --- my profile -----------------------------------------------------------------------------


def test_profile_edit_needs_sign_in(client_for):
    assert client_for(None).get("/mijn-profiel/").status_code == 302


def test_profile_edit_page_creates_nothing_on_get(page, outsider):
    response = page(outsider, "/mijn-profiel/")
    assert response.status_code == 200
    assert 'name="visibility_bio"' in response.content.decode()
    assert not PersonProfile.objects.filter(user=outsider).exists()


def _profile_data(**changes):
    data = {
        "first_name": "Jan",
        "last_name": "Peeters",
        "kind": "worker",
        "headline": "Lasser",
        "bio": "Twintig jaar ervaring.",
        "languages": ["nl", "fr"],
        "availability": ["mon-am", "fri-pm"],
        "career_stage": "senior",
        "matching_consent": "on",
        "listed_publicly": "on",
    }
    for field in (
        "headline",
        "bio",
        "discipline",
        "institution",
        "programme",
        "skills",
        "languages",
        "availability",
        "career_stage",
    ):
        data[f"visibility_{field}"] = "registered"
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_edit_my_profile(client_for, outsider):
    skills = list(EscoSkill.objects.filter(label__icontains="weld").order_by("pk")[:2])
    response = client_for(outsider).post(
        "/mijn-profiel/",
        _profile_data(skills=[s.pk for s in skills], visibility_bio="private"),
    )
    assert response.status_code == 302
    profile = PersonProfile.objects.get(user=outsider)
    assert profile.headline == "Lasser"
    assert profile.languages == ["nl", "fr"]
    assert profile.availability == ["mon-am", "fri-pm"]
    assert set(profile.skills.all()) == set(skills)
    assert profile.visibility["bio"] == "private"
    assert profile.visibility["headline"] == "registered"
    assert profile.listed_publicly and profile.matching_consent
    assert profile.matching_consent_changed_at is not None


def test_chosen_skills_are_shown_as_ticked(page, outsider):
    profile = PersonProfileFactory(user=outsider)
    skill = EscoSkill.objects.filter(label__icontains="weld").first()
    profile.skills.add(skill)
    html = page(outsider, "/mijn-profiel/").content.decode()
    assert f'name="skills" value="{skill.pk}" checked' in html
    assert 'hx-get="/zoeken/vaardigheden/?name=skills"' in html


def test_withdrawing_consent_is_recorded(client_for):
    profile = PersonProfileFactory(matching_consent=True)
    response = client_for(profile.user).post("/mijn-profiel/", _profile_data(matching_consent=None))
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.matching_consent is False
    assert profile.matching_consent_changed_at is not None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"bio": "x" * 5_001}, "bio"),
        ({"skills": ["999999999"]}, "skills"),
        ({"skills": ["abc"]}, "skills"),
        ({"visibility_bio": "everyone-and-their-dog"}, "visibility_bio"),
        ({"availability": ["mon-night"]}, "availability"),
        ({"languages": ["xx"]}, "languages"),
        ({"discipline": "0000"}, "discipline"),
    ],
)
def test_bad_profile_input_changes_nothing(client_for, change, field):
    profile = PersonProfileFactory(headline="Oud")
    response = client_for(profile.user).post("/mijn-profiel/", _profile_data(**change))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    profile.refresh_from_db()
    assert profile.headline == "Oud"


# --- privacy --------------------------------------------------------------------------------


def test_privacy_page_needs_sign_in(client_for):
    assert client_for(None).get("/mijn-profiel/privacy/").status_code == 302
    assert client_for(None).get("/mijn-profiel/privacy/export/").status_code == 302


def test_download_my_data(client_for, page, outsider):
    PersonProfileFactory(user=outsider, headline="Mijn kop")
    assert page(outsider, "/mijn-profiel/privacy/").status_code == 200
    response = client_for(outsider).get("/mijn-profiel/privacy/export/")
    assert response["Content-Disposition"] == 'attachment; filename="kruispunt-my-data.json"'
    data = response.json()
    assert data["account"]["email"] == outsider.email
    assert data["profile"]["headline"] == "Mijn kop"


def test_delete_account_needs_the_password(client_for, outsider):
    response = client_for(outsider).post(
        "/mijn-profiel/privacy/verwijderen/", {"password": "wrong", "confirm": "on"}
    )
    assert response.status_code == 400
    assert "password" in response.context["form"].errors
    assert User.objects.filter(pk=outsider.pk).exists()


def test_delete_account_needs_the_confirmation(client_for, outsider):
    response = client_for(outsider).post(
        "/mijn-profiel/privacy/verwijderen/", {"password": PASSWORD}
    )
    assert response.status_code == 400
    assert User.objects.filter(pk=outsider.pk).exists()


def test_sole_owner_cannot_delete_the_account_and_sees_why(client_for, owner, organisation):
    response = client_for(owner).post(
        "/mijn-profiel/privacy/verwijderen/", {"password": PASSWORD, "confirm": "on"}
    )
    assert response.status_code == 400
    assert "Houtatelier Vermeulen" in " ".join(response.context["form"].non_field_errors())
    assert User.objects.filter(pk=owner.pk).exists()


def test_delete_my_account(client_for, outsider):
    PersonProfileFactory(user=outsider)
    other_owned = MembershipFactory(user=outsider, role=Role.MEMBER).organisation
    client = client_for(outsider)
    response = client.post(
        "/mijn-profiel/privacy/verwijderen/", {"password": PASSWORD, "confirm": "on"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert not User.objects.filter(pk=outsider.pk).exists()
    assert not PersonProfile.objects.filter(user_id=outsider.pk).exists()
    assert other_owned.memberships.filter(user_id=outsider.pk).count() == 0
    assert client.get("/mijn-profiel/").status_code == 302  # signed out


def test_a_profile_lists_the_languages_a_person_speaks_beyond_belgiums_own(
    client_for, page, outsider
):
    """Many people in Flanders speak Arabic, Turkish or Polish at home or at work: the profile
    offers them, and the page names each language in itself, whatever the page's language."""
    form = page(outsider, "/mijn-profiel/").content.decode()
    assert 'value="ar"' in form and "Türkçe" in form
    response = client_for(outsider).post(
        "/mijn-profiel/", _profile_data(languages=["nl", "ar", "tr"], visibility_languages="public")
    )
    assert response.status_code == 302
    profile = PersonProfile.objects.get(user=outsider)
    assert profile.languages == ["nl", "ar", "tr"]
    for prefix in ("", "/en", "/fr"):
        html = page(None, f"{prefix}/mensen/{profile.pk}/").content.decode()
        assert "Nederlands, العربية, Türkçe" in html
