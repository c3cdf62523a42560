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


@pytest.fixture
def fresh_matching_index(settings, tmp_path):
    """A matching index of the test's own, built from the test's data on first use."""
    from marketplace.matching import store

    settings.MATCHING_INDEX_DIR = tmp_path / "matching"
    store._loaded.clear()
    store.forget_fingerprint()


@pytest.fixture
def partner(organisation):
    """An organisation that coordinated one past project ("Welding", 2021) with
    `organisation` (refs pic:1 and pic:2)."""
    import datetime

    from marketplace.models import Collaboration, Participation
    from tests.factories import OrganisationFactory

    organisation.ref = "pic:1"
    organisation.save()
    other = OrganisationFactory(name="Lasinstituut Kortrijk", ref="pic:2")
    project = Collaboration.objects.create(
        ref="p:1", title="Welding", start=datetime.date(2021, 1, 1)
    )
    Participation.objects.create(
        collaboration=project, organisation=organisation, role="coordinator"
    )
    Participation.objects.create(collaboration=project, organisation=other)
    return other
