from tests.collab.conftest import (  # noqa: F401
    media,
    other_room,
    room,
    room_member,
    room_observer,
    room_outsider,
    room_owner,
)
