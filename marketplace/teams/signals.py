"""The hook through which a published team gets a project room.

Rooms live in collab, and collab depends on marketplace, never the reverse (DESIGN.md).
So publishing does not create rooms itself: it sends ``team_published`` for each team,
inside its transaction, and collab connects a receiver at app-ready time that creates the
room (``collab.services.rooms.room_create`` with ``source_kind="team"``) and returns the
room's id, which publishing stores on the team. Without a receiver (collab not installed)
teams are published without rooms.

Receivers are called as ``receiver(sender=Team, team=…, name=…, description=…,
created_by=User, members=[User, …], educators=[User, …])`` and return a room id (int) or None.
"""

from __future__ import annotations

from django.dispatch import Signal

team_published = Signal()
