"""Helpers for page tests: clients for each of the three people (and a visitor), and checks
that every page a test fetches keeps to the content-security policy."""

from __future__ import annotations

import re

import pytest
from django.test import Client

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)


def assert_csp_clean(html: str) -> None:
    """No inline script, no style element and no style attribute: the CSP would block them."""
    for attributes in SCRIPT_TAG.findall(html):
        if 'type="application/json"' in attributes:
            continue  # data for a script, never executed
        assert "src=" in attributes, f"inline <script{attributes}> in the page"
    assert "<style" not in html.lower()
    assert not re.search(r"\sstyle\s*=", html, re.IGNORECASE)
    assert not re.search(r"\son[a-z]+\s*=\s*[\"']", html), "inline event handler in the page"


@pytest.fixture
def client_for():
    """client_for(user) is a browser signed in as user; client_for(None) a visitor."""

    def _client(user) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return _client


@pytest.fixture
def page(client_for):
    """page(user, url) fetches a page as user and checks it against the CSP."""

    def _get(user, url: str, **kwargs):
        response = client_for(user).get(url, **kwargs)
        if response.get("Content-Type", "").startswith("text/html"):
            assert_csp_clean(response.content.decode())
        return response

    return _get
