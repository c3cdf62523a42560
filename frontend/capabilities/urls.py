"""Capability pages: the directory and what an organisation or person offers. The name
capability_detail is reversed by the marketplace models."""

from django.urls import URLPattern, URLResolver, path

from frontend.capabilities import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("capaciteiten/", views.capability_list, name="capability_list"),
    path("capaciteiten/nieuw/", views.capability_create, name="capability_create"),
    path("capaciteiten/<int:pk>/", views.capability_detail, name="capability_detail"),
    path("capaciteiten/<int:pk>/bewerken/", views.capability_edit, name="capability_edit"),
    path("capaciteiten/<int:pk>/verwijderen/", views.capability_delete, name="capability_delete"),
]
