"""Finding one's way: the home page, suggestions with their reasons and the feedback on them,
and the search-as-you-type fragments (htmx) the taxonomy pickers use. The name home is
reversed by the marketplace services."""

from django.urls import URLPattern, URLResolver, path

from frontend.discover import home, search, suggestions

urlpatterns: list[URLPattern | URLResolver] = [
    path("", home.home, name="home"),
    path(
        "organisaties/<int:pk>/suggesties/",
        suggestions.organisation_suggestions,
        name="organisation_suggestions",
    ),
    path("suggesties/reactie/", suggestions.suggestion_feedback, name="suggestion_feedback"),
    path(
        "mijn-uitdagingen/", suggestions.my_challenge_suggestions, name="my_challenge_suggestions"
    ),
    path("zoeken/vaardigheden/", search.skill_search, name="skill_search"),
    path("zoeken/nace/", search.nace_search, name="nace_search"),
]
