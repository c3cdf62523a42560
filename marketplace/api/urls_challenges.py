"""Routes of the challenge marketplace API (included under /api/v1/)."""

from django.urls import URLPattern, URLResolver, include, path

from marketplace.api import (
    awards,
    challenge_actions,
    challenges,
    guidance,
    judging,
    ndas,
    notifications,
    proposals,
)
from marketplace.api.routers import Router

router = Router(trailing_slash=True)
router.include_root_view = False
router.register("challenges", challenges.ChallengeViewSet, basename="challenge")
router.register("proposals", proposals.ProposalViewSet, basename="proposal")
router.register("judging/invitations", judging.JudgeInvitationViewSet, basename="judge-invitation")
router.register("judging/assignments", judging.AssignmentViewSet, basename="assignment")
router.register("notifications", notifications.NotificationViewSet, basename="notification")
router.register("challenge-types", guidance.TypeGuideViewSet, basename="challenge-type")
router.register("ip-regimes", guidance.IpRegimeViewSet, basename="ip-regime")
router.register("starter-kits", guidance.StarterKitViewSet, basename="starter-kit")
router.register("funding-instruments", guidance.FundingRuleViewSet, basename="funding-instrument")
router.register("good-practices", guidance.GoodPracticeViewSet, basename="good-practice")

attachments = proposals.ProposalAttachmentViewSet
actions = challenge_actions
C = "challenges/<int:pk>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "challenges/similar/",
        actions.SimilarChallengesView.as_view(),
        name="challenge-similar-draft",
    ),
    path(
        C + "transitions/", actions.ChallengeTransitionView.as_view(), name="challenge-transitions"
    ),
    path(C + "quality/", actions.ChallengeQualityView.as_view(), name="challenge-quality"),
    path(C + "similar/", actions.ChallengeSimilarView.as_view(), name="challenge-similar"),
    path(
        C + "funding-hints/", actions.ChallengeFundingHintsView.as_view(), name="challenge-funding"
    ),
    path(
        C + "good-practices/", actions.ChallengeGoodPracticesView.as_view(), name="challenge-cases"
    ),
    path(C + "rubric/", actions.ChallengeRubricView.as_view(), name="challenge-rubric"),
    path(C + "invitees/", actions.ChallengeInviteesView.as_view(), name="challenge-invitees"),
    path(
        C + "invitees/<int:invitee_pk>/",
        actions.ChallengeInviteeView.as_view(),
        name="challenge-invitee",
    ),
    path(C + "coauthors/", actions.ChallengeCoauthorsView.as_view(), name="challenge-coauthors"),
    path(
        C + "endorsements/",
        actions.ChallengeEndorsementsView.as_view(),
        name="challenge-endorsements",
    ),
    path(
        C + "coaching-requests/", actions.ChallengeCoachingView.as_view(), name="challenge-coaching"
    ),
    path(
        "coaching-requests/<int:pk>/close/",
        actions.CoachingCloseView.as_view(),
        name="coaching-close",
    ),
    path(C + "nda/", ndas.ChallengeNdaView.as_view(), name="challenge-nda"),
    path(
        C + "nda-acceptances/",
        ndas.ChallengeNdaAcceptancesView.as_view(),
        name="challenge-nda-acceptances",
    ),
    path(
        C + "nda-acceptances/<int:acceptance_pk>/revoke/",
        ndas.NdaRevokeView.as_view(),
        name="challenge-nda-revoke",
    ),
    path(C + "judges/", judging.ChallengeJudgesView.as_view(), name="challenge-judges"),
    path(C + "panels/", judging.ChallengePanelsView.as_view(), name="challenge-panels"),
    path(
        C + "assignments/", judging.ChallengeAssignmentsView.as_view(), name="challenge-assignments"
    ),
    path(C + "ranking/", judging.ChallengeRankingView.as_view(), name="challenge-ranking"),
    path(
        C + "award-places/",
        awards.ChallengeAwardPlacesView.as_view(),
        name="challenge-award-places",
    ),
    path(C + "awards/", awards.ChallengeAwardsView.as_view(), name="challenge-awards"),
    path(
        C + "awards/<int:award_pk>/revoke/",
        awards.AwardRevokeView.as_view(),
        name="challenge-award-revoke",
    ),
    path("nda-terms/current/", ndas.NdaTermsView.as_view(), name="nda-terms-current"),
    path(
        "organisations/<int:pk>/funding-hints/",
        actions.OrganisationFundingHintsView.as_view(),
        name="organisation-funding",
    ),
    path(
        "proposals/<int:proposal_pk>/attachments/",
        attachments.as_view({"post": "create"}),
        name="proposal-attachments",
    ),
    path(
        "proposals/<int:proposal_pk>/attachments/<int:pk>/",
        attachments.as_view({"get": "retrieve", "delete": "destroy"}),
        name="proposal-attachment",
    ),
    path("", include(router.urls)),
]
