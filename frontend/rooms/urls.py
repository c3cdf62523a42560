"""Project-room pages (inside i18n_patterns)."""

from django.urls import URLPattern, URLResolver, path

from frontend.rooms import cards, views

urlpatterns: list[URLPattern | URLResolver] = [
    path("projectruimtes/", views.room_list, name="room_list"),
    path("projectruimtes/<int:pk>/", views.room_detail, name="room_detail"),
    path(
        "projectruimtes/<int:pk>/deel/<str:section>/",
        views.room_section,
        name="room_section",
    ),
    path("projectruimtes/<int:pk>/bericht/", views.message_post, name="room_message_post"),
    path("projectruimtes/<int:pk>/kaarten/", views.card_add, name="room_card_add"),
    path(
        "projectruimtes/<int:pk>/kaarten/<int:card_pk>/",
        cards.card_detail,
        name="room_card_detail",
    ),
    path(
        "projectruimtes/<int:pk>/kaarten/<int:card_pk>/bewerken/",
        cards.card_edit,
        name="room_card_edit",
    ),
    path(
        "projectruimtes/<int:pk>/kaarten/<int:card_pk>/reacties/",
        cards.card_comment,
        name="room_card_comment",
    ),
    path(
        "projectruimtes/<int:pk>/kaarten/<int:card_pk>/verplaatsen/",
        views.card_move,
        name="room_card_move",
    ),
    path("projectruimtes/<int:pk>/mijlpalen/", views.milestone_add, name="room_milestone_add"),
    path(
        "projectruimtes/<int:pk>/mijlpalen/<int:milestone_pk>/status/",
        views.milestone_status,
        name="room_milestone_status",
    ),
    path("projectruimtes/<int:pk>/bestanden/", views.file_add, name="room_file_add"),
    path("projectruimtes/<int:pk>/draden/", views.thread_add, name="room_thread_add"),
    path(
        "projectruimtes/<int:pk>/draden/<int:thread_pk>/opgelost/",
        views.thread_resolve,
        name="room_thread_resolve",
    ),
    path("projectruimtes/<int:pk>/uitnodigen/", views.member_invite, name="room_member_invite"),
    path(
        "projectruimtes/<int:pk>/leden/<int:user_pk>/verwijderen/",
        views.member_remove,
        name="room_member_remove",
    ),
    path(
        "projectruimte-uitnodiging/<str:token>/",
        views.invitation_accept,
        name="room_invitation_accept",
    ),
]
