"""The ASGI handler Daphne serves HTTP with (config/http_handler.py): the middleware and the
view run in one call on one thread, and a request reuses the thread of an earlier one."""

from __future__ import annotations

import threading

import pytest
from asgiref.sync import async_to_sync
from channels.testing import HttpCommunicator
from rest_framework.views import APIView

from config import time_zone
from config.http_handler import OneHopASGIHandler

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def handler():
    handler = OneHopASGIHandler()
    yield handler
    handler.close_threads()  # their database sessions end before the test database does


def _get(handler: OneHopASGIHandler, path: str, **headers: str) -> dict:
    raw = [(b"host", b"testserver")]
    raw += [(name.encode(), value.encode()) for name, value in headers.items()]
    return async_to_sync(HttpCommunicator(handler, "GET", path, headers=raw).get_response)()


def test_middleware_and_view_share_one_thread_that_the_next_request_reuses(handler, monkeypatch):
    seen: list[tuple[str, int]] = []
    zone_of, initial = time_zone.zone_of, APIView.initial

    def middleware_zone(user):
        seen.append(("middleware", threading.get_ident()))
        return zone_of(user)

    def view_initial(self, request, *args, **kwargs):
        seen.append(("view", threading.get_ident()))
        return initial(self, request, *args, **kwargs)

    monkeypatch.setattr(time_zone, "zone_of", middleware_zone)
    monkeypatch.setattr(APIView, "initial", view_initial)
    for _ in range(2):
        response = _get(handler, "/api/v1/challenges/", **{"accept-language": "fr"})
        assert response["status"] == 200
        headers = dict(response["headers"])
        assert headers[b"Content-Language"] == b"fr"  # the middleware ran
        assert b"Content-Security-Policy" in headers
    assert [step for step, _thread in seen] == ["middleware", "view"] * 2
    threads = {thread for _step, thread in seen}
    assert len(threads) == 1  # one thread for both requests, middleware and view
    assert threads != {threading.get_ident()}  # not the caller's: the event loop stays free


def test_an_unknown_path_and_a_server_error_are_answered_as_by_django(handler, monkeypatch):
    assert _get(handler, "/api/no-such-endpoint/")["status"] == 404

    def broken(self, request, *args, **kwargs):
        raise RuntimeError("a bug in a view")

    monkeypatch.setattr(APIView, "initial", broken)
    response = _get(handler, "/api/v1/challenges/")
    assert response["status"] == 500
    assert b"a bug in a view" not in response["body"]


def test_threads_beyond_the_idle_pool_end_with_their_connections_closed(handler, monkeypatch):
    """After a burst, request threads beyond IDLE_THREADS are not kept: each first closes its
    database connections, then ends."""
    import time

    from django.db import connections

    from config import http_handler

    monkeypatch.setattr(http_handler, "IDLE_THREADS", 0)
    closed_in: list[int] = []
    close_all = connections.close_all

    def recording_close_all():
        closed_in.append(threading.get_ident())
        close_all()

    monkeypatch.setattr(connections, "close_all", recording_close_all)
    assert _get(handler, "/api/v1/challenges/")["status"] == 200
    assert handler._idle == []
    waited = 0.0
    while not closed_in and waited < 5:  # the thread closes them after the answer went out
        time.sleep(0.05)
        waited += 0.05
    assert closed_in and closed_in[0] != threading.get_ident()


def test_a_response_made_after_the_client_left_is_closed(handler, monkeypatch):
    """A browser that navigates on cancels its requests (a favicon, say). Django then stops
    waiting, but the response is still made in its thread: it must be closed, not left with an
    open file until the garbage collector finds it."""
    import asyncio
    import time

    from asgiref.testing import ApplicationCommunicator

    made = []
    initial = APIView.initial

    def slow_initial(self, request, *args, **kwargs):
        time.sleep(0.3)  # the client leaves meanwhile
        return initial(self, request, *args, **kwargs)

    monkeypatch.setattr(APIView, "initial", slow_initial)
    finalize = APIView.finalize_response

    def recording_finalize(self, request, response, *args, **kwargs):
        made.append(finalize(self, request, response, *args, **kwargs))
        return made[-1]

    monkeypatch.setattr(APIView, "finalize_response", recording_finalize)
    scope = {
        "type": "http",
        "method": "GET",
        "path": "/api/v1/challenges/",
        "query_string": b"",
        "headers": [(b"host", b"testserver")],
    }

    async def leave_early():
        app = ApplicationCommunicator(handler, scope)
        await app.send_input({"type": "http.request", "body": b"", "more_body": False})
        await asyncio.sleep(0.05)
        await app.send_input({"type": "http.disconnect"})
        await app.wait(timeout=5)
        for _ in range(100):  # the thread finishes after the client left
            if made and made[0].closed:
                break
            await asyncio.sleep(0.02)

    async_to_sync(leave_early)()
    assert made and made[0].closed
