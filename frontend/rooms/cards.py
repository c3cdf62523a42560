"""A task card's own page: what is asked, of whom, by when, and the comments on it.

The board shows cards small; a card opens on a page of its own (a URL people can share in the
chat) under the room's tabs. Reading follows room membership, writing the room-write rule of
collab/access.py, as everywhere in the room."""

from __future__ import annotations

from typing import Any

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from collab import access
from collab.models import Card, RoomMember
from collab.services import board
from frontend.http import SignedInRequest
from frontend.rooms import forms
from frontend.rooms.views import room_tabs


def _card(member: RoomMember, card_pk: int) -> Card:
    card = (
        Card.objects.for_board()
        .select_related("column", "created_by")
        .filter(room=member.room, pk=card_pk)
        .first()
    )
    if card is None:
        raise Http404
    return card


def _render(
    request: SignedInRequest,
    member: RoomMember,
    card: Card,
    *,
    edit_form: forms.CardEditForm | None = None,
    comment_form: forms.CardCommentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context: dict[str, Any] = {
        "room": member.room,
        "member": member,
        "card": card,
        "comments": card.comments.select_related("author"),
        "tabs": room_tabs(member.room_id),
        "active_tab": "board",
        "today": timezone.localdate(),
        "edit_open": edit_form is not None,
    }
    if member.can_contribute:
        context["edit_form"] = edit_form or forms.CardEditForm(
            room=member.room,
            initial={
                "title": card.title,
                "description": card.description,
                "due_date": card.due_date,
                "assignees": list(card.assignees.all()),
            },
        )
        context["comment_form"] = comment_form or forms.CardCommentForm()
    return render(request, "rooms/card.html", context, status=status)


@login_required
@require_GET
def card_detail(request: SignedInRequest, pk: int, card_pk: int) -> HttpResponse:
    member = access.membership(request.user, pk)
    return _render(request, member, _card(member, card_pk))


@login_required
@require_POST
def card_edit(request: SignedInRequest, pk: int, card_pk: int) -> HttpResponse:
    member = access.member_for_contribution(request.user, pk)
    card = _card(member, card_pk)
    form = forms.CardEditForm(request.POST, room=member.room)
    if form.is_valid():
        try:
            board.card_update(actor=request.user, card=card, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            flash.success(request, _("The card is saved."))
            return redirect("room_card_detail", pk=pk, card_pk=card.pk)
    return _render(request, member, _card(member, card_pk), edit_form=form, status=400)


@login_required
@require_POST
def card_comment(request: SignedInRequest, pk: int, card_pk: int) -> HttpResponse:
    member = access.member_for_contribution(request.user, pk)
    card = _card(member, card_pk)
    form = forms.CardCommentForm(request.POST)
    if form.is_valid():
        try:
            board.card_comment_add(actor=request.user, card=card, body=form.cleaned_data["body"])
        except ValidationError as exc:
            form.add_error("body", exc)
        else:
            return redirect(reverse("room_card_detail", args=[pk, card.pk]) + "#comments")
    return _render(request, member, card, comment_form=form, status=400)
