"""Room API routes (included under /api/v1/)."""

from django.urls import URLPattern, URLResolver, path

from collab.api import files, rooms, work

urlpatterns: list[URLPattern | URLResolver] = [
    path("rooms/", rooms.RoomList.as_view(), name="room-list"),
    path("rooms/<int:room_pk>/", rooms.RoomDetail.as_view(), name="room-detail"),
    path("rooms/<int:room_pk>/members/", rooms.MemberList.as_view(), name="room-members"),
    path(
        "rooms/<int:room_pk>/members/<int:user_pk>/",
        rooms.MemberDetail.as_view(),
        name="room-member",
    ),
    path(
        "rooms/<int:room_pk>/invitations/",
        rooms.InvitationCreate.as_view(),
        name="room-invitations",
    ),
    path(
        "room-invitations/<str:token>/accept/",
        rooms.InvitationAccept.as_view(),
        name="room-invitation-accept",
    ),
    path("rooms/<int:room_pk>/threads/", rooms.ThreadList.as_view(), name="room-threads"),
    path("rooms/<int:room_pk>/threads/<int:pk>/", rooms.ThreadDetail.as_view(), name="room-thread"),
    path("rooms/<int:room_pk>/activity/", rooms.ActivityList.as_view(), name="room-activity"),
    path("rooms/<int:room_pk>/milestones/", work.MilestoneList.as_view(), name="room-milestones"),
    path(
        "rooms/<int:room_pk>/milestones/<int:pk>/",
        work.MilestoneDetail.as_view(),
        name="room-milestone",
    ),
    path(
        "rooms/<int:room_pk>/milestones/<int:milestone_pk>/deliverables/",
        work.DeliverableCreate.as_view(),
        name="room-deliverables",
    ),
    path(
        "rooms/<int:room_pk>/deliverables/<int:pk>/",
        work.DeliverableDetail.as_view(),
        name="room-deliverable",
    ),
    path("rooms/<int:room_pk>/columns/", work.ColumnList.as_view(), name="room-columns"),
    path("rooms/<int:room_pk>/columns/<int:pk>/", work.ColumnDetail.as_view(), name="room-column"),
    path("rooms/<int:room_pk>/cards/", work.CardList.as_view(), name="room-cards"),
    path("rooms/<int:room_pk>/cards/<int:pk>/", work.CardDetail.as_view(), name="room-card"),
    path(
        "rooms/<int:room_pk>/cards/<int:pk>/move/", work.CardMove.as_view(), name="room-card-move"
    ),
    path(
        "rooms/<int:room_pk>/cards/<int:pk>/comments/",
        work.CardCommentList.as_view(),
        name="room-card-comments",
    ),
    path("rooms/<int:room_pk>/files/", files.FileList.as_view(), name="room-files"),
    path("rooms/<int:room_pk>/files/<int:pk>/", files.FileDetail.as_view(), name="room-file"),
    path(
        "rooms/<int:room_pk>/files/<int:pk>/download/",
        files.FileDownload.as_view(),
        name="room-file-download",
    ),
]
