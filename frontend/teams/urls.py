"""Team-formation pages (inside i18n_patterns: Dutch paths, /en/… and /fr/… prefixes).
The names team_run_detail, team_run_join and team_run_my_team are reversed by
marketplace.teams (links in e-mails and notifications)."""

from django.urls import URLPattern, URLResolver, path

from frontend.teams import views_educator as educator
from frontend.teams import views_student as student

T = "teamvorming/<int:pk>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path("teamvorming/", educator.run_list, name="team_run_list"),
    path("teamvorming/nieuw/", educator.run_create, name="team_run_create"),
    path("teamvorming/deelnemen/<str:token>/", student.join, name="team_run_join"),
    path(T, educator.run_detail, name="team_run_detail"),
    path(T + "bewerken/", educator.run_edit, name="team_run_edit"),
    path(T + "uitdagingen/", educator.challenge_add, name="team_run_challenge_add"),
    path(
        T + "uitdagingen/<int:challenge_pk>/",
        educator.challenge_edit,
        name="team_run_challenge_edit",
    ),
    path(T + "uitnodigen/", educator.invite, name="team_run_invite"),
    path(T + "docenten/", educator.educator_add, name="team_run_educator_add"),
    path(T + "antwoorden/", educator.responses, name="team_run_responses"),
    path(T + "teams/", educator.teams, name="team_run_teams"),
    path(T + "status/", educator.state, name="team_run_state"),
    path(T + "vormen/", educator.solve, name="team_run_solve"),
    path(T + "vastzetten/<int:student_pk>/", educator.lock, name="team_run_lock"),
    path(T + "wisselen/", educator.swap, name="team_run_swap"),
    path(T + "verplaatsen/", educator.move, name="team_run_move"),
    path(T + "publiceren/", educator.publish, name="team_run_publish"),
    path(T + "evaluaties/", educator.evaluations, name="team_run_evaluations"),
    path(T + "enquete/", student.survey, name="team_run_survey"),
    path(T + "mijn-team/", student.my_team, name="team_run_my_team"),
]
