from django.contrib import admin

from collab.models import (
    Activity,
    BoardColumn,
    Card,
    CardComment,
    Deliverable,
    Milestone,
    Room,
    RoomFile,
    RoomInvitation,
    RoomMember,
    Thread,
)


class RoomMemberInline(admin.TabularInline):
    model = RoomMember
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ["name", "source_kind", "source_id", "last_seq", "created_at"]
    list_filter = ["source_kind", "history_visibility"]
    search_fields = ["name", "source_id"]
    readonly_fields = ["last_seq", "created_at", "updated_at"]
    raw_id_fields = ["created_by"]
    inlines = [RoomMemberInline]


@admin.register(RoomInvitation)
class RoomInvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "room", "role", "created_at", "expires_at", "accepted_at"]
    search_fields = ["email"]
    raw_id_fields = ["room", "invited_by"]


for model in (
    Milestone,
    Deliverable,
    BoardColumn,
    Card,
    CardComment,
    RoomFile,
    Thread,
    Activity,
    RoomMember,
):
    admin.site.register(
        model,
        raw_id_fields=[f.name for f in model._meta.get_fields() if f.many_to_one and f.concrete],
    )
