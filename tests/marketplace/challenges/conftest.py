"""Fixtures for the challenge marketplace: the six people of every access test — the owner
(of the posting organisation), a judge, a submitter, another member of the posting
organisation, an outsider and the anonymous visitor (api(None))."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from marketplace.models.challenges import Status
from tests.marketplace.challenges.factories import make_challenge, make_judge, make_proposal, solver


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_challenge_content", verbosity=0)


@pytest.fixture(autouse=True)
def _content_back_after_flush(request, django_db_blocker):
    yield
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        with django_db_blocker.unblock():
            call_command("load_challenge_content", verbosity=0)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


@pytest.fixture(autouse=True)
def _english(settings):
    """Assertions read English messages; the nl catalogue may translate them."""
    settings.LANGUAGE_CODE = "en"


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
