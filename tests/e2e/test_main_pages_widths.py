"""Journey 7: the main pages on a phone (390 px) and a laptop (1280 px): nothing is wider
than the screen, the page heading is on the first screen, and screenshots in Dutch and
English at both widths are written for review."""

from __future__ import annotations

import pytest

from marketplace.management.commands.demo import DEMO_PASSWORD
from tests.e2e.conftest import WIDTHS, no_horizontal_scroll, overflowing, shoot, sign_in
from tests.e2e.main_pages import SOLVER, demo_main_pages

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_main_pages_fit_a_phone_and_a_laptop(site, open_page):
    pages = demo_main_pages()
    visitor = open_page("nl", width=390)
    solver = open_page("nl", width=390)
    sign_in(solver, site, SOLVER, DEMO_PASSWORD)
    too_wide = []
    for main_page in pages:
        page = solver if main_page.signed_in else visitor
        for language in ("nl", "en"):
            page.goto(site.at(main_page.path, language))
            page.wait_for_load_state("networkidle")
            for width, height in WIDTHS.items():
                page.set_viewport_size({"width": width, "height": height})
                overflow = no_horizontal_scroll(page)
                if overflow > 0:
                    too_wide.append(
                        f"{main_page.name} ({language}, {width} px): {overflow} px "
                        f"{overflowing(page)}"
                    )
                heading = page.locator("main h1").first.bounding_box()
                assert heading is not None, f"{main_page.name}: no heading"
                assert heading["y"] < height, f"{main_page.name} ({width} px): h1 below the fold"
                shoot(page, f"j7-{main_page.name}", language)
    assert too_wide == []
