"""Fixtures for the challenge pages: the six people of every access test — the owner (of the
posting organisation), a judge, a submitter, another member of the posting organisation, an
outsider and the anonymous visitor (None) — built through the services."""

from __future__ import annotations

import pytest

from marketplace.models.challenges import Status
from tests.marketplace.challenges.factories import make_challenge, make_judge, make_proposal, solver

MARKER = "ZZCONFIDENTIALMARKERZZ"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


@pytest.fixture(autouse=True)
def _matching_index_in_tmp(matching_index_in_tmp):
    """Every test here gets a matching index of its own (tests/conftest.py)."""


@pytest.fixture
def challenge(owner, organisation):
    """An open, public challenge whose confidential detail carries the marker."""
    return make_challenge(
        owner, organisation, Status.OPEN, confidential_detail=f"Drawings {MARKER} hourly cost."
    )


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
    return {
        "owner": owner,
        "judge": judge,
        "submitter": submitter,
        "member": member,
        "outsider": outsider,
        "anonymous": None,
    }


ROLES = ["owner", "judge", "submitter", "member", "outsider", "anonymous"]
