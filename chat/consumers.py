"""The room socket: `ws/rooms/<room_id>/`.

A plain ASGI application rather than a Channels consumer: it needs no channel of its own (the
process's hub in chat/realtime.py delivers room events to it) and it handles each frame
itself — size, rate, JSON, type, fields, room, access — so that bad input gets an error event
or a close code and never touches another member's connection. Frame types and events:
chat/events.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import Awaitable, Callable
from http.cookies import CookieError, SimpleCookie
from typing import Any

from channels.db import database_sync_to_async
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header

from chat import events, messages, presence, read_state, realtime
from chat.messages import MessageNotFound
from chat.send_queue import send_queue
from chat.sending import SendRequest
from collab import access
from collab.models import room_group

logger = logging.getLogger(__name__)

FRAMES_PER_SECOND = 30  # sustained, per connection
FRAME_BURST = 60
DROPS_BEFORE_CLOSE = 30  # frames dropped within one second before the socket is closed
SYNC_DRAIN_SECONDS = 30.0  # how long a sync waits for a slow client to read its last page

Handler = Callable[[dict[str, Any]], Awaitable[None]]


def scope_language(scope: dict[str, Any]) -> str:
    """The language cookie set by the language switcher, else Accept-Language, else Dutch."""
    headers = dict(scope.get("headers") or [])
    cookies = SimpleCookie()
    with contextlib.suppress(CookieError):
        cookies.load(headers.get(b"cookie", b"").decode("latin-1"))
    chosen = cookies.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen is not None and translation.check_for_language(chosen.value):
        return translation.get_supported_language_variant(chosen.value)
    accept = headers.get(b"accept-language", b"").decode("latin-1")[:500]
    for code, _quality in parse_accept_lang_header(accept):
        if code == "*":
            break
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return str(settings.LANGUAGE_CODE)


class FrameError(Exception):
    def __init__(self, code: str, detail: str, field: str | None = None) -> None:
        super().__init__(detail)
        self.code, self.detail, self.field = code, detail, field


class AccessLost(Exception):
    """The user may no longer use this room."""


# What refuses one frame (an error event, or a close when access went); anything else that
# fails a frame is our fault.
REFUSALS = (FrameError, ValidationError, MessageNotFound, PermissionDenied, Http404, AccessLost)


class TokenBucket:
    def __init__(self, rate: float, burst: int) -> None:
        self.rate, self.burst = rate, burst
        self.tokens = float(burst)
        self.stamp = time.monotonic()

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


def _int_field(frame: dict[str, Any], name: str, *, required: bool) -> int | None:
    if name not in frame or frame[name] is None:
        if required:
            raise FrameError("missing_field", _("This field is required."), name)
        return None
    value = frame[name]
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise FrameError("invalid_field", _("Use a whole number."), name)
    return value


def _str_field(frame: dict[str, Any], name: str) -> str:
    if name not in frame:
        raise FrameError("missing_field", _("This field is required."), name)
    if not isinstance(frame[name], str):
        raise FrameError("invalid_field", _("Use text."), name)
    return str(frame[name])


def _pages(messages: list[dict[str, Any]], budget: int) -> list[list[dict[str, Any]]]:
    """Split a sync page so that no frame passes `budget` bytes: the server's websocket
    library refuses to send a frame over its message limit (and clients have limits too)."""
    pages: list[list[dict[str, Any]]] = []
    size = budget
    for message in messages:
        length = len(realtime.encode(message).encode()) + 2
        if size + length > budget and (not pages or pages[-1]):
            pages.append([])
            size = 100  # the event around the messages
        pages[-1].append(message)
        size += length
    return pages


class RoomSocket:
    """One websocket connection of one user to one room."""

    def __init__(self, scope: dict[str, Any], send: Callable[[dict[str, Any]], Awaitable[None]]):
        self.scope = scope
        self.send_raw = send
        self.user: Any = scope.get("user")
        self.room_id = int(scope["url_route"]["kwargs"]["room_id"])
        self.group = room_group(self.room_id)
        self.socket: realtime.LocalSocket | None = None
        self.presence_id: Any = None
        self.bucket = TokenBucket(FRAMES_PER_SECOND, FRAME_BURST)
        self.drop_window = 0.0
        self.drops = 0
        self.sending: set[asyncio.Task[None]] = set()
        self.accepting = True  # False once the socket is closing: later frames are ignored
        self.closing: asyncio.Future[None] | None = None
        self.handlers: dict[str, Handler] = {
            "message.send": self.on_message_send,
            "message.edit": self.on_message_edit,
            "message.delete": self.on_message_delete,
            "sync": self.on_sync,
            "read": self.on_read,
            "typing": self.on_typing,
            "ping": self.on_ping,
        }

    @classmethod
    def as_asgi(cls) -> Callable[..., Awaitable[None]]:
        async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
            await cls(scope, send).run(receive)

        return app

    async def run(self, receive: Callable[[], Awaitable[dict[str, Any]]]) -> None:
        # Errors and notices on this socket speak the reader's language.
        with translation.override(scope_language(self.scope)):
            await self._run(receive)

    async def _run(self, receive: Callable[[], Awaitable[dict[str, Any]]]) -> None:
        try:
            while True:
                message = await receive()
                kind = message.get("type")
                if kind == "websocket.connect":
                    if not await self.connect():
                        return
                elif kind == "websocket.receive":
                    await self.receive(message)
                elif kind == "websocket.disconnect":
                    return
        finally:
            await self.disconnect()

    # --- lifecycle ----------------------------------------------------------------------------

    async def connect(self) -> bool:
        opened = await database_sync_to_async(self._open)()
        if opened is None:
            # Outsiders, visitors and unknown rooms look the same: the handshake is refused.
            await self.send_raw({"type": "websocket.close", "code": events.CLOSE_REFUSED})
            return False
        last_seq, self.presence_id = opened
        await self.send_raw({"type": "websocket.accept"})
        session = self.scope.get("session")
        # Registered locally at once: live events flow as soon as the process's broker link
        # has the room, and nothing here waits for the broker (a hung Redis must not stall
        # connects; the client's sync answers from the database).
        self.socket = realtime.LocalSocket(
            group=self.group,
            user_id=self.user.pk,
            send=self.send_raw,
            floor=last_seq,
            buffered=self.scope.get("send_backlog"),
            resync_text=realtime.encode(events.sync_required(self.room_id)),
            meta={
                "room": self.room_id,
                "presence": self.presence_id,
                "session": None
                if self.scope.get("auth_token")
                else getattr(session, "session_key", None),
                "token": self.scope.get("auth_token"),
            },
        )
        realtime.hub().join(self.socket)
        await realtime.broadcast(self.group, events.presence(self.room_id, self.user, True))
        return True

    def _open(self) -> tuple[int, Any] | None:
        try:
            member = access.membership(self.user, self.room_id)
        except Http404:
            return None
        return member.room.last_seq, presence.presence_open(
            room_id=self.room_id, user_id=self.user.pk
        )

    async def disconnect(self) -> None:
        if self.sending:  # sends already queued are stored even if the client went away
            await asyncio.gather(*self.sending, return_exceptions=True)
        if self.closing is not None:
            await asyncio.gather(self.closing, return_exceptions=True)
        if self.socket is None:
            return
        socket, self.socket = self.socket, None
        realtime.hub().leave(socket)
        gone = await database_sync_to_async(presence.presence_close)(
            presence_id=self.presence_id, room_id=self.room_id, user_id=self.user.pk
        )
        if gone:
            await realtime.broadcast(self.group, events.presence(self.room_id, self.user, False))

    async def close(self, code: int) -> None:
        """Close after the sends already taken have finished — each gets its ack or error
        first — and ignore every frame from now on."""
        self.accepting = False
        pending = [task for task in self.sending if task is not asyncio.current_task()]
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)
        if self.socket is not None and not self.socket.closed:
            await realtime.hub().close_socket(self.socket, code)

    async def emit(self, event: dict[str, Any]) -> None:
        if self.socket is not None and not self.socket.closed:
            await self.send_raw({"type": "websocket.send", "text": realtime.encode(event)})

    # --- frames -------------------------------------------------------------------------------

    def _rate_ok(self) -> bool | None:
        """True: go on; False: drop with an error; None: drop silently (already told)."""
        if self.bucket.take():
            return True
        now = time.monotonic()
        if now - self.drop_window > 1.0:
            self.drop_window, self.drops = now, 0
        self.drops += 1
        return False if self.drops == 1 else None

    async def receive(self, message: dict[str, Any]) -> None:
        if self.socket is None or self.socket.closed or not self.accepting:
            return
        text = message.get("text")
        if text is None:
            await self.emit(events.error("binary_frame", _("Send JSON text frames.")))
            return
        limit = settings.WEBSOCKET_MAX_MESSAGE_BYTES
        if len(text) * 4 > limit and len(text.encode("utf-8")) > limit:
            await self.emit(
                events.error(
                    "frame_too_large",
                    _("Frames can be at most %(bytes)d bytes.") % {"bytes": limit},
                )
            )
            await self.close(events.CLOSE_TOO_BIG)
            return
        verdict = self._rate_ok()
        if verdict is not True:
            if verdict is False:
                await self.emit(events.error("rate_limited", _("Too many frames; slow down.")))
            if self.drops > DROPS_BEFORE_CLOSE:
                await self.close(events.CLOSE_FLOODING)
            return
        client_id = None
        try:
            try:
                frame = json.loads(text)
            except ValueError:
                raise FrameError("invalid_json", _("This frame is not valid JSON.")) from None
            if not isinstance(frame, dict) or not isinstance(frame.get("type"), str):
                raise FrameError("invalid_frame", _("Send an object with a type."))
            if isinstance(frame.get("client_id"), str):
                client_id = frame["client_id"]
            if "room" in frame and str(frame["room"]) != str(self.room_id):
                raise FrameError("wrong_room", _("This socket belongs to another room."), "room")
            handler = self.handlers.get(frame["type"])
            if handler is None:
                raise FrameError("unknown_type", _("Unknown frame type."), "type")
            await handler(frame)
        except Exception as exc:
            await self.refuse(exc, client_id)

    async def refuse(self, exc: Exception, client_id: str | None) -> None:
        """Tell the client why a frame was refused (or close the socket when access went):
        the one mapping from refusals to error events."""
        if isinstance(exc, FrameError):
            await self.emit(
                events.error(exc.code, exc.detail, client_id=client_id, field=exc.field)
            )
        elif isinstance(exc, ValidationError):
            await self.emit(self._validation_error(exc, client_id))
        elif isinstance(exc, MessageNotFound):
            await self.emit(events.error("not_found", _("No such message."), client_id=client_id))
        elif isinstance(exc, PermissionDenied):
            await self.emit(
                events.error("forbidden", _("Your role does not allow this."), client_id=client_id)
            )
        elif isinstance(exc, (Http404, AccessLost)):
            await self.close(events.CLOSE_ACCESS_REVOKED)
        else:
            logger.error("room socket frame failed", exc_info=exc)
            await self.emit(
                events.error("server_error", _("Something went wrong."), client_id=client_id)
            )

    @staticmethod
    def _validation_error(exc: ValidationError, client_id: str | None) -> dict[str, Any]:
        field, text = None, _("Invalid input.")
        if hasattr(exc, "error_dict"):
            field = next(iter(exc.error_dict))
            errors = exc.error_dict[field]
            text = str(errors[0].messages[0]) if errors else text
            code = (
                "body_too_long" if errors and errors[0].code == "body_too_long" else "invalid_field"
            )
        else:
            text, code = str(exc.messages[0]), "invalid_field"
        return events.error(code, text, client_id=client_id, field=field)

    # --- handlers -----------------------------------------------------------------------------

    async def on_message_send(self, frame: dict[str, Any]) -> None:
        client_id = _str_field(frame, "client_id")
        body = _str_field(frame, "body")
        thread = _int_field(frame, "thread", required=False)
        # Pipelined: the next frame is read while this send waits for its batch to commit.
        # Sends of one connection join the queue in order, so their seqs keep that order.
        request = SendRequest(self.user, self.room_id, client_id, body, thread, stream=self)
        task = asyncio.ensure_future(self._send(request, client_id))
        self.sending.add(task)
        task.add_done_callback(self.sending.discard)

    async def _send(self, request: SendRequest, client_id: str) -> None:
        try:
            result = await send_queue().send(request)
        except REFUSALS as exc:
            await self.refuse(exc, client_id)
        except Exception as exc:
            # Not stored (the database failed…), and neither is anything this socket sent
            # after it (the queue refuses those too): storing later messages now would put
            # them before this one. The socket closes; its client reconnects, syncs and sends
            # what was not acknowledged again, in order.
            self.accepting = False
            await self.refuse(exc, client_id)
            self.closing = asyncio.ensure_future(self.close(events.CLOSE_SERVER_ERROR))
        else:
            await self.emit(result.ack)

    async def on_message_edit(self, frame: dict[str, Any]) -> None:
        message_id = _int_field(frame, "id", required=True)
        body = _str_field(frame, "body")
        await database_sync_to_async(messages.message_edit)(
            user=self.user, room_id=self.room_id, message_id=message_id, body=body
        )

    async def on_message_delete(self, frame: dict[str, Any]) -> None:
        message_id = _int_field(frame, "id", required=True)
        await database_sync_to_async(messages.message_delete)(
            user=self.user, room_id=self.room_id, message_id=message_id
        )

    async def on_sync(self, frame: dict[str, Any]) -> None:
        after = _int_field(frame, "after_seq", required=True)
        assert after is not None
        while True:
            if not await self._reader_keeps_up():
                return
            try:
                page, complete_to = await database_sync_to_async(messages.messages_after)(
                    user=self.user, room_id=self.room_id, after_seq=after
                )
            except REFUSALS:
                raise
            except Exception:
                logger.exception("room sync failed")
                raise FrameError("sync_failed", _("The sync failed; send it again.")) from None
            for part in _pages(page, settings.WEBSOCKET_MAX_MESSAGE_BYTES):
                await self.emit(events.sync_page(self.room_id, part))
            after = complete_to
            if len(page) < messages.SYNC_PAGE_SIZE:
                break
        await self.emit(events.sync_done(self.room_id, after))

    async def _reader_keeps_up(self) -> bool:
        """Wait (a while) until the client has read most of what was sent, so that a long
        sync does not pile pages up in the server; close the socket if it never does."""
        backlog = self.socket.buffered if self.socket is not None else None
        if backlog is None:
            return True
        limit = settings.WEBSOCKET_MAX_BUFFER_BYTES // 2
        loop = asyncio.get_running_loop()
        deadline = loop.time() + SYNC_DRAIN_SECONDS
        while backlog() > limit:
            if loop.time() > deadline or self.socket is None or self.socket.closed:
                await self.close(events.CLOSE_SLOW_READER)
                return False
            await asyncio.sleep(0.05)
        return True

    async def on_read(self, frame: dict[str, Any]) -> None:
        seq = _int_field(frame, "seq", required=True)
        thread = _int_field(frame, "thread", required=False)
        await database_sync_to_async(read_state.read_mark)(
            user=self.user, room_id=self.room_id, seq=seq, thread_id=thread
        )

    async def on_typing(self, frame: dict[str, Any]) -> None:
        thread = _int_field(frame, "thread", required=False)
        member = await database_sync_to_async(access.membership)(self.user, self.room_id)
        if not member.can_contribute:
            raise PermissionDenied
        await realtime.broadcast(self.group, events.typing(self.room_id, self.user, thread))

    async def on_ping(self, frame: dict[str, Any]) -> None:
        await database_sync_to_async(access.membership)(self.user, self.room_id)
        await self.emit({"type": "pong"})
