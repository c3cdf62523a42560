"""A chat message reads the same live and after a reload: the browser (en-US, New York) gets
it over the websocket of the site's Daphne and writes its time with the page's language and
the reader's zone (Europe/Brussels), as the server writes it in the history after a reload;
not the browser's own "06:32 PM" in its own zone."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from collab.models import MemberRole
from collab.services.rooms import room_create
from tests.e2e.conftest import sign_in
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


# Not conftest's open_page: that one reads in Brussels; this browser's own zone must differ.
@pytest.fixture
def new_york_browser(browser):
    context = browser.new_context(locale="en-US", timezone_id="America/New_York")
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("prefix", ["", "/en", "/fr"])
def test_a_live_message_and_the_reloaded_history_show_the_same_time(site, new_york_browser, prefix):
    owner = UserFactory(email="olga@vermeulen.example")
    member = UserFactory(email="mia@ugent.example")  # zone: the default, Europe/Brussels
    room = room_create(
        name="Vision retrofit", created_by=owner, members=[(member, MemberRole.MEMBER)]
    )
    page = new_york_browser
    sign_in(page, site, member.email, PASSWORD)
    page.goto(f"{site.url}{prefix}/projectruimtes/{room.pk}/")
    page.wait_for_selector("[data-room-status].is-online", timeout=20_000)
    page.fill("[data-chat-form] textarea", "Proef om tien uur")
    page.locator("[data-chat-form] button[type=submit]").click()
    live = page.locator(".chat-message", has_text="Proef om tien uur").locator("time")
    live.wait_for(timeout=20_000)
    live_text, stamp = live.inner_text(), live.get_attribute("datetime")
    page.reload()
    reloaded = page.locator(".chat-message", has_text="Proef om tien uur").locator("time")
    assert reloaded.inner_text() == live_text
    assert re.fullmatch(r"\d\d:\d\d", live_text), live_text  # no "AM/PM"
    sent = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    assert live_text == sent.astimezone(ZoneInfo("Europe/Brussels")).strftime("%H:%M")
