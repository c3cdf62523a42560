"""Project-room pages: my rooms, and the room page with live chat, task board, milestones,
files, threads and activity. Sections are re-rendered for htmx after a change and when the
room's websocket announces one (frontend/static/rooms/room.js).

The room page has the shape people know from Slack, Zulip and Basecamp: the conversation in
front, every other part one tab away. Each tab has a URL of its own (the conversation is the
room's URL, a part is `deel/<part>/`), so a reload, a bookmark or a browser without JavaScript
opens the same tab; with JavaScript the tabs switch in place (frontend/static/rooms/room-page.js)
and keep the socket open."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from chat import messages as chat
from chat.presence import online_user_ids
from collab import access
from collab.models import BoardColumn, Card, Deliverable, Milestone, RoomMember, Thread
from collab.services import board, files, milestones, rooms, threads
from frontend.fragments import is_htmx
from frontend.rate_limits import rate_limited
from frontend.rooms import forms

# The tabs of a room, in the order they are shown; "chat" is the conversation (the room's own
# URL), the others are sections with a fragment of their own for htmx.
TABS = [
    ("chat", gettext_lazy("Conversation")),
    ("board", gettext_lazy("Tasks")),
    ("milestones", gettext_lazy("Milestones")),
    ("files", gettext_lazy("Files")),
    ("threads", gettext_lazy("Threads")),
    ("members", gettext_lazy("Members")),
    ("activity", gettext_lazy("Activity")),
]
SECTIONS = {key for key, _label in TABS if key != "chat"}
HISTORY_ON_PAGE = 50


def _errors(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


def _section_context(member: RoomMember, section: str) -> dict[str, Any]:
    room = member.room
    context: dict[str, Any] = {"room": room, "member": member, "section": section}
    if section == "board":
        context["columns"] = BoardColumn.objects.filter(room=room).prefetch_related(
            Prefetch("cards", queryset=Card.objects.for_board())
        )
        context["card_form"] = forms.CardForm()
        context["today"] = timezone.localdate()
    elif section == "milestones":
        context["milestones"] = Milestone.objects.filter(room=room).prefetch_related(
            Prefetch("deliverables", queryset=Deliverable.objects.order_by("due_date", "id"))
        )
        context["milestone_form"] = forms.MilestoneForm()
        context["status_form"] = forms.MilestoneStatusForm()
    elif section == "files":
        context["files"] = room.files.select_related("uploaded_by")[:100]
        context["file_form"] = forms.FileForm()
    elif section == "threads":
        context["threads"] = Thread.objects.filter(room=room).select_related("resolved_by")[:100]
        context["thread_form"] = forms.ThreadForm()
    elif section == "members":
        context["members"] = RoomMember.objects.filter(room=room).select_related("user")
        context["online"] = online_user_ids(room.pk)
        context["invite_form"] = forms.InviteForm()
    elif section == "activity":
        context["activity"] = room.activity.select_related("actor")[:30]
    return context


def _section(request: HttpRequest, member: RoomMember, section: str) -> HttpResponse:
    return render(request, f"rooms/sections/{section}.html", _section_context(member, section))


def _after_change(request: HttpRequest, member: RoomMember, section: str) -> HttpResponse:
    if request.headers.get("HX-Request"):
        return _section(request, member, section)
    return redirect("room_section", pk=member.room_id, section=section)


def room_tabs(room_id: int) -> list[dict[str, Any]]:
    """The room's tabs with their URLs (shared with the card page)."""
    return [
        {
            "key": key,
            "label": label,
            "url": reverse("room_detail", args=[room_id])
            if key == "chat"
            else reverse("room_section", args=[room_id, key]),
        }
        for key, label in TABS
    ]


def _room_page(request: HttpRequest, member: RoomMember, tab: str) -> HttpResponse:
    """The whole room with `tab` in front; the other parts are on the page, hidden, so that
    switching tabs needs no request."""
    pk = member.room_id
    history = chat.messages_before(
        user=request.user, room_id=pk, before_seq=None, limit=HISTORY_ON_PAGE
    )
    context = {
        "room": member.room,
        "member": member,
        "history": history,
        # The client is complete up to here; it syncs from it when the socket opens.
        "last_seq": history[-1]["seq"] if history else member.history_floor(member.room),
        "client_id": uuid.uuid4(),
        "tabs": room_tabs(pk),
        "active_tab": tab,
    }
    for name in SECTIONS:
        context.update(_section_context(member, name))
    context["section"] = tab
    return render(request, "rooms/detail.html", context)


@login_required
def room_list(request: HttpRequest) -> HttpResponse:
    form = forms.RoomForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        room = rooms.room_create(created_by=request.user, **form.cleaned_data)
        return redirect("room_detail", pk=room.pk)
    my_rooms = access.rooms_visible_to(request.user).order_by("-updated_at")[:100]
    return render(request, "rooms/list.html", {"rooms": my_rooms, "form": form})


@login_required
@require_GET
def room_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The room, on the conversation."""
    return _room_page(request, access.membership(request.user, pk), "chat")


@login_required
@require_GET
def room_section(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    """One part of the room: the bare section for htmx (a refresh after a change), otherwise
    the whole room with that part's tab in front."""
    if section not in SECTIONS:
        raise Http404
    member = access.membership(request.user, pk)
    if is_htmx(request):
        response = _section(request, member, section)
    else:
        response = _room_page(request, member, section)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_POST
def message_post(request: HttpRequest, pk: int) -> HttpResponse:
    """Sending without JavaScript (the page's script sends over the websocket)."""
    access.membership(request.user, pk)
    form = forms.MessageForm(request.POST)
    if form.is_valid():
        try:
            chat.message_send(
                user=request.user,
                room_id=pk,
                client_id=str(form.cleaned_data["client_id"]),
                body=form.cleaned_data["body"],
            )
        except ValidationError as exc:
            flash.error(request, _errors(exc))
    return redirect("room_detail", pk=pk)


def _writer(request: HttpRequest, pk: int) -> RoomMember:
    return access.member_for_contribution(request.user, pk)


@login_required
@require_POST
def card_add(request: HttpRequest, pk: int) -> HttpResponse:
    member = _writer(request, pk)
    form = forms.CardForm(request.POST)
    if form.is_valid():
        column = BoardColumn.objects.filter(
            room=member.room, pk=form.cleaned_data["column"]
        ).first()
        if column is not None:
            board.card_create(
                actor=request.user,
                room=member.room,
                column=column,
                title=form.cleaned_data["title"],
            )
    return _after_change(request, member, "board")


@login_required
@require_POST
def card_move(request: HttpRequest, pk: int, card_pk: int) -> HttpResponse:
    member = _writer(request, pk)
    card = Card.objects.filter(room=member.room, pk=card_pk).first()
    form = forms.CardMoveForm(request.POST)
    if card is None:
        raise Http404
    if form.is_valid():
        column = BoardColumn.objects.filter(
            room=member.room, pk=form.cleaned_data["column"]
        ).first()
        if column is not None:
            board.card_move(
                actor=request.user,
                card=card,
                column=column,
                position=form.cleaned_data["position"] or 0,
            )
    return _after_change(request, member, "board")


@login_required
@require_POST
def milestone_add(request: HttpRequest, pk: int) -> HttpResponse:
    member = _writer(request, pk)
    form = forms.MilestoneForm(request.POST)
    if form.is_valid():
        milestones.milestone_save(actor=request.user, room=member.room, **form.cleaned_data)
    return _after_change(request, member, "milestones")


@login_required
@require_POST
def milestone_status(request: HttpRequest, pk: int, milestone_pk: int) -> HttpResponse:
    member = _writer(request, pk)
    milestone = Milestone.objects.filter(room=member.room, pk=milestone_pk).first()
    if milestone is None:
        raise Http404
    form = forms.MilestoneStatusForm(request.POST)
    if form.is_valid():
        milestones.milestone_save(
            actor=request.user, room=member.room, milestone=milestone, **form.cleaned_data
        )
    return _after_change(request, member, "milestones")


@login_required
@require_POST
@rate_limited("upload")
def file_add(request: HttpRequest, pk: int) -> HttpResponse:
    member = _writer(request, pk)
    form = forms.FileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            files.file_upload(
                actor=request.user, room=member.room, upload=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            flash.error(request, _errors(exc))
    else:
        flash.error(request, _("Choose a file."))
    return redirect("room_section", pk=pk, section="files")


@login_required
@require_POST
def thread_add(request: HttpRequest, pk: int) -> HttpResponse:
    member = _writer(request, pk)
    form = forms.ThreadForm(request.POST)
    if form.is_valid():
        threads.thread_create(
            actor=request.user, room=member.room, title=form.cleaned_data["title"]
        )
    return _after_change(request, member, "threads")


@login_required
@require_POST
def thread_resolve(request: HttpRequest, pk: int, thread_pk: int) -> HttpResponse:
    member = _writer(request, pk)
    thread = Thread.objects.filter(room=member.room, pk=thread_pk).first()
    if thread is None:
        raise Http404
    threads.thread_set_resolved(
        actor=request.user, thread=thread, resolved=request.POST.get("resolved") == "1"
    )
    return _after_change(request, member, "threads")


@login_required
@require_POST
@rate_limited("invitation")
def member_invite(request: HttpRequest, pk: int) -> HttpResponse:
    room = access.room_for_management(request.user, pk)
    member = access.membership(request.user, pk)
    form = forms.InviteForm(request.POST)
    if form.is_valid():
        try:
            rooms.invitation_create(actor=request.user, room=room, **form.cleaned_data)
            flash.success(request, _("The invitation is on its way."))
        except ValidationError as exc:
            flash.error(request, _errors(exc))
    return _after_change(request, member, "members")


@login_required
@require_POST
def member_remove(request: HttpRequest, pk: int, user_pk: int) -> HttpResponse:
    if user_pk != request.user.pk:
        access.room_for_management(request.user, pk)
    member = access.membership(request.user, pk)
    target = (
        RoomMember.objects.select_related("user", "room")
        .filter(room_id=pk, user_id=user_pk)
        .first()
    )
    if target is None:
        raise Http404
    try:
        rooms.member_remove(actor=request.user, member=target)
    except ValidationError as exc:
        flash.error(request, _errors(exc))
        return redirect("room_section", pk=pk, section="members")
    if user_pk == request.user.pk:
        return redirect("room_list")
    return _after_change(request, member, "members")


@login_required
@rate_limited("invitation")
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "POST":
        try:
            member = rooms.invitation_accept(user=request.user, token=token)
        except ValidationError as exc:
            flash.error(request, _errors(exc))
            return redirect("room_list")
        return redirect("room_detail", pk=member.room_id)
    return render(request, "rooms/invitation.html", {"token": token})
