"""The site's content-security policy as Chromium enforces it: the project room (htmx's
indicator style used to be injected inline) and /api/docs/ (Swagger UI had an inline <style>)
load without a CSP violation in the console."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from collab.models import Room
from marketplace.management.commands.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def csp_errors(page) -> list[str]:
    return [e for e in page.console_errors if "Content Security Policy" in e]


def test_api_docs_render_without_csp_violation(site, page):
    page.goto(site.url + "/api/docs/")
    page.wait_for_selector("#swagger-ui .information-container", timeout=15_000)
    assert csp_errors(page) == []


def test_project_room_renders_without_csp_violation(site, page):
    call_command("demo", verbosity=0)
    room = Room.objects.get(source_kind="award")
    page.goto(site.url + "/accounts/login/")
    page.fill("input[name=login]", "laura.cools@demo.kruispunt.example")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("form button[type=submit], form input[type=submit]").last.click()
    page.wait_for_load_state()
    page.goto(f"{site.url}/projectruimtes/{room.pk}/")
    page.wait_for_load_state("networkidle")
    assert "Welkom in onze projectruimte" in page.locator("main").inner_text()
    assert not page.locator("head style").count()  # htmx injected nothing
    assert csp_errors(page) == []
