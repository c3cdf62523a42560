"""Organisation pages: the directory, profiles, members and invitations, and the past joint
projects of their track record. The names invitation_accept and organisation_detail are
reversed by the marketplace models and services."""

from django.urls import URLPattern, URLResolver, path

from frontend.organisations import members, projects, views

urlpatterns: list[URLPattern | URLResolver] = [
    path("uitnodiging/<str:token>/", members.invitation_accept, name="invitation_accept"),
    path("organisaties/", views.organisation_list, name="organisation_list"),
    path("organisaties/nieuw/", views.organisation_create, name="organisation_create"),
    path("organisaties/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisaties/<int:pk>/bewerken/", views.organisation_edit, name="organisation_edit"),
    path(
        "organisaties/<int:pk>/export/",
        views.organisation_data_export,
        name="organisation_export",
    ),
    path("organisaties/<int:pk>/leden/", members.organisation_members, name="organisation_members"),
    path("organisaties/<int:pk>/leden/uitnodigen/", members.member_invite, name="member_invite"),
    path(
        "organisaties/<int:pk>/leden/<int:membership_pk>/rol/",
        members.member_role,
        name="member_role",
    ),
    path(
        "organisaties/<int:pk>/leden/<int:membership_pk>/verwijderen/",
        members.member_remove,
        name="member_remove",
    ),
    path(
        "organisaties/<int:pk>/eigendom-overdragen/",
        members.ownership_transfer,
        name="ownership_transfer",
    ),
    path(
        "organisaties/<int:pk>/uitnodigingen/<int:invitation_pk>/intrekken/",
        members.invitation_revoke,
        name="invitation_revoke",
    ),
    path("projecten/<int:pk>/", projects.project_detail, name="project_detail"),
]
