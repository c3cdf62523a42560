from django.contrib import admin

from chat.models import Mention, Message, Presence, ReadPointer


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["room", "seq", "sender", "created_at", "edited_at", "deleted_at"]
    raw_id_fields = ["room", "sender", "thread"]
    readonly_fields = ["seq", "client_id", "created_at"]
    list_select_related = ["room", "sender"]


admin.site.register(Mention, raw_id_fields=["message", "user"])
admin.site.register(ReadPointer, raw_id_fields=["room", "user", "thread"])
admin.site.register(Presence, raw_id_fields=["room", "user"])
