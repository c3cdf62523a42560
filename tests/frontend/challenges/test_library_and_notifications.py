"""Good-practice library, sector starter kits, notifications with mark-read and preferences,
and the navigation links."""

from __future__ import annotations

import pytest
from django.utils import translation

from marketplace.models import GoodPracticeCase, Notification, NotificationPreference
from tests.frontend.challenges.conftest import ROLES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["owner", "outsider", "anonymous"])
def test_library_pages_are_public(page, people, role):
    case = GoodPracticeCase.objects.order_by("slug").first()
    user = people[role]
    assert page(user, "/en/good-practices/").status_code == 200
    with translation.override("en"):  # the case as an English reader gets it
        title = case.text.title
    assert title in page(user, f"/en/good-practices/{case.slug}/").content.decode()
    assert page(user, "/en/starter-kits/").status_code == 200
    assert (
        "Typical partners in the value chain"
        in page(user, "/en/starter-kits/metal/").content.decode()
    )


def test_library_search_and_filters(page):
    html = page(None, "/en/good-practices/?sector=food").content.decode()
    with translation.override("en"):
        food = [c.text.title for c in GoodPracticeCase.objects.filter(sector="food")]
        others = [c.text.title for c in GoodPracticeCase.objects.exclude(sector="food")]
    assert food and all(title in html for title in food)
    assert all(title not in html for title in others)
    assert (
        page(None, "/en/good-practices/?sector=nonsense&technology=x&q=" + "y" * 300).status_code
        == 200
    )


def test_unknown_case_and_kit_are_404(page):
    assert page(None, "/en/good-practices/no-such-case/").status_code == 404
    assert page(None, "/en/starter-kits/space/").status_code == 404


def _notify(user, n=1):
    for i in range(n):
        Notification.objects.create(
            user=user, kind="feedback", title=f"Note {i}", url="/challenges/1/"
        )


@pytest.mark.parametrize("role", ROLES)
def test_notifications_are_personal(page, people, outsider, role):
    _notify(outsider)
    response = page(people[role], "/en/notifications/")
    if role == "anonymous":
        assert response.status_code == 302
        return
    assert ("Note 0" in response.content.decode()) == (role == "outsider")


def test_mark_one_and_all_read(client_for, outsider, owner):
    _notify(outsider, 3)
    _notify(owner)
    client = client_for(outsider)
    first = Notification.objects.filter(user=outsider).first()
    client.post("/en/notifications/read/", {"id": first.pk})
    first.refresh_from_db()
    assert first.read_at is not None
    assert Notification.objects.filter(user=outsider, read_at__isnull=True).count() == 2
    client.post("/en/notifications/read/", {"id": "nonsense"})
    assert not Notification.objects.filter(user=outsider, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=owner, read_at__isnull=True).count() == 1


def test_unread_badge(page, outsider):
    _notify(outsider, 2)
    htmx = {"HTTP_HX_REQUEST": "true"}  # the fragment the navigation loads
    assert ">2<" in page(outsider, "/en/notifications/badge/", **htmx).content.decode()
    assert "badge" not in page(None, "/en/notifications/badge/", **htmx).content.decode()


def test_preferences(client_for, page, outsider):
    assert page(outsider, "/en/notifications/preferences/").status_code == 200
    response = client_for(outsider).post(
        "/en/notifications/preferences/", {"email": "never", "muted_kinds": ["award", "feedback"]}
    )
    assert response.status_code == 302
    preference = NotificationPreference.objects.get(user=outsider)
    assert preference.email == "never"
    assert preference.muted_kinds == ["award", "feedback"]
    bad = client_for(outsider).post(
        "/en/notifications/preferences/", {"email": "hourly", "muted_kinds": ["x"]}
    )
    assert bad.status_code == 400
    preference.refresh_from_db()
    assert preference.email == "never"


def test_notification_list_query_count_is_constant(
    client_for, outsider, django_assert_max_num_queries
):
    _notify(outsider)
    client = client_for(outsider)
    with django_assert_max_num_queries(15) as few:
        client.get("/en/notifications/")
    _notify(outsider, 15)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/en/notifications/")


def test_navigation_has_challenges_and_notifications(page, outsider):
    html = page(outsider, "/en/").content.decode()
    assert 'href="/en/challenges/"' in html
    assert 'href="/en/notifications/"' in html
    assert 'href="/en/notifications/"' not in page(None, "/en/").content.decode()
