"""python manage.py demo_room_messages — a short conversation in each demo award room.

Run by `python manage.py demo` after the demo challenges are awarded: a room with an empty
chat gives a visitor nothing to see. Messages go through the send path the socket uses
(`chat.sending.message_send`), with fixed client ids so that running it again changes nothing.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.management.base import BaseCommand

from chat.sending import message_send
from collab.models import Room

# (who speaks: the room's owner or its first other member, what they say)
CONVERSATION = [
    ("owner", "Welkom in onze projectruimte! Zullen we de planning hier afspreken?"),
    ("member", "Graag. Ik stel voor dat we volgende dinsdag starten met een werkbezoek."),
    ("owner", "Dinsdag past. Ik zet de eerste mijlpaal op het bord."),
    ("member", "Top, ik deel de testbestellingen hier zodra ik ze heb."),
]
NAMESPACE = uuid.UUID("6f1d2c0e-4b7a-4f0e-9a51-2f4f7e5d9c10")


class Command(BaseCommand):
    help = "Post a short demo conversation in demo award rooms that have no messages."

    def handle(self, *args: Any, **options: Any) -> None:
        rooms = Room.objects.filter(
            source_kind="award", created_by__email__endswith="kruispunt.example"
        )
        posted = 0
        for room in rooms:
            owner = room.created_by
            other = room.members.exclude(user=owner).select_related("user").first()
            if other is None:
                continue
            speakers = {"owner": owner, "member": other.user}
            for index, (who, body) in enumerate(CONVERSATION):
                result = message_send(
                    user=speakers[who],
                    room_id=room.pk,
                    client_id=uuid.uuid5(NAMESPACE, f"{room.pk}:{index}"),
                    body=body,
                )
                posted += int(result.created)
        if options["verbosity"]:
            self.stdout.write(f"Demo room messages: {posted} posted.")
