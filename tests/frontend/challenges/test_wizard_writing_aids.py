"""What the wizard gives a first-time author while writing: the sector and region of the
organisation pre-filled, and the sector's starter kit beside the problem step before anything is
saved, swapped by htmx when another sector is picked."""

from __future__ import annotations

import re

import pytest

from marketplace.models import NaceCode
from marketplace.models.challenges import Status
from tests.marketplace.challenges.factories import make_challenge

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
METAL_PROBLEM = "Robotise welding in small batches without long programming."


@pytest.fixture
def metal_draft(owner, organisation):
    organisation.nace.set(NaceCode.objects.filter(code__in=["25.11", "25.62"]))
    organisation.nuts_id = "BE211"
    organisation.save()
    return make_challenge(owner, organisation, Status.DRAFT, sector="", technologies=[])


def _selected(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S)
    assert select, name
    return re.findall(r'<option value="([^"]*)" selected>', select.group(0))


def test_problem_step_prefills_sector_and_region_and_shows_the_kit_before_saving(
    page, owner, metal_draft
):
    assert metal_draft.sector == "" and metal_draft.nuts_id is None
    html = page(owner, f"/en/challenges/{metal_draft.pk}/edit/problem/").content.decode()
    assert _selected(html, "sector") == ["metal"]
    assert _selected(html, "nuts") == ["BE211"]
    assert "Starter kit: Metal and machinery" in html
    assert METAL_PROBLEM in html
    # The sector select asks for the kit of the sector picked.
    assert 'hx-get="/en/starter-kits/panel/"' in html
    assert 'hx-target="#starter-kit-panel"' in html


def test_saving_the_step_keeps_the_prefilled_sector_and_region(client_for, owner, metal_draft):
    response = client_for(owner).post(
        f"/en/challenges/{metal_draft.pk}/edit/problem/",
        {"summary": metal_draft.summary, "goal": "", "sector": "metal", "nuts": "BE211"},
    )
    assert response.status_code == 302
    metal_draft.refresh_from_db()
    assert (metal_draft.sector, metal_draft.nuts_id) == ("metal", "BE211")


def test_a_saved_sector_is_not_overwritten_by_the_organisation(page, owner, organisation):
    organisation.nace.set(NaceCode.objects.filter(code="25.11"))
    draft = make_challenge(owner, organisation, Status.DRAFT, sector="food", technologies=[])
    html = page(owner, f"/en/challenges/{draft.pk}/edit/problem/").content.decode()
    assert _selected(html, "sector") == ["food"]
    assert "Starter kit: Food" in html


def test_the_kit_panel_follows_the_sector_picked(page):
    html = page(None, "/en/starter-kits/panel/?sector=food", **HTMX).content.decode()
    assert "Starter kit: Food" in html and "<html" not in html
    none = page(None, "/en/starter-kits/panel/?sector=nonsense", **HTMX)
    assert none.status_code == 200
    assert "Choose your sector to see its starter kit" in none.content.decode()
    # Opened directly it is a page with the site's frame.
    framed = page(None, "/en/starter-kits/panel/?sector=food").content.decode()
    assert "<html" in framed and "Starter kit: Food" in framed
