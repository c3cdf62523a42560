"""The site on a phone (390 × 844) and on a laptop (1280 × 800), in Chromium: the menu folds
away behind one button, a list shows its results before its filters, whatever a thumb presses
is at least 44 × 44 px, and a project room opens on its conversation with the message box in
view, its other parts one tab away and its board columns side by side on a wide screen.

Screenshots of each page go to tests/e2e/screenshots/ (git-ignored) for a reviewer. No page
may break the content-security policy (the console says so when one does)."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command

from chat.messages import message_send
from collab.models import MemberRole
from collab.services import board
from collab.services.rooms import room_create
from tests.e2e.conftest import sign_in
from tests.factories import PASSWORD, OrganisationFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parent / "screenshots"
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}
THUMB = 44  # px, WCAG 2.5.5 (AAA); 2.2 AA asks at least 24
LONG_NAME = (
    "Retrofit van de zeefdruklijn 3 met camera-inspectie, automatische registratie en "
    "een digitale tweeling voor de planning van kleine series bij Drukkerij Vanhecke"
)


@pytest.fixture
def open_page(browser):
    """open_page(viewport, lang="nl", js=True) → a page in a fresh context that collects the
    console's errors; every context is closed after the test."""
    contexts = []

    def _open(viewport, lang="nl", js=True):
        context = browser.new_context(
            viewport=viewport,
            locale="nl-BE" if lang == "nl" else "en-GB",
            is_mobile=viewport["width"] < 720,
            has_touch=viewport["width"] < 720,
            java_script_enabled=js,
        )
        contexts.append(context)
        page = context.new_page()
        page.console_errors = []  # type: ignore[attr-defined]
        page.on(
            "console",
            lambda msg: page.console_errors.append(msg.text) if msg.type == "error" else None,
        )
        return page

    yield _open
    for context in contexts:
        context.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def csp_errors(page) -> list[str]:
    return [e for e in page.console_errors if "Content Security Policy" in e]


def too_small(locator) -> list[str]:
    """The visible targets of `locator` smaller than a thumb, as 'text: w×h'."""
    found = []
    for index in range(locator.count()):
        item = locator.nth(index)
        if not item.is_visible():
            continue
        box = item.bounding_box()
        if box["width"] < THUMB - 0.5 or box["height"] < THUMB - 0.5:
            found.append(
                f"{item.inner_text().strip()[:30]!r}: {box['width']:.0f}×{box['height']:.0f}"
            )
    return found


# --- the menu ----------------------------------------------------------------------------


def test_menu_folds_behind_one_button_on_a_phone(site, open_page):
    user = UserFactory(first_name="Mira")
    page = open_page(PHONE)
    sign_in(page, site, user.email, PASSWORD)
    page.goto(site.url + "/")
    button = page.locator("button[aria-controls=site-menu]")
    menu = page.locator("#site-menu")
    assert button.is_visible() and button.get_attribute("aria-expanded") == "false"
    assert not menu.is_visible()
    assert not page.locator("a.menu-toggle").is_visible()  # the no-script link gave way
    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= 0.1 * PHONE["height"], header  # was 28 % of the screen
    shot(page, "menu-closed-nl-390")

    button.click()
    assert button.get_attribute("aria-expanded") == "true"
    assert menu.is_visible()
    assert page.get_by_role("link", name="Projectruimtes").is_visible()
    assert too_small(page.locator("#site-menu a, #site-menu button, #site-menu select")) == []
    assert too_small(button) == []
    shot(page, "menu-open-nl-390")

    page.keyboard.press("Escape")  # focus is on the button, outside the menu: stays open
    page.get_by_role("link", name="Projectruimtes").focus()
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false" and not menu.is_visible()
    assert page.evaluate("document.activeElement.getAttribute('aria-controls')") == "site-menu"

    button.click()
    page.get_by_role("link", name="Projectruimtes").click()
    page.wait_for_url("**/projectruimtes/")
    assert not menu.is_visible()  # a new page starts with the menu folded
    assert csp_errors(page) == []


def test_menu_is_open_on_a_laptop_and_works_without_javascript(site, open_page):
    page = open_page(LAPTOP)
    page.goto(site.url + "/")
    assert page.locator("#site-menu").is_visible()
    assert not page.locator(".menu-toggle").first.is_visible()
    assert not page.locator("button.menu-toggle").is_visible()
    header = page.locator(".site-header").bounding_box()
    assert header["height"] < 80, header
    shot(page, "home-nl-1280")
    assert csp_errors(page) == []

    bare = open_page(PHONE, js=False)
    bare.goto(site.url + "/")
    link = bare.locator("a.menu-toggle")
    assert link.is_visible() and not bare.locator("#site-menu").is_visible()
    link.click()
    assert bare.locator("#site-menu").is_visible()  # :target opens it
    assert bare.get_by_role("link", name="Uitdagingen").is_visible()
    bare.locator(".menu-close").click()
    assert not bare.locator("#site-menu").is_visible()


# --- lists with filters --------------------------------------------------------------------


def test_challenge_list_shows_results_first_on_a_phone(site, open_page):
    call_command("demo", verbosity=0)
    for lang, prefix in (("nl", ""), ("en", "/en")):
        page = open_page(PHONE, lang)
        page.goto(site.url + prefix + "/challenges/")
        first = page.locator("main .cards > li").first
        box = first.bounding_box()
        assert box["y"] + 60 < PHONE["height"], box  # the first result starts on the first screen
        form = page.locator("#challenge-filters")
        toggle = page.locator("button[aria-controls=challenge-filters]")
        assert not form.is_visible() and toggle.is_visible()
        shot(page, f"challenges-{lang}-390")
        toggle.click()
        assert toggle.get_attribute("aria-expanded") == "true" and form.is_visible()
        targets = form.locator(
            "button, a, select, input[type=search], input[type=text], "
            "label:has(input[type=checkbox])"
        )
        assert too_small(targets) == []
        assert too_small(toggle) == []
        shot(page, f"challenges-filters-{lang}-390")
        assert csp_errors(page) == []

        wide = open_page(LAPTOP, lang)
        wide.goto(site.url + prefix + "/challenges/")
        assert wide.locator("#challenge-filters").is_visible()
        assert not wide.locator(".filters-toggle").first.is_visible()
        filters = wide.locator("#challenge-filters").bounding_box()
        results = wide.locator("main .cards").bounding_box()
        assert filters["x"] + filters["width"] <= results["x"]  # a sidebar beside the results
        shot(wide, f"challenges-{lang}-1280")
        assert csp_errors(wide) == []


def test_pagination_and_filters_are_thumb_sized_on_a_phone(site, open_page):
    for number in range(25):
        OrganisationFactory(name=f"Meubelmakerij {number:02d}")
    page = open_page(PHONE)
    page.goto(site.url + "/organisaties/")
    assert page.locator("main .cards > li").first.bounding_box()["y"] < PHONE["height"]
    pages = page.locator("nav.pagination a")
    assert pages.count() >= 1
    assert too_small(pages) == []
    page.locator("button[aria-controls=organisation-filters]").click()
    assert (
        too_small(
            page.locator("#organisation-filters").locator(
                "button, a, select, input[type=text], input[type=search]"
            )
        )
        == []
    )
    shot(page, "organisations-nl-390")
    assert csp_errors(page) == []


# --- the project room --------------------------------------------------------------------


@pytest.fixture
def room_world():
    owner = UserFactory(first_name="Olga", last_name="Vanhecke", email="olga@vanhecke.example")
    member = UserFactory(first_name="Mehdi", last_name="Aerts", email="mehdi@kuleuven.example")
    room = room_create(
        name=LONG_NAME,
        description="Samen met KU Leuven bouwen we een camera-inspectie voor lijn 3.",
        created_by=owner,
        members=[(member, MemberRole.MEMBER)],
    )
    for number in range(30):
        speaker = owner if number % 2 else member
        message_send(
            user=speaker,
            room_id=room.pk,
            client_id=uuid.uuid4(),
            body=f"Bericht {number + 1}: we bekijken de belichting van station {number % 4 + 1}.",
        )
    todo, doing, done = room.columns.order_by("position")
    card = board.card_create(
        actor=owner,
        room=room,
        column=todo,
        title="Camera's bestellen",
        description="Twee lijnscan-camera's met 4K-resolutie, offerte bij twee leveranciers.",
        due_date=dt.date.today() + dt.timedelta(days=10),
        assignees=[member],
    )
    board.card_comment_add(actor=owner, card=card, body="Offerte van Basler is binnen.")
    board.card_create(actor=owner, room=room, column=doing, title="Belichting testen")
    board.card_create(actor=member, room=room, column=done, title="Werkbezoek lijn 3")
    return {"room": room, "owner": owner, "member": member, "card": card}


def _room_url(base, room, lang="nl"):
    return f"{base}{'' if lang == 'nl' else '/' + lang}/projectruimtes/{room.pk}/"


def test_room_opens_on_the_conversation_on_a_phone(site, open_page, room_world):
    room = room_world["room"]
    for lang in ("nl", "en"):
        page = open_page(PHONE, lang)
        sign_in(page, site, room_world["member"].email, PASSWORD)
        page.goto(_room_url(site.url, room, lang))
        page.locator("[data-room-status].is-online").wait_for()  # the shot shows it live
        chat_tab = page.locator("#tab-chat")
        assert chat_tab.get_attribute("role") == "tab"
        assert chat_tab.get_attribute("aria-selected") == "true"
        assert page.locator("[role=tablist]").count() == 1
        assert page.locator("[role=tabpanel]:visible").count() == 1
        box = page.locator("#chat-body").bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box
        send = page.locator(".chat-form button[type=submit]").bounding_box()
        assert send["y"] + send["height"] <= PHONE["height"] and send["height"] >= THUMB - 0.5
        assert page.locator(".chat-message").last.is_visible()  # the log starts at its end
        assert not page.locator("#tab-panel-board").is_visible()
        # The long name is cut to two lines and can be shown whole.
        title = page.locator("#room-title")
        assert title.inner_text().strip() == LONG_NAME
        line = float(title.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)"))
        assert title.bounding_box()["height"] <= 2 * line + 2
        shot(page, f"room-chat-{lang}-390")
        toggle = page.locator("button[aria-controls=room-title]")
        toggle.click()
        assert toggle.get_attribute("aria-expanded") == "true"
        assert title.bounding_box()["height"] > 2 * line + 2
        toggle.click()
        assert too_small(page.locator("[role=tab]")) == []
        assert csp_errors(page) == []


def test_room_tabs_switch_by_click_and_keyboard_and_keep_their_url(site, open_page, room_world):
    room = room_world["room"]
    page = open_page(PHONE)
    sign_in(page, site, room_world["member"].email, PASSWORD)
    base = _room_url(site.url, room)
    page.goto(base)
    page.locator("#tab-board").click()
    page.wait_for_url(base + "deel/board/")
    assert page.locator("#tab-board").get_attribute("aria-selected") == "true"
    assert page.locator("#tab-chat").get_attribute("aria-selected") == "false"
    assert page.locator("#tab-panel-board").is_visible()
    assert not page.locator("#tab-panel-chat").is_visible()
    # Stacked on a phone: each column below the previous one.
    columns = page.locator("[data-board-column]")
    boxes = [columns.nth(i).bounding_box() for i in range(columns.count())]
    assert len(boxes) == 3
    assert all(b["y"] >= a["y"] + a["height"] - 1 for a, b in itertools.pairwise(boxes))
    assert "1 reactie" in page.locator("[data-card]").first.inner_text()
    shot(page, "room-board-nl-390")

    page.reload()
    assert page.locator("#tab-board").get_attribute("aria-selected") == "true"
    assert page.locator("#tab-panel-board").is_visible()

    page.locator("#tab-board").focus()
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.id") == "tab-milestones"
    assert page.locator("#tab-panel-milestones").is_visible()
    assert page.url.endswith("/deel/milestones/")
    page.keyboard.press("End")
    assert page.locator("#tab-panel-activity").is_visible()
    page.keyboard.press("ArrowRight")  # wraps round to the first tab
    assert page.evaluate("document.activeElement.id") == "tab-chat"
    assert page.locator("#tab-panel-chat").is_visible()
    assert page.url == base
    page.keyboard.press("Tab")  # into the shown part, not along the other tabs
    assert (
        page.evaluate("document.activeElement.closest('[role=tabpanel]')?.id") == "tab-panel-chat"
    )

    page.locator("#tab-files").click()
    page.go_back()
    assert page.locator("#tab-panel-chat").is_visible()
    assert csp_errors(page) == []


def test_room_tabs_work_without_javascript(site, open_page, room_world):
    room = room_world["room"]
    page = open_page(PHONE, js=False)
    sign_in(page, site, room_world["member"].email, PASSWORD)
    page.goto(_room_url(site.url, room))
    assert page.locator("#tab-chat").get_attribute("aria-current") == "page"
    page.locator("#tab-members").click()
    page.wait_for_url("**/deel/members/")
    assert page.locator("#tab-panel-members").is_visible()
    assert "Mehdi Aerts" in page.locator("#tab-panel-members").inner_text()
    assert not page.locator("#tab-panel-chat").is_visible()


def test_board_columns_side_by_side_on_a_laptop_and_a_card_with_its_comments(
    site, open_page, room_world
):
    room, card = room_world["room"], room_world["card"]
    for lang in ("nl", "en"):
        page = open_page(LAPTOP, lang)
        sign_in(page, site, room_world["owner"].email, PASSWORD)
        page.goto(_room_url(site.url, room, lang))
        page.locator("[data-room-status].is-online").wait_for()
        shot(page, f"room-chat-{lang}-1280")
        chat = page.locator("#chat-body").bounding_box()
        assert chat["y"] + chat["height"] <= LAPTOP["height"]
        page.locator("#tab-board").click()
        columns = page.locator("[data-board-column]")
        boxes = [columns.nth(i).bounding_box() for i in range(columns.count())]
        assert len(boxes) == 3
        assert len({round(b["y"]) for b in boxes}) == 1  # one row
        assert all(b["x"] >= a["x"] + a["width"] for a, b in itertools.pairwise(boxes))
        assert boxes[-1]["x"] + boxes[-1]["width"] <= LAPTOP["width"]
        first = page.locator(f"[data-card='{card.pk}']").inner_text()
        assert "Mehdi Aerts" in first and "lijnscan" in first
        shot(page, f"room-board-{lang}-1280")
        assert csp_errors(page) == []

    page.locator(f"[data-card='{card.pk}'] a").first.click()
    page.wait_for_url(f"**/kaarten/{card.pk}/")
    assert page.locator("h1").inner_text() == "Camera's bestellen"
    assert "Offerte van Basler is binnen." in page.locator("#comments").inner_text()
    page.fill("#comments textarea[name=body]", "Basler past, ik bestel morgen.")
    page.locator("#comments button[type=submit]").click()
    page.wait_for_url("**#comments")
    comments = page.locator(".card-comment")
    assert comments.count() == 2
    assert "Olga Vanhecke" in comments.last.inner_text()
    assert "Basler past, ik bestel morgen." in comments.last.inner_text()
    page.locator(".card-edit summary").click()
    page.fill("input[name=title]", "Camera's bestellen (2 stuks)")
    page.locator(".card-edit button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Camera's bestellen (2 stuks)"
    shot(page, "room-card-en-1280")
    assert csp_errors(page) == []
