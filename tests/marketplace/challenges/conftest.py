"""Fixtures for the challenge marketplace: the six people of every access test — the owner
(of the posting organisation), a judge, a submitter, another member of the posting
organisation, an outsider and the anonymous visitor (api(None))."""

from __future__ import annotations

import pytest

from marketplace.models.challenges import Status
from tests.marketplace.challenges.factories import make_challenge, make_judge, make_proposal, solver


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


@pytest.fixture(autouse=True)
def _english(settings):
    """Assertions read English messages; the nl catalogue may translate them."""
    from django.urls import clear_url_caches

    # The URL resolver caches reversed URLs per language with the prefix of that moment;
    # a changed default language needs fresh caches, before and after.
    clear_url_caches()
    settings.LANGUAGE_CODE = "en"
    yield
    clear_url_caches()


@pytest.fixture
def challenge(owner, organisation):
    """An open, public challenge with a confidential detail."""
    return make_challenge(owner, organisation, Status.OPEN)


@pytest.fixture
def submitter_and_org(db):
    return solver()


@pytest.fixture
def submitter(submitter_and_org):
    return submitter_and_org[0]


@pytest.fixture
def proposal(submitter, challenge):
    return make_proposal(submitter, challenge)


@pytest.fixture
def judge(owner, challenge):
    return make_judge(owner, challenge)


@pytest.fixture
def people(owner, judge, submitter, member, outsider):
    """Who is who, for parametrised access tests."""
    return {
        "owner": owner,
        "judge": judge,
        "submitter": submitter,
        "member": member,
        "outsider": outsider,
        "anonymous": None,
    }


ROLES = ["owner", "judge", "submitter", "member", "outsider", "anonymous"]
