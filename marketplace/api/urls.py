from django.urls import include, path

from marketplace.api import auth, capabilities, organisations, people, suggestions, taxonomies
from marketplace.api.routers import Router

router = Router()
router.register("organisations", organisations.OrganisationViewSet, basename="organisation")
router.register("people", people.PersonViewSet, basename="person")
router.register("capabilities", capabilities.CapabilityViewSet, basename="capability")
router.register(
    "invitations/accept", organisations.InvitationAcceptViewSet, basename="invitation-accept"
)
router.register("taxonomies/nace", taxonomies.NaceViewSet, basename="nace")
router.register("taxonomies/isced", taxonomies.IscedViewSet, basename="isced")
router.register("taxonomies/esco-skills", taxonomies.EscoSkillViewSet, basename="esco-skill")
router.register("taxonomies/nuts", taxonomies.NutsViewSet, basename="nuts")
router.register("taxonomies/technologies", taxonomies.TechnologyViewSet, basename="technology")

members = organisations.MembershipViewSet
invitations = organisations.InvitationViewSet

urlpatterns = [
    path("auth/token/", auth.TokenView.as_view(), name="api-token"),
    path(
        "organisations/<int:organisation_pk>/members/",
        members.as_view({"get": "list"}),
        name="organisation-members",
    ),
    path(
        "organisations/<int:organisation_pk>/members/<int:pk>/",
        members.as_view({"get": "retrieve", "patch": "partial_update", "delete": "destroy"}),
        name="organisation-member",
    ),
    path(
        "organisations/<int:organisation_pk>/invitations/",
        invitations.as_view({"get": "list", "post": "create"}),
        name="organisation-invitations",
    ),
    path(
        "organisations/<int:organisation_pk>/invitations/<int:pk>/",
        invitations.as_view({"delete": "destroy"}),
        name="organisation-invitation",
    ),
    path(
        "organisations/<int:pk>/partner-suggestions/",
        suggestions.OrganisationPartnersView.as_view(),
        name="organisation-partner-suggestions",
    ),
    path(
        "organisations/<int:pk>/challenge-suggestions/",
        suggestions.OrganisationChallengesView.as_view(),
        name="organisation-challenge-suggestions",
    ),
    path(
        "challenges/<int:pk>/solver-suggestions/",
        suggestions.ChallengeSolversView.as_view(),
        name="challenge-solver-suggestions",
    ),
    path(
        "people/me/challenge-suggestions/",
        suggestions.MyChallengesView.as_view(),
        name="my-challenge-suggestions",
    ),
    path("suggestion-feedback/", suggestions.FeedbackView.as_view(), name="suggestion-feedback"),
    path("", include(router.urls)),
]
