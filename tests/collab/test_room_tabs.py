"""The room page's shape: the conversation in front, every other part one tab away, each tab
with a URL of its own that opens the whole room on it (a reload keeps the tab; a browser
without JavaScript follows the links). Only members see any of it."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.frontend.conftest import assert_csp_clean

pytestmark = pytest.mark.django_db

PARTS = ["board", "milestones", "files", "threads", "members", "activity"]


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _shown_panels(html: str) -> list[str]:
    panels = re.findall(
        r'<(?:div|section) class="[^"]*room-panel[^"]*" id="tab-panel-(\w+)"[^>]*>', html
    )
    hidden = re.findall(r'id="tab-panel-(\w+)"[^>]*\shidden>', html)
    return [p for p in panels if p not in hidden]


def test_the_room_opens_on_the_conversation_with_the_other_parts_a_tab_away(room, room_member):
    response = _client(room_member).get(f"/en/projectruimtes/{room.pk}/")
    html = response.content.decode()
    assert_csp_clean(html)
    assert _shown_panels(html) == ["chat"]
    assert re.search(
        r'id="tab-chat" href="/en/projectruimtes/\d+/" data-tab="chat" '
        r'aria-current="page">Conversation',
        html,
    )
    for part in PARTS:
        assert f'id="tab-{part}" href="/en/projectruimtes/{room.pk}/deel/{part}/"' in html
        assert f'id="room-{part}"' in html  # on the page, hidden, for switching without a request
    assert html.index('id="tab-panel-chat"') < html.index('id="tab-panel-board"')
    assert "rooms/room-page.js" in html and "data-tabs" in html


@pytest.mark.parametrize("part", PARTS)
def test_each_part_has_a_url_that_opens_the_room_on_it(room, room_member, part):
    response = _client(room_member).get(f"/projectruimtes/{room.pk}/deel/{part}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert_csp_clean(html)
    assert _shown_panels(html) == [part]
    assert re.search(rf'id="tab-{part}" [^>]*aria-current="page"', html)
    assert 'id="chat-body"' in html  # the conversation stays on the page for the socket
    assert "HX-Request" in response["Vary"]
    fragment = _client(room_member).get(
        f"/projectruimtes/{room.pk}/deel/{part}/", HTTP_HX_REQUEST="true"
    )
    assert 'class="site-header"' not in fragment.content.decode()
    assert f'id="room-{part}"' in fragment.content.decode()


def test_unknown_parts_outsiders_and_visitors(room, room_member, room_outsider):
    assert _client(room_member).get(f"/projectruimtes/{room.pk}/deel/secrets/").status_code == 404
    for part in PARTS:
        url = f"/projectruimtes/{room.pk}/deel/{part}/"
        assert _client(room_outsider).get(url).status_code == 404
        assert Client().get(url).status_code == 302


def test_a_long_room_name_is_whole_in_the_heading_and_its_tooltip(room, room_owner):
    room.name = "Retrofit van lijn 3 " * 9
    room.save(update_fields=["name"])
    html = _client(room_owner).get(f"/projectruimtes/{room.pk}/").content.decode()
    name = room.name
    assert f'title="{name}"' in html
    assert re.search(
        r'<h1 class="room-title" id="room-title"[^>]*>' + re.escape(name) + "</h1>", html
    )
    assert f"<title>{name} · Kruispunt</title>" in html


def test_a_change_without_javascript_comes_back_to_its_tab(room, room_member):
    client = _client(room_member)
    response = client.post(
        f"/projectruimtes/{room.pk}/kaarten/",
        {"title": "Calibrate", "column": room.columns.first().pk},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/projectruimtes/{room.pk}/deel/board/"
    response = client.post(f"/projectruimtes/{room.pk}/draden/", {"title": "Lighting"})
    assert response["Location"] == f"/projectruimtes/{room.pk}/deel/threads/"
