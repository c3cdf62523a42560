"""Every server→client event of a room socket, with its JSON Schema — the one reference for
client authors. Tests validate each event type the server sends against SCHEMAS.

Client→server frames (documented here too, handled in chat/consumers.py):

    {"type": "message.send", "client_id": "<uuid>", "body": "…", "thread": 12}   thread optional
    {"type": "message.edit", "id": 31, "body": "…"}
    {"type": "message.delete", "id": 31}
    {"type": "sync", "after_seq": 17}
    {"type": "read", "seq": 40, "thread": 12}                                      thread optional
    {"type": "typing", "thread": 12}                                               thread optional
    {"type": "ping"}

Any frame may carry "room"; it must be the socket's room.
"""

from __future__ import annotations

from typing import Any

from chat.models import Message
from chat.realtime import CLOSE_REVOKED, CLOSE_SLOW
from collab.payloads import user_data

ERROR_CODES = [
    "invalid_json",  # the frame is not JSON
    "invalid_frame",  # JSON, but not an object with a string "type"
    "unknown_type",
    "missing_field",
    "invalid_field",
    "wrong_room",  # the frame names another room than the socket's
    "frame_too_large",  # followed by close 4413
    "binary_frame",
    "body_too_long",
    "rate_limited",  # frames dropped; a client that keeps flooding is closed with 4429
    "forbidden",  # e.g. an observer sending a message
    "not_found",  # the message or thread does not exist in this room
    "sync_failed",  # the sync could not be answered (our fault, logged): send it again
    "server_error",  # our fault, logged; after a failed message.send the socket closes (4500)
]

# Close codes after the handshake (docs/close-codes.md). Daphne sends only 1000 and
# 3000–4999: a protocol code such as 1008 is refused and the socket would stay open.
CLOSE_ACCESS_REVOKED = CLOSE_REVOKED  # 4403: removed, NDA withdrawn, logged out, deactivated
CLOSE_REFUSED = 4404  # the handshake: not a member, no such room, not signed in
CLOSE_TOO_BIG = 4413  # a frame over WEBSOCKET_MAX_MESSAGE_BYTES
CLOSE_FLOODING = 4429  # still flooding after the rate_limited error
CLOSE_SERVER_ERROR = 4500  # a message could not be stored: reconnect, sync, resend in order
CLOSE_SLOW_READER = CLOSE_SLOW  # 4507: the server's buffer for this socket was full

_INT = {"type": "integer", "minimum": 0}
_STR = {"type": "string"}
_DATE = {"type": ["string", "null"]}
_NULLABLE_INT = {"type": ["integer", "null"]}


def _obj(properties: dict[str, Any], optional: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": [key for key in properties if key not in optional],
        "additionalProperties": False,
    }


USER = _obj({"id": _INT, "name": _STR})
NULLABLE_USER = {"anyOf": [USER, {"type": "null"}]}
MESSAGE = _obj(
    {
        "id": _INT,
        "seq": _INT,
        "room": _INT,
        "thread": _NULLABLE_INT,
        "sender": NULLABLE_USER,
        "body": _STR,
        "created_at": _STR,
        "edited_at": _DATE,
        "deleted": {"type": "boolean"},
        "mentions": {"type": "array", "items": _INT},
    }
)
ROOM = _obj(
    {
        "id": _INT,
        "name": _STR,
        "description": _STR,
        "source_kind": _STR,
        "source_id": _STR,
        "history_visibility": {"enum": ["full", "since_join"]},
        "last_seq": _INT,
        "created_at": _STR,
    }
)
MEMBER = _obj({"user": USER, "role": {"enum": ["owner", "member", "observer"]}, "joined_at": _STR})
_STATUS = {"enum": ["planned", "in_progress", "done", "cancelled"]}
DELIVERABLE = _obj(
    {
        "id": _INT,
        "milestone": _INT,
        "title": _STR,
        "due_date": _DATE,
        "status": _STATUS,
        "file": _NULLABLE_INT,
    }
)
MILESTONE = _obj(
    {
        "id": _INT,
        "title": _STR,
        "description": _STR,
        "due_date": _DATE,
        "status": _STATUS,
        "position": _INT,
        "deliverables": {"type": "array", "items": DELIVERABLE},
    }
)
COLUMN = _obj({"id": _INT, "name": _STR, "position": _INT})
CARD = _obj(
    {
        "id": _INT,
        "column": _INT,
        "title": _STR,
        "description": _STR,
        "assignees": {"type": "array", "items": USER},
        "due_date": _DATE,
        "position": _INT,
        "comment_count": _INT,
        "updated_at": _STR,
    }
)
FILE = _obj(
    {
        "id": _INT,
        "name": _STR,
        "size": _INT,
        "content_type": _STR,
        "uploaded_by": NULLABLE_USER,
        "created_at": _STR,
        "download_url": _STR,
    }
)
THREAD = _obj(
    {
        "id": _INT,
        "title": _STR,
        "resolved": {"type": "boolean"},
        "resolved_at": _DATE,
        "resolved_by": NULLABLE_USER,
        "created_by": NULLABLE_USER,
        "created_at": _STR,
    }
)
ACTIVITY = _obj(
    {"id": _INT, "actor": NULLABLE_USER, "verb": _STR, "text": _STR, "created_at": _STR}
)


def _event(
    name: str, properties: dict[str, Any], *, room: bool = True, optional: tuple[str, ...] = ()
) -> tuple[str, dict[str, Any]]:
    fields: dict[str, Any] = {"type": {"const": name}}
    if room:
        fields["room"] = _INT
    fields.update(properties)
    return name, _obj(fields, optional)


SCHEMAS: dict[str, dict[str, Any]] = dict(
    [
        # Chat (delivery contract, DESIGN.md)
        _event("message.ack", {"client_id": _STR, "id": _INT, "seq": _INT}, room=False),
        _event("message.created", {"seq": _INT, "message": MESSAGE}),
        _event("message.updated", {"seq": _INT, "message": MESSAGE}),
        _event("message.deleted", {"seq": _INT, "id": _INT}),
        _event("sync.page", {"messages": {"type": "array", "items": MESSAGE}}),
        _event("sync.done", {"last_seq": _INT}),
        # The server may have missed a doorbell (Redis restarted): send "sync" now.
        _event("sync.required", {}),
        _event("read.updated", {"user": USER, "thread": _NULLABLE_INT, "seq": _INT}),
        # Ephemeral: never stored, never replayed.
        _event("typing", {"user": USER, "thread": _NULLABLE_INT}),
        _event("presence", {"user": USER, "online": {"type": "boolean"}}),
        _event("pong", {}, room=False),
        _event(
            "error",
            {
                "code": {"enum": ERROR_CODES},
                "detail": _STR,
                "client_id": _STR,
                "field": _STR,
            },
            room=False,
            optional=("client_id", "field"),
        ),
        # Room contents (collab), same mechanism
        _event("room.updated", {"data": ROOM}),
        _event("member.added", {"member": MEMBER}),
        _event("member.updated", {"member": MEMBER}),
        _event("member.removed", {"user": USER}),
        _event("milestone.saved", {"milestone": MILESTONE}),
        _event("milestone.deleted", {"id": _INT}),
        _event("deliverable.saved", {"deliverable": DELIVERABLE}),
        _event("deliverable.deleted", {"id": _INT, "milestone": _INT}),
        _event("column.saved", {"column": COLUMN}),
        _event("column.deleted", {"id": _INT}),
        _event("card.saved", {"card": CARD}),
        _event("card.deleted", {"id": _INT}),
        _event("file.added", {"file": FILE}),
        _event("file.deleted", {"id": _INT}),
        _event("thread.saved", {"thread": THREAD}),
        _event("activity.created", {"activity": ACTIVITY}),
    ]
)


def message_data(message: Message, mentions: list[int] | None = None) -> dict[str, Any]:
    """A message as clients see it. A deleted message keeps its seq, loses its body."""
    if mentions is None:
        mentions = sorted(mention.user_id for mention in message.mentions.all())
    return {
        "id": message.pk,
        "seq": message.seq,
        "room": message.room_id,
        "thread": message.thread_id,
        "sender": user_data(message.sender),
        "body": "" if message.deleted else message.body,
        "created_at": message.created_at.isoformat(),
        "edited_at": message.edited_at.isoformat() if message.edited_at else None,
        "deleted": message.deleted,
        "mentions": [] if message.deleted else mentions,
    }


def ack(client_id: str, message_id: int, seq: int) -> dict[str, Any]:
    return {"type": "message.ack", "client_id": client_id, "id": message_id, "seq": seq}


def message_created(message: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "message.created",
        "room": message["room"],
        "seq": message["seq"],
        "message": message,
    }


def message_updated(message: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "message.updated",
        "room": message["room"],
        "seq": message["seq"],
        "message": message,
    }


def message_deleted(room_id: int, seq: int, message_id: int) -> dict[str, Any]:
    return {"type": "message.deleted", "room": room_id, "seq": seq, "id": message_id}


def sync_page(room_id: int, messages: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "sync.page", "room": room_id, "messages": messages}


def sync_done(room_id: int, last_seq: int) -> dict[str, Any]:
    return {"type": "sync.done", "room": room_id, "last_seq": last_seq}


def sync_required(room_id: int) -> dict[str, Any]:
    return {"type": "sync.required", "room": room_id}


def read_updated(room_id: int, user: Any, thread_id: int | None, seq: int) -> dict[str, Any]:
    return {
        "type": "read.updated",
        "room": room_id,
        "user": user_data(user),
        "thread": thread_id,
        "seq": seq,
    }


def typing(room_id: int, user: Any, thread_id: int | None) -> dict[str, Any]:
    return {"type": "typing", "room": room_id, "user": user_data(user), "thread": thread_id}


def presence(room_id: int, user: Any, online: bool) -> dict[str, Any]:
    return {"type": "presence", "room": room_id, "user": user_data(user), "online": online}


def error(
    code: str, detail: str, *, client_id: str | None = None, field: str | None = None
) -> dict[str, Any]:
    assert code in ERROR_CODES
    event: dict[str, Any] = {"type": "error", "code": code, "detail": detail}
    if client_id is not None:
        event["client_id"] = client_id
    if field is not None:
        event["field"] = field
    return event
