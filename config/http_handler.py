"""Django's ASGI handler, with the middleware chain and the view in one call on a reused thread.

Under ASGI, Django builds an async middleware chain. Our middleware are Django's own
(``MiddlewareMixin``): in that chain each runs ``process_request`` and ``process_response`` in a
worker thread (``sync_to_async``), so a request went back and forth between the event loop and
a thread some sixteen times. And each request got a new thread, whose first numpy call pays
for setting up its BLAS buffers (about 1 ms a partner request, measured). This handler

- builds the chain as under WSGI, all synchronous, and runs it with the view in one call;
- gives each request a thread from a pool of single-thread executors (one request at a time
  each, as Django's thread-sensitive mode requires), instead of starting one per request.

The event loop keeps the HTTP protocol: reading the body and streaming the response.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from asgiref.sync import ThreadSensitiveContext, sync_to_async
from django.core.handlers.asgi import ASGIHandler

IDLE_THREADS = 32  # request threads kept for reuse; more are closed after a burst


class OneHopASGIHandler(ASGIHandler):
    def __init__(self) -> None:
        super().__init__()
        self._idle: list[ThreadPoolExecutor] = []  # touched by the event loop only

    def load_middleware(self, is_async: bool = False) -> None:
        super().load_middleware(is_async=False)
        chain: Any = getattr(self, "_middleware_chain")  # noqa: B009 (set by Django)
        in_thread = sync_to_async(chain, thread_sensitive=True)

        async def run(request: Any) -> Any:
            # When the client goes away, Django cancels the request's task, but the chain
            # still finishes in its thread: its response is then closed here (a static file's
            # handle used to stay open until the garbage collector found it).
            task = asyncio.ensure_future(in_thread(request))
            try:
                return await asyncio.shield(task)
            except asyncio.CancelledError:
                task.add_done_callback(_close_abandoned)
                raise

        self._middleware_chain = run

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)  # Django says what it cannot serve
            return
        executor = self._idle.pop() if self._idle else ThreadPoolExecutor(1, "request")
        try:
            # Django's own (inner) ThreadSensitiveContext then runs in this one.
            async with ThreadSensitiveContext(executor=executor):
                await super().__call__(scope, receive, send)
        finally:
            if len(self._idle) < IDLE_THREADS:
                self._idle.append(executor)
            else:
                _close(executor, wait=False)  # on the event loop: never wait here

    def close_threads(self) -> None:
        """Close the idle request threads' database connections and end the threads."""
        while self._idle:
            _close(self._idle.pop(), wait=True)


def _close(executor: ThreadPoolExecutor, wait: bool) -> None:
    """End a request thread, closing its database connections first (a thread that ends
    with one open leaves the server a session until the garbage collector finds it)."""
    from django.db import connections

    executor.submit(connections.close_all)
    executor.shutdown(wait=wait)


def _close_abandoned(task: asyncio.Future[Any]) -> None:
    """Close the response of a request whose client left before it was ready."""
    if not task.cancelled() and task.exception() is None:
        task.result().close()
