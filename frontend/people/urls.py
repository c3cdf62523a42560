"""Person pages: onboarding after sign-up, public profiles, one's own profile, privacy, data
export and erasure. The names onboarding and person_detail are reversed by the marketplace
models and services."""

from django.urls import URLPattern, URLResolver, path

from frontend.people import onboarding, views

urlpatterns: list[URLPattern | URLResolver] = [
    path("welkom/", onboarding.onboarding, name="onboarding"),
    path("mensen/<int:pk>/", views.person_detail, name="person_detail"),
    path("mijn-profiel/", views.profile_edit, name="profile_edit"),
    path("mijn-profiel/privacy/", views.privacy, name="privacy"),
    path("mijn-profiel/privacy/export/", views.my_data_export, name="my_data_export"),
    path("mijn-profiel/privacy/verwijderen/", views.account_delete, name="account_delete"),
]
