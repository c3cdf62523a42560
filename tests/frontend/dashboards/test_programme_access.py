"""Who sees the programme dashboard and its CSV exports: members of intermediaries,
knowledge centres and public bodies, and staff. To everyone else it does not exist (404)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

URL = "/en/dashboards/programme/"
CSV = "/en/dashboards/programme/regions.csv"


@pytest.mark.parametrize("who", ["advisor", "knowledge_centre", "public_body", "staff"])
def test_programme_people_see_the_dashboard(page, programme, who):
    response = page(programme["people"][who], URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Programme dashboard" in html
    assert html.count('<svg class="chart') >= 5  # charts, not only tables
    assert page(programme["people"][who], CSV).status_code == 200


@pytest.mark.parametrize("who", ["owner", "member", "outsider", "anonymous"])
def test_everyone_else_gets_404(page, programme, who):
    assert page(programme["people"][who], URL).status_code == 404
    assert page(programme["people"][who], CSV).status_code == 404
    assert page(programme["people"][who], "/dashboards/programme/").status_code == 404


def test_the_link_is_shown_to_programme_people_only(page, programme):
    advisor_html = page(programme["people"]["advisor"], "/en/challenges/").content.decode()
    assert 'href="/en/dashboards/programme/"' in advisor_html
    owner_html = page(programme["people"]["owner"], "/en/challenges/").content.decode()
    assert "/dashboards/programme/" not in owner_html


@pytest.mark.parametrize(
    ("prefix", "title", "too_few"),
    [
        ("", "Programmadashboard", "te weinig om te tonen"),
        ("/en", "Programme dashboard", "too few to show"),
        ("/fr", "Tableau de bord du programme", "trop peu pour être affiché"),
    ],
)
def test_in_three_languages(page, programme, prefix, title, too_few):
    html = page(programme["people"]["advisor"], f"{prefix}/dashboards/programme/").content.decode()
    assert f"<h1>{title}</h1>" in html
    # West Flanders has three firms: its bar is too few to show, in the reader's language.
    assert too_few in html
    assert "Welding cell" not in html
