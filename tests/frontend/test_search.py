"""Search-as-you-type fragments for the skill and NACE pickers, as htmx asks for them (opened
directly they are pages: tests/frontend/test_fragment_pages.py)."""

from __future__ import annotations

import re

import pytest

from marketplace.models import EscoSkill

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def _values(html: str) -> list[str]:
    return re.findall(r'value="([^"]+)"', html)


def test_skill_search_returns_at_most_20_matching_checkboxes(page):
    response = page(None, "/zoeken/vaardigheden/?name=skills&q=weld", **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    values = _values(html)
    assert 0 < len(values) <= 20
    assert html.count('name="skills"') == len(values)
    labels = EscoSkill.objects.filter(pk__in=values).values_list("label", "alt_labels")
    assert all("weld" in (label + alt).lower() for label, alt in labels)


def test_skill_search_leaves_out_chosen_skills(page):
    first = _values(
        page(None, "/zoeken/vaardigheden/?name=skills&q=weld", **HTMX).content.decode()
    )[0]
    again = page(
        None, f"/zoeken/vaardigheden/?name=skills&q=weld&skills={first}&skills=abc", **HTMX
    )
    assert first not in _values(again.content.decode())


@pytest.mark.parametrize(
    "query",
    [
        "name=skills&q=w",
        "name=skills",
        "q=weld",
        "name=<script>&q=weld",
        "name=skills&q=" + "x" * 500,
    ],
)
def test_short_or_bad_queries_return_nothing(page, query):
    response = page(None, f"/zoeken/vaardigheden/?{query}", **HTMX)
    assert response.status_code == 200
    assert _values(response.content.decode()) == []


def test_nace_search_by_code_and_by_word(page):
    by_code = _values(page(None, "/zoeken/nace/?name=nace&q=10.71", **HTMX).content.decode())
    assert "10.71" in by_code
    by_word = _values(page(None, "/zoeken/nace/?name=sectors&q=brood", **HTMX).content.decode())
    assert "10.71" in by_word
    assert "C" not in by_word


def test_nace_search_finds_and_shows_french_titles_on_a_french_page(page):
    html = page(None, "/fr/zoeken/nace/?name=nace&q=usinage", **HTMX).content.decode()
    assert "25.62" in _values(html)
    assert "Usinage" in html and "Verspanend" not in html


def test_search_is_get_only(client_for):
    assert client_for(None).post("/zoeken/nace/", {"q": "brood"}).status_code == 405


def test_a_long_query_without_results_says_nothing_was_found_not_type_more(page):
    html = page(None, "/zoeken/nace/?name=nace&q=xylofoonbouw", **HTMX).content.decode()
    assert "Niets gevonden voor" in html and "xylofoonbouw" in html
    assert "minstens twee letters" not in html
    english = page(None, "/en/zoeken/vaardigheden/?name=skills&q=qqqqzzzz", **HTMX)
    assert "Nothing found for “qqqqzzzz”." in english.content.decode()


def test_a_too_short_query_asks_for_two_letters(page):
    html = page(None, "/zoeken/nace/?name=nace&q=x", **HTMX).content.decode()
    assert "Typ minstens twee letters." in html
    assert "Niets gevonden" not in html


def test_the_query_is_escaped_in_the_answer(page):
    html = page(None, "/zoeken/nace/?name=nace&q=<b>zzzz</b>", **HTMX).content.decode()
    assert "<b>zzzz" not in html and "&lt;b&gt;zzzz" in html
