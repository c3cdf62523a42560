"""Room fixtures: the owner, a member, an observer and an outsider of one project room."""

from __future__ import annotations

import pytest

from collab.models import MemberRole
from collab.services.rooms import room_create
from tests.factories import UserFactory


@pytest.fixture
def room_owner(db):
    return UserFactory(email="owner@vermeulen.example", first_name="Olga", last_name="Owner")


@pytest.fixture
def room_member(db):
    return UserFactory(email="mia.member@ugent.example", first_name="Mia", last_name="Member")


@pytest.fixture
def room_observer(db):
    return UserFactory(email="obi@vlaio.example", first_name="Obi", last_name="Observer")


@pytest.fixture
def room_outsider(db):
    return UserFactory(email="otto@elsewhere.example", first_name="Otto", last_name="Outsider")


@pytest.fixture
def room(room_owner, room_member, room_observer):
    return room_create(
        name="Vision inspection retrofit",
        created_by=room_owner,
        members=[(room_member, MemberRole.MEMBER), (room_observer, MemberRole.OBSERVER)],
    )


@pytest.fixture
def other_room(room_outsider):
    """A room of the outsider, to prove nothing crosses between rooms."""
    return room_create(name="Another project", created_by=room_outsider)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return settings.MEDIA_ROOT
