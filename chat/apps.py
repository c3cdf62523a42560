from typing import Any

from django.apps import AppConfig


class ChatConfig(AppConfig):
    name = "chat"
    verbose_name = "Chat"

    def ready(self) -> None:
        from chat import realtime, watchdog
        from collab.signals import room_event

        realtime.set_watchdog(watchdog.watch)
        realtime.set_fetcher(watchdog.fetch_missed)
        room_event.connect(_broadcast_room_event, dispatch_uid="chat.broadcast_room_event")


def _broadcast_room_event(
    sender: Any,
    *,
    room_id: int,
    event: dict[str, Any],
    close_user_ids: tuple[int, ...],
    **kwargs: Any,
) -> None:
    """Collab announces changes to rooms; chat delivers them after commit."""
    from chat.realtime import broadcast_on_commit
    from collab.models import room_group

    broadcast_on_commit(room_group(room_id), event, close_user_ids=close_user_ids)
