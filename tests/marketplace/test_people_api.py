"""/api/v1/people/ and /api/v1/people/me/: every field appears only as its person chose
(everyone / signed-in users / only me); deactivated accounts disappear; consent for matching
can be withdrawn."""

from __future__ import annotations

import pytest

from marketplace.models import EscoSkill, PersonProfile
from marketplace.models.people import VISIBLE_FIELDS
from tests.factories import PersonProfileFactory, UserFactory

URL = "/api/v1/people/"
ME = "/api/v1/people/me/"
OWNER_ONLY = {"first_name", "last_name", "visibility", "listed_publicly", "matching_consent"}

pytestmark = pytest.mark.django_db


@pytest.fixture
def skill():
    return EscoSkill.objects.order_by("uri").first()


@pytest.fixture
def person(skill):
    profile = PersonProfileFactory(
        user=UserFactory(first_name="Lotte", last_name="Peeters"),
        headline="Student industrieel ingenieur",
        bio="Ik bouw robots.",
        discipline_id="0714",
        programme="Elektromechanica",
        languages=["nl", "en"],
        availability=["mon-am", "tue-pm"],
        career_stage="student",
        listed_publicly=True,
        visibility={
            "headline": "public",
            "bio": "registered",
            "discipline": "public",
            "institution": "public",
            "programme": "registered",
            "skills": "registered",
            "languages": "public",
            "availability": "private",
            "career_stage": "private",
        },
    )
    profile.skills.set([skill])
    return profile


def detail(profile) -> str:
    return f"{URL}{profile.pk}/"


# --- what each viewer sees -------------------------------------------------------------------


def test_anonymous_visitor_sees_only_public_fields(api, person):
    body = api(None).get(detail(person)).json()
    assert body["name"] == "Lotte Peeters"
    assert body["headline"] == "Student industrieel ingenieur"
    assert body["discipline"] == "0714"
    assert body["languages"] == ["nl", "en"]
    for hidden in ("bio", "programme", "skills", "availability", "career_stage", *OWNER_ONLY):
        assert hidden not in body, hidden


def test_signed_in_user_also_sees_fields_for_registered_users(api, person, outsider, skill):
    body = api(outsider).get(detail(person)).json()
    assert body["bio"] == "Ik bouw robots."
    assert body["programme"] == "Elektromechanica"
    assert body["skills"] == [skill.uri]
    for hidden in ("availability", "career_stage", *OWNER_ONLY):
        assert hidden not in body, hidden


def test_the_person_sees_everything_of_their_own_profile(api, person):
    for url in (detail(person), ME):
        body = api(person.user).get(url).json()
        assert set(VISIBLE_FIELDS) | OWNER_ONLY <= set(body)
        assert body["availability"] == ["mon-am", "tue-pm"]
        assert body["career_stage"] == "student"
        assert body["matching_consent"] is True


def test_lists_apply_the_same_field_rules(api, person, outsider):
    anonymous = api(None).get(URL).json()["results"]
    registered = api(outsider).get(URL).json()["results"]
    assert [p["id"] for p in anonymous] == [person.pk]
    assert "bio" not in anonymous[0]
    assert next(p for p in registered if p["id"] == person.pk)["bio"] == "Ik bouw robots."
    assert all("availability" not in p for p in registered if p["id"] == person.pk)


def test_making_a_field_private_hides_it_from_everyone_else(api, person, outsider):
    response = api(person.user).patch(ME, {"visibility": {"headline": "private", "bio": "public"}})
    assert response.status_code == 200, response.content
    anonymous = api(None).get(detail(person)).json()
    registered = api(outsider).get(detail(person)).json()
    assert "headline" not in anonymous and "headline" not in registered
    assert anonymous["bio"] == registered["bio"] == "Ik bouw robots."
    person.refresh_from_db()
    # the other settings are kept, not reset to their defaults
    assert person.visibility["languages"] == "public"
    assert person.visibility["availability"] == "private"


def test_profiles_not_listed_publicly_are_hidden_from_visitors_only(api, person, outsider):
    person.listed_publicly = False
    person.save()
    assert api(None).get(detail(person)).status_code == 404
    assert api(None).get(URL).json()["results"] == []
    assert api(outsider).get(detail(person)).status_code == 200


def test_deactivated_people_disappear(api, person, outsider):
    person.user.is_active = False
    person.user.save()
    for user in (None, outsider):
        assert api(user).get(detail(person)).status_code == 404
        assert person.pk not in [p["id"] for p in api(user).get(URL).json()["results"]]
    assert not PersonProfile.objects.matchable().filter(pk=person.pk).exists()


def test_unknown_person_is_404(api, outsider):
    assert api(outsider).get(f"{URL}999999/").status_code == 404
    assert api(outsider).get(f"{URL}abc/").status_code == 404


def test_a_person_without_a_name_does_not_show_their_email_address(api, outsider):
    nameless = PersonProfileFactory(
        user=UserFactory(email="jan.janssens.private@example.org", first_name="", last_name=""),
        listed_publicly=True,
    )
    for user in (None, outsider):
        text = api(user).get(detail(nameless)).content.decode()
        assert "jan.janssens.private" not in text


def test_hidden_fields_cannot_be_probed_by_search_or_ordering(api, person, outsider):
    person.visibility = {**person.visibility, "headline": "private"}
    person.save()
    other = PersonProfileFactory(headline="Zzz", listed_publicly=True, matching_consent=False)
    # searching for words of a hidden headline must not reveal who wrote it
    found = api(None).get(f"{URL}?search=industrieel").json()["results"]
    assert person.pk not in [p["id"] for p in found]
    # ordering by a field only the owner may see must not sort people by it
    first = api(None).get(f"{URL}?ordering=matching_consent").json()["results"]
    second = api(None).get(f"{URL}?ordering=-matching_consent").json()["results"]
    assert [p["id"] for p in first] == [p["id"] for p in second]
    assert {p["id"] for p in first} == {person.pk, other.pk}


def test_people_list_costs_the_same_queries_for_3_and_15(
    api, outsider, skill, assert_constant_queries
):
    client = api(outsider)

    def add(n: int) -> None:
        for profile in PersonProfileFactory.create_batch(
            n, discipline_id="0714", listed_publicly=True
        ):
            profile.skills.set([skill])

    assert_constant_queries(lambda: client.get(URL + "?page_size=100"), add)


def test_people_cannot_be_created_or_changed_through_the_list(api, person, outsider):
    assert api(outsider).post(URL, {"headline": "x"}).status_code == 405
    assert api(outsider).patch(detail(person), {"headline": "Gekaapt"}).status_code == 405
    assert api(outsider).delete(detail(person)).status_code == 405
    assert api(None).patch(detail(person), {"headline": "Gekaapt"}).status_code in (401, 403)
    person.refresh_from_db()
    assert person.headline == "Student industrieel ingenieur"
    assert PersonProfile.objects.filter(pk=person.pk).exists()


# --- my own profile --------------------------------------------------------------------------


def test_anonymous_visitor_has_no_me(api, db):
    assert api(None).get(ME).status_code in (401, 403)
    assert api(None).patch(ME, {"headline": "x"}).status_code in (401, 403)
    assert not PersonProfile.objects.exists()


def test_me_starts_an_empty_profile_for_a_new_account(api, outsider):
    response = api(outsider).get(ME)
    assert response.status_code == 200
    assert response.json()["matching_consent"] is False
    assert response.json()["listed_publicly"] is False
    assert PersonProfile.objects.filter(user=outsider).count() == 1


def test_i_change_my_profile_and_my_name(api, person, skill):
    response = api(person.user).patch(
        ME,
        {
            "first_name": "Charlotte",
            "headline": "Afgestudeerd",
            "discipline": "0413",
            "skills": [],
            "availability": ["wed-eve"],
            "languages": ["fr"],
            "kind": "professional",
            "career_stage": "early",
        },
    )
    assert response.status_code == 200, response.content
    person.refresh_from_db()
    person.user.refresh_from_db()
    assert person.user.first_name == "Charlotte"
    assert person.headline == "Afgestudeerd"
    assert person.languages == ["fr"]
    assert person.discipline_id == "0413"
    assert list(person.skills.all()) == []
    assert person.availability == ["wed-eve"]
    assert response.json()["name"] == "Charlotte Peeters"


def _profile_state(profile: PersonProfile) -> dict:
    profile = PersonProfile.objects.select_related("user").get(pk=profile.pk)
    return {
        **{f.attname: getattr(profile, f.attname) for f in PersonProfile._meta.concrete_fields},
        "skills": sorted(profile.skills.values_list("uri", flat=True)),
        "user": (
            profile.user.first_name,
            profile.user.last_name,
            profile.user.email,
            profile.user.is_staff,
        ),
    }


@pytest.mark.parametrize(
    "data, field",
    [
        ({"headline": "x" * 161}, "headline"),
        ({"bio": "x" * 5_001}, "bio"),
        ({"first_name": "x" * 151}, "first_name"),
        ({"discipline": "9999"}, "discipline"),
        ({"skills": ["http://example.org/not-esco"]}, "skills"),
        ({"availability": ["someday"]}, "availability"),
        ({"languages": ["tlh"]}, "languages"),
        ({"kind": "wizard"}, "kind"),
        ({"career_stage": "retired-pirate"}, "career_stage"),
        ({"visibility": {"email": "public"}}, "visibility"),
        ({"visibility": {"bio": "friends"}}, "visibility"),
        ({"visibility": "public"}, "visibility"),
        ({"matching_consent": "perhaps"}, "matching_consent"),
        ({"institution": 99_999_999}, "institution"),
        ({"is_staff": True}, "is_staff"),
        ({"email": "new@example.org"}, "email"),
        ({"user": 1}, "user"),
        (
            {"headline": "ok", "matching_consent_changed_at": "2000-01-01T00:00:00Z"},
            "matching_consent_changed_at",
        ),
    ],
)
def test_bad_profile_input_is_refused_and_changes_nothing(api, person, data, field):
    before = _profile_state(person)
    response = api(person.user).patch(ME, data)
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert _profile_state(person) == before


def test_a_list_body_is_refused(api, person):
    before = _profile_state(person)
    response = api(person.user).patch(ME, [{"headline": "x"}], format="json")
    assert response.status_code == 400
    assert _profile_state(person) == before


def test_read_only_fields_are_ignored(api, person):
    response = api(person.user).patch(
        ME, {"id": 12345, "name": "Iemand Anders", "headline": "Nieuw"}
    )
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.headline == "Nieuw"
    assert PersonProfile.objects.filter(pk=person.pk).exists()
    assert response.json()["name"] == "Lotte Peeters"


# --- consent for matching --------------------------------------------------------------------


def test_withdrawing_consent_takes_me_out_of_matching(api, person):
    assert PersonProfile.objects.matchable().filter(pk=person.pk).exists()
    response = api(person.user).patch(ME, {"matching_consent": False})
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.matching_consent is False
    assert person.matching_consent_changed_at is not None
    assert not PersonProfile.objects.matchable().filter(pk=person.pk).exists()


def test_giving_consent_puts_me_back(api, person):
    person.matching_consent = False
    person.save()
    api(person.user).patch(ME, {"matching_consent": True})
    assert PersonProfile.objects.matchable().filter(pk=person.pk).exists()


def test_sending_the_same_consent_again_keeps_the_moment_it_was_given(api, person):
    api(person.user).patch(ME, {"matching_consent": False})
    person.refresh_from_db()
    changed_at = person.matching_consent_changed_at
    api(person.user).patch(ME, {"matching_consent": False, "headline": "x"})
    person.refresh_from_db()
    assert person.matching_consent_changed_at == changed_at


def test_a_person_may_speak_languages_beyond_belgiums_own(api, person):
    response = api(person.user).patch(ME, {"languages": ["nl", "pl", "uk"]}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["languages"] == ["nl", "pl", "uk"]
    person.refresh_from_db()
    assert person.languages == ["nl", "pl", "uk"]
