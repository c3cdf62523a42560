"""The task board: columns and cards, their order, assignees and comments."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from collab.models import BoardColumn, Card, CardComment, Room, RoomMember
from collab.payloads import card_data, column_data
from collab.services.feed import change_announce
from collab.signals import emit

CARD_FIELDS = {"title", "description", "due_date"}


def column_save(
    *,
    actor: Any,
    room: Room,
    column: BoardColumn | None = None,
    name: str,
    position: int | None = None,
) -> BoardColumn:
    """Create or rename a column (a new one goes to the right)."""
    with transaction.atomic():
        if column is None:
            last = room.columns.order_by("-position").values_list("position", flat=True).first()
            column = BoardColumn(room=room, position=(last + 1) if last is not None else 0)
        column.name = name
        if position is not None:
            column.position = position
        column.full_clean()
        column.save()
        emit(room.pk, {"type": "column.saved", "room": room.pk, "column": column_data(column)})
    return column


def column_delete(*, actor: Any, column: BoardColumn) -> None:
    """Delete an empty column."""
    with transaction.atomic():
        if column.cards.exists():
            raise ValidationError(_("Move the cards out of this column first."))
        pk = column.pk
        column.delete()
        emit(column.room_id, {"type": "column.deleted", "room": column.room_id, "id": pk})


def _check_assignees(room: Room, users: Iterable[Any]) -> list[Any]:
    users = list(users)
    ids = {user.pk for user in users}
    members = set(
        RoomMember.objects.filter(room=room, user_id__in=ids).values_list("user_id", flat=True)
    )
    if ids - members:
        raise ValidationError({"assignees": _("Assign members of this room only.")})
    return users


def _announce(actor: Any, card: Card, verb: str = "card.saved") -> None:
    card = Card.objects.for_board().select_related("room").get(pk=card.pk)
    change_announce(
        room=card.room,
        actor=actor,
        verb=verb,
        data={"title": card.title},
        events=[{"type": "card.saved", "room": card.room_id, "card": card_data(card)}],
    )


def card_create(
    *,
    actor: Any,
    room: Room,
    column: BoardColumn,
    assignees: Iterable[Any] = (),
    **fields: Any,
) -> Card:
    """Add a card at the bottom of a column."""
    if column.room_id != room.pk:
        raise ValidationError({"column": _("Choose a column of this board.")})
    unknown = set(fields) - CARD_FIELDS
    if unknown:
        raise ValidationError({key: _("Unknown field.") for key in sorted(unknown)})
    with transaction.atomic():
        people = _check_assignees(room, assignees)
        last = column.cards.order_by("-position").values_list("position", flat=True).first()
        card = Card(
            room=room,
            column=column,
            created_by=actor,
            position=(last + 1) if last is not None else 0,
            **fields,
        )
        card.full_clean()
        card.save()
        card.assignees.set(people)
        _announce(actor, card)
    return card


def card_update(
    *, actor: Any, card: Card, assignees: Iterable[Any] | None = None, **fields: Any
) -> Card:
    """Change a card's text, due date or assignees."""
    unknown = set(fields) - CARD_FIELDS
    if unknown:
        raise ValidationError({key: _("Unknown field.") for key in sorted(unknown)})
    with transaction.atomic():
        for key, value in fields.items():
            setattr(card, key, value)
        card.full_clean()
        card.save()
        if assignees is not None:
            card.assignees.set(_check_assignees(card.room, assignees))
        _announce(actor, card)
    return card


def card_move(*, actor: Any, card: Card, column: BoardColumn, position: int) -> Card:
    """Move a card to `position` (0 = top) in `column`, shifting the others down."""
    if column.room_id != card.room_id:
        raise ValidationError({"column": _("Choose a column of this board.")})
    if position < 0:
        raise ValidationError({"position": _("Use 0 or more.")})
    with transaction.atomic():
        # Lock the board's columns so two moves do not interleave their renumbering.
        list(BoardColumn.objects.select_for_update().filter(room_id=card.room_id))
        siblings = list(
            Card.objects.filter(column=column).exclude(pk=card.pk).order_by("position", "id")
        )
        position = min(position, len(siblings))
        siblings.insert(position, card)
        shifted = []
        for index, item in enumerate(siblings):
            if item.pk != card.pk and item.position != index:
                item.position = index
                shifted.append(item)
        Card.objects.bulk_update(shifted, ["position"])  # one statement for the whole column
        card.column = column
        card.position = position
        card.save(update_fields=["column", "position", "updated_at"])
        _announce(actor, card)
    return card


def card_delete(*, actor: Any, card: Card) -> None:
    with transaction.atomic():
        pk, title = card.pk, card.title
        card.delete()
        change_announce(
            room=card.room,
            actor=actor,
            verb="card.deleted",
            data={"title": title},
            events=[{"type": "card.deleted", "room": card.room_id, "id": pk}],
        )


def card_comment_add(*, actor: Any, card: Card, body: str) -> CardComment:
    """Comment on a card. The room hears of it as a change of the card (its comment count),
    so open boards update; the feed says who commented on which card."""
    with transaction.atomic():
        comment = CardComment(card=card, author=actor, body=body.strip())
        comment.full_clean()
        comment.save()
        _announce(actor, card, verb="card.commented")
    return comment
