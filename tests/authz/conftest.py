"""The authorisation matrix seeds its world once per module (inside a transaction that is
rolled back at the end) and runs every check of a test in a savepoint of its own, so a write
that the matrix expects to succeed changes nothing for the checks that follow."""

from __future__ import annotations

import pytest
from django.db import transaction

from tests.authz.world import seed


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path_factory):
    settings.MEDIA_ROOT = tmp_path_factory.getbasetemp() / "authz-uploads"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.conf import settings

    saved = settings.MEDIA_ROOT
    settings.MEDIA_ROOT = tmp_path_factory.getbasetemp() / "authz-uploads"
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield seed()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            settings.MEDIA_ROOT = saved
