"""Team-formation API routes, included under /api/v1/ by config/urls.py."""

from django.urls import URLPattern, URLResolver, path

from .api import views

R = "team-runs/<int:pk>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path("team-runs/", views.RunList.as_view(), name="team-run-list"),
    path("team-runs/form/", views.RunForm.as_view(), name="team-run-form"),
    path("team-runs/join/", views.RunJoin.as_view(), name="team-run-join"),
    path(R, views.RunDetail.as_view(), name="team-run-detail"),
    path(R + "educators/", views.RunEducators.as_view(), name="team-run-educators"),
    path(R + "invitations/", views.RunInvitations.as_view(), name="team-run-invitations"),
    path(R + "challenges/", views.RunChallengeList.as_view(), name="team-run-challenges"),
    path(
        R + "challenges/<int:challenge_pk>/",
        views.RunChallengeDetail.as_view(),
        name="team-run-challenge",
    ),
    path(R + "students/", views.RunStudentList.as_view(), name="team-run-students"),
    path(R + "students/me/", views.MySurvey.as_view(), name="team-run-my-survey"),
    path(R + "teams/", views.RunTeamList.as_view(), name="team-run-teams"),
    path(R + "solve/", views.RunSolve.as_view(), name="team-run-solve"),
    path(R + "lock/", views.RunLock.as_view(), name="team-run-lock"),
    path(R + "swap/", views.RunSwap.as_view(), name="team-run-swap"),
    path(R + "move/", views.RunMove.as_view(), name="team-run-move"),
    path(R + "publish/", views.RunPublish.as_view(), name="team-run-publish"),
    path(R + "peer-evaluations/", views.PeerEvaluationList.as_view(), name="team-run-evaluations"),
    path(
        R + "peer-evaluations/summary/",
        views.PeerEvaluationSummary.as_view(),
        name="team-run-evaluation-summary",
    ),
]
