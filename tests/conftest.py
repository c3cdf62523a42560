"""Shared fixtures: the three people of every access test — an owner, a member and an
outsider — plus API clients for each."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation
from rest_framework.test import APIClient

from marketplace.models.organisations import Role
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory


def load_reference_data() -> None:
    """What every database of the product has: taxonomies and the challenge content (NDA
    terms, guides, starter kits, funding rules, good practices)."""
    call_command("load_taxonomies", verbosity=0)
    call_command("load_challenge_content", verbosity=0)


@pytest.fixture(scope="session", autouse=True)
def _matching_index_dir_removed():
    """Each test process keeps its matching indexes in a temporary directory of its own
    (settings.MATCHING_INDEX_DIR); remove it when the process's tests are done."""
    yield
    from django.conf import settings

    path = Path(settings.MATCHING_INDEX_DIR)
    if path.parent == Path(tempfile.gettempdir()) and path.name.startswith("kruispunt-matching-"):
        shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_reference_data()


def _flushes(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    return (marker is not None and bool(marker.kwargs.get("transaction"))) or bool(
        {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ()))
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Transactional tests end with a flush that empties the reference tables; reload them so
    the tests that follow find NACE codes, regions, skills and NDA terms again. A hook, not a
    fixture: pytest-django's flush is the teardown of an autouse fixture of the plugin, which
    runs after every teardown of ours (a fixture reloaded first, and the flush emptied it)."""
    flushed = _flushes(item)
    result = yield
    if flushed and nextitem is not None:  # after the last test the database is gone
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            load_reference_data()
    return result


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """A page request activates its language in this thread; the next test starts from the
    default again."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _rate_limits_out_of_the_way(settings):
    """Throttle counts live in the cache and outlast a test: the suite's many proposals,
    uploads and invitations from one address and a few accounts would trip the limits. They
    are tested with their real values in tests/test_rate_limits.py (and the token endpoint's
    per-address limit, which tests give an address of their own, stays real)."""
    settings.RATE_LIMITS = {
        name: rate if name == "token-ip" else "100000/min"
        for name, rate in settings.RATE_LIMITS.items()
    }


@pytest.fixture
def matching_index_in_tmp(settings, tmp_path):
    """A matching index of the test's own, so suggestions are built from its world only."""
    from marketplace.matching import store

    settings.MATCHING_INDEX_DIR = tmp_path / "matching"
    store._loaded.clear()
    store.forget_fingerprint()
    yield
    store._loaded.clear()
    store.forget_fingerprint()


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Houtatelier Vermeulen", enterprise_number="0417.497.106")


@pytest.fixture
def owner(organisation):
    return MembershipFactory(organisation=organisation, role=Role.OWNER).user


@pytest.fixture
def admin_member(organisation):
    return MembershipFactory(organisation=organisation, role=Role.ADMIN).user


@pytest.fixture
def member(organisation):
    return MembershipFactory(organisation=organisation, role=Role.MEMBER).user


@pytest.fixture
def outsider(db):
    return UserFactory()


def _client_for(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def api():
    """An API client factory: api(user) or api(None) for an anonymous visitor."""
    return _client_for
