"""The authorisation matrix through the room websocket: every role tries to open each room's
socket, by session cookie and by token; members connect, everybody else is refused at the
handshake with the one refusal code (4404) that does not tell an outsider the room exists."""

from __future__ import annotations

import pytest
from channels.testing import WebsocketCommunicator

from chat import events
from config.asgi import application
from tests.authz.matrix import SOCKET_ROWS
from tests.authz.world import ROLES, seed
from tests.chat.sockets import ORIGIN, scenario, session_cookie, token_for

pytestmark = pytest.mark.django_db(transaction=True)


def test_room_sockets(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    world = seed()
    credentials = {
        role: (session_cookie(user), token_for(user)) if user is not None else (None, None)
        for role, user in world.users.items()
    }
    mismatches: list[str] = []
    checks = 0

    async def run(sockets):
        nonlocal checks
        for row in SOCKET_ROWS:
            room_id = world.pk(row.room)
            for role in ROLES:
                session, token = credentials[role]
                attempts = [("session", [(b"origin", ORIGIN)])]
                if session is not None:
                    attempts[0][1].append((b"cookie", f"sessionid={session}".encode()))
                if token is not None:
                    attempts.append(("token", [(b"authorization", f"Token {token}".encode())]))
                for how, headers in attempts:
                    checks += 1
                    communicator = WebsocketCommunicator(
                        application, f"/ws/rooms/{room_id}/", headers
                    )
                    connected, code = await communicator.connect(timeout=5)
                    allowed = role in row.allow
                    if connected != allowed:
                        mismatches.append(
                            f"{role} / {row.room} socket by {how}: expected "
                            f"{'connect' if allowed else 'refusal'}, got "
                            f"{'connect' if connected else 'refusal'}"
                        )
                    elif not connected and code != events.CLOSE_REFUSED:
                        mismatches.append(
                            f"{role} / {row.room} socket by {how}: close code {code}, "
                            f"expected {events.CLOSE_REFUSED}"
                        )
                    if connected:
                        await communicator.disconnect()

    scenario(run)
    print(
        f"authorisation matrix (socket): {checks} checks run, "
        f"{sum('expected refusal' in m for m in mismatches)} unexpected allows, "
        f"{sum('expected connect' in m for m in mismatches)} unexpected denials"
    )
    assert not mismatches, "\n".join(mismatches)
