"""Page URLs (inside i18n_patterns: Dutch without a prefix, /en/… and /fr/… for the others).
The names home, onboarding, invitation_accept, organisation_detail, person_detail and
capability_detail are reversed by the marketplace models and services."""

from django.urls import path

from frontend.views import (
    capabilities,
    home,
    members,
    onboarding,
    organisations,
    people,
    projects,
    search,
    suggestions,
)

urlpatterns = [
    path("", home.home, name="home"),
    path("welkom/", onboarding.onboarding, name="onboarding"),
    path("uitnodiging/<str:token>/", members.invitation_accept, name="invitation_accept"),
    # Organisations
    path("organisaties/", organisations.organisation_list, name="organisation_list"),
    path("organisaties/nieuw/", organisations.organisation_create, name="organisation_create"),
    path("organisaties/<int:pk>/", organisations.organisation_detail, name="organisation_detail"),
    path(
        "organisaties/<int:pk>/bewerken/", organisations.organisation_edit, name="organisation_edit"
    ),
    path(
        "organisaties/<int:pk>/export/",
        organisations.organisation_data_export,
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
    path(
        "organisaties/<int:pk>/suggesties/",
        suggestions.organisation_suggestions,
        name="organisation_suggestions",
    ),
    path("suggesties/reactie/", suggestions.suggestion_feedback, name="suggestion_feedback"),
    path(
        "mijn-uitdagingen/", suggestions.my_challenge_suggestions, name="my_challenge_suggestions"
    ),
    # People
    path("mensen/<int:pk>/", people.person_detail, name="person_detail"),
    path("mijn-profiel/", people.profile_edit, name="profile_edit"),
    path("mijn-profiel/privacy/", people.privacy, name="privacy"),
    path("mijn-profiel/privacy/export/", people.my_data_export, name="my_data_export"),
    path("mijn-profiel/privacy/verwijderen/", people.account_delete, name="account_delete"),
    # Capabilities
    path("capaciteiten/", capabilities.capability_list, name="capability_list"),
    path("capaciteiten/nieuw/", capabilities.capability_create, name="capability_create"),
    path("capaciteiten/<int:pk>/", capabilities.capability_detail, name="capability_detail"),
    path("capaciteiten/<int:pk>/bewerken/", capabilities.capability_edit, name="capability_edit"),
    path(
        "capaciteiten/<int:pk>/verwijderen/",
        capabilities.capability_delete,
        name="capability_delete",
    ),
    # Search-as-you-type fragments (htmx)
    path("zoeken/vaardigheden/", search.skill_search, name="skill_search"),
    path("zoeken/nace/", search.nace_search, name="nace_search"),
]
