"""Forms of the room pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from collab.models import HistoryVisibility, MemberRole, Room, WorkStatus
from marketplace.filetypes import MAX_FILE_BYTES
from marketplace.models import User


class RoomForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        max_length=5_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    history_visibility = forms.ChoiceField(
        label=_("History for new members"),
        choices=HistoryVisibility.choices,
        initial=HistoryVisibility.FULL,
    )


class MessageForm(forms.Form):
    client_id = forms.UUIDField(widget=forms.HiddenInput)
    body = forms.CharField(
        label=_("Message"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 2})
    )


class CardForm(forms.Form):
    title = forms.CharField(label=_("Card"), max_length=200)
    column = forms.IntegerField(widget=forms.HiddenInput)


class CardEditForm(forms.Form):
    """A card's title, description, due date and the room members it is assigned to."""

    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        max_length=5_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    due_date = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    assignees = forms.ModelMultipleChoiceField(
        label=_("Assigned to"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, room: Room, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the room's members can be chosen: anyone else is not offered and not accepted.
        field = self.fields["assignees"]
        field.queryset = User.objects.filter(room_memberships__room=room).order_by(  # type: ignore[attr-defined]
            "first_name", "last_name", "email"
        )
        field.label_from_instance = lambda user: user.display_name  # type: ignore[attr-defined]


class CardCommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"), max_length=5_000, widget=forms.Textarea(attrs={"rows": 3})
    )


class CardMoveForm(forms.Form):
    column = forms.IntegerField(label=_("Column"))
    position = forms.IntegerField(min_value=0, initial=0, required=False)


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due_date = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class MilestoneStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=WorkStatus.choices)


class FileForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, images, office documents, zip or text; at most %(mb)d MB.")
        % {"mb": MAX_FILE_BYTES // (1024 * 1024)},
    )


class ThreadForm(forms.Form):
    title = forms.CharField(label=_("Thread"), max_length=200)


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices, initial=MemberRole.MEMBER)
