"""Journey 6: the language switch, nl → en → fr, on every main page: the page comes back in
the chosen language, and no text of another language remains in its chrome (skip link,
header, navigation, footer, and every button).

A chrome text is "of another language" when it is the translation of one of our messages in
another language and not a text of the chosen language at all (so "Organisations", the same in
English and French, is right on a French page; "Organisaties" on an English one is not). The
texts come from the compiled catalogues the site itself uses."""

from __future__ import annotations

import re
from functools import cache

import pytest
from django.utils import translation
from django.utils.translation import trans_real

from marketplace.management.commands.demo import DEMO_PASSWORD
from tests.e2e.conftest import sign_in
from tests.e2e.main_pages import SOLVER, demo_main_pages

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LANGUAGES = ("nl", "en", "fr")

# Texts of the chrome, one per element; an element inside another language's `lang`
# (the language names in the switch) is written in that language on purpose.
CHROME_TEXTS = r"""() => {
  const selector = [".skip-link", "header a", "header button", "header label", "nav a",
    "nav button", "footer p", "footer a", "main button", "main input[type=submit]"].join(",");
  const texts = [];
  for (const el of document.querySelectorAll(selector)) {
    const foreign = el.closest("[lang]");
    if (foreign && foreign !== document.documentElement) continue;
    const raw = el.tagName === "INPUT" ? el.value : el.textContent;
    const text = raw.replace(/\s+/g, " ").trim();
    if (text) texts.push(text);
  }
  return texts;
}"""


def bare(text: str) -> str:
    """The words of a text: arrows, counts and end punctuation around them left out."""
    return re.sub(r"^\W+|[\W\d_]+$", "", " ".join(text.split()))


@cache
def texts_of(language: str) -> frozenset[str]:
    """Every text our catalogues give in `language` (for English: the message ids too)."""
    catalog = trans_real.translation(language)._catalog
    values = {str(v).strip() for k, v in catalog.items() if k}
    if language == "en":
        values |= {k if isinstance(k, str) else k[0] for k, _ in catalog.items() if k}
        nl = trans_real.translation("nl")._catalog
        values |= {k if isinstance(k, str) else k[0] for k, _ in nl.items() if k}
    return frozenset(bare(v) for v in values if bare(v))


def leaks(texts: list[str], language: str) -> list[str]:
    own = texts_of(language)
    found = []
    for text in map(bare, texts):
        if text in own:
            continue
        others = [other for other in LANGUAGES if other != language and text in texts_of(other)]
        if others:
            found.append(f"{text!r} ({'/'.join(others)})")
    return found


def expected_chrome(language: str) -> list[str]:
    with translation.override(language):
        return [
            translation.gettext("Organisations"),
            translation.gettext("Challenges"),
            translation.gettext("Skip to content"),
            translation.gettext(
                "Kruispunt brings SMEs, students, knowledge institutions and intermediaries "
                "together around real innovation challenges."
            ),
        ]


def check_language(page, language: str, name: str) -> list[str]:
    assert page.locator("html").get_attribute("lang") == language, f"{name}: {page.url}"
    texts = [bare(text) for text in page.evaluate(CHROME_TEXTS)]
    problems = [f"{name} ({language}): {leak}" for leak in leaks(texts, language)]
    for wanted in expected_chrome(language):
        if bare(wanted) not in texts:
            problems.append(f"{name} ({language}): missing {wanted!r}")
    return problems


def switch_to(page, language: str) -> None:
    """Switches from the page's language to English or French (their URLs are prefixed)."""
    menu = page.locator("header button.menu-toggle")
    if menu.is_visible():  # on a phone the switch sits in the folded menu
        menu.click()
    page.locator("header select[name=language]").select_option(language)
    page.wait_for_url(re.compile(rf"/{language}/"))
    page.wait_for_load_state()


def test_a_text_of_another_language_is_found():
    assert leaks(["Organisaties", "Registreren"], "en") != []
    assert leaks(["Organisations", "S’inscrire"], "fr") == []
    assert leaks(["Organisations"], "nl") != []
    assert leaks(["Notifications 3", "Save and continue →"], "en") == []


def test_switching_nl_en_fr_leaves_no_other_language_in_the_chrome(site, open_page, capture):
    pages = demo_main_pages()
    visitor = open_page("nl")
    solver = open_page("nl", width=390)
    sign_in(solver, site, SOLVER, DEMO_PASSWORD)
    problems: list[str] = []
    for main_page in pages:
        page = solver if main_page.signed_in else visitor
        page.goto(site.at(main_page.path, "nl"))
        problems += check_language(page, "nl", main_page.name)
        for language in ("en", "fr"):
            switch_to(page, language)
            problems += check_language(page, language, main_page.name)
        if main_page.name in ("home", "challenge", "room"):
            capture(page, f"j6-{main_page.name}")
    assert problems == [], "\n".join(problems)
