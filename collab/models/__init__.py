"""Project rooms, one module per domain concept."""

from .activity import Activity
from .board import BoardColumn, Card, CardComment
from .files import RoomFile
from .milestones import Deliverable, Milestone, WorkStatus
from .rooms import (
    DigestFrequency,
    HistoryVisibility,
    MemberRole,
    Room,
    RoomInvitation,
    RoomMember,
    SourceKind,
    room_group,
)
from .threads import Thread

__all__ = [
    "Activity",
    "BoardColumn",
    "Card",
    "CardComment",
    "Deliverable",
    "DigestFrequency",
    "HistoryVisibility",
    "MemberRole",
    "Milestone",
    "Room",
    "RoomFile",
    "RoomInvitation",
    "RoomMember",
    "SourceKind",
    "Thread",
    "WorkStatus",
    "room_group",
]
