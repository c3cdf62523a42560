"""Dashboard pages (inside i18n_patterns) and their CSV exports."""

from django.urls import URLPattern, URLResolver, path

from frontend.dashboards import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("dashboards/programme/", views.programme, name="programme_dashboard"),
    path(
        "dashboards/programme/<slug:figure>.csv", views.programme_csv, name="programme_figure_csv"
    ),
    path("challenges/<int:pk>/insight/", views.challenge_insight, name="challenge_insight"),
    path(
        "challenges/<int:pk>/insight/<slug:figure>.csv",
        views.challenge_insight_csv,
        name="challenge_insight_csv",
    ),
    path("teamvorming/<int:pk>/inzicht/", views.run_insight, name="team_run_insight"),
    path(
        "teamvorming/<int:pk>/inzicht/<slug:figure>.csv",
        views.run_insight_csv,
        name="team_run_insight_csv",
    ),
]
