"""What a phone gets from the server: a menu behind one button (a link opens it without
JavaScript), each list's filters behind one button that says how many are set, and a
stylesheet that makes thumb-sized targets below 720 px. The browser side is in
tests/e2e/test_phone_and_room_layout.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

CSS = Path(__file__).resolve().parents[2] / "frontend" / "static" / "frontend" / "kruispunt.css"
LISTS = [
    ("/challenges/", "challenge-filters"),
    ("/organisaties/", "organisation-filters"),
    ("/capaciteiten/", "capability-filters"),
    ("/good-practices/", "good-practice-filters"),
]


def test_every_page_has_the_menu_button_and_its_no_script_link(page, outsider):
    for user in (None, outsider):
        html = page(user, "/").content.decode()
        assert re.search(
            r'<button type="button" class="menu-toggle" aria-expanded="false" '
            r'aria-controls="site-menu" data-disclosure hidden>',
            html,
        )
        assert '<a class="menu-toggle" href="#site-menu" data-disclosure-link="site-menu">' in html
        menu = html[html.index('id="site-menu"') : html.index("</header>")]
        assert 'class="main-nav"' in menu and 'id="language-select"' in menu
        assert "frontend/disclosure.js" in html


@pytest.mark.parametrize(("url", "form_id"), LISTS)
def test_lists_put_their_filters_behind_a_button(page, url, form_id):
    response = page(None, url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'aria-controls="{form_id}" data-disclosure hidden>' in html
    assert f'href="#{form_id}" data-disclosure-link="{form_id}"' in html
    assert re.search(rf'<form method="get" id="{form_id}" class="collapsible filters', html)
    # The button comes before the form, and the results after both.
    assert html.index(f'aria-controls="{form_id}"') < html.index(f'id="{form_id}"')


def test_the_filter_button_counts_the_filters_that_are_set(page):
    plain = page(None, "/organisaties/").content.decode()
    assert not re.search(r"data-disclosure-link=\"organisation-filters\">[^<]*\(\d\)", plain)
    html = page(None, "/en/organisaties/?q=hout&kind=company&page=2").content.decode()
    assert re.search(
        r'data-disclosure-link="organisation-filters">Search and filters \(2\)</a>', html
    )


def test_the_stylesheet_folds_menu_and_filters_and_sizes_targets_for_thumbs():
    css = CSS.read_text()
    phone = css[css.index("@media (max-width: 719.98px)") :]
    phone = phone[: phone.index("\n}\n")]
    assert ".collapsible { display: none; }" in phone
    assert ".collapsible:target, .collapsible.is-open { display: block; }" in phone
    for selector in (".menu-toggle", ".main-nav a", ".filters-toggle", ".filters button"):
        rule = re.search(re.escape(selector) + r"[^{]*\{([^}]*)\}", phone)
        assert rule and "min-height: 2.75rem" in rule.group(1), selector  # 44 px
    assert "[hidden] { display: none !important; }" in css
