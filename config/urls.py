from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from frontend.discover.home import favicon

# A database that is briefly unreachable answers 503 + Retry-After, not 500 (config/errors.py).
handler500 = "config.errors.server_error"
# Under /api/, a path that names nothing answers JSON like the API's own 404s.
handler404 = "config.errors.page_not_found"

urlpatterns = [
    path("favicon.ico", favicon, name="favicon"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("marketplace.api.urls")),
    path("api/v1/", include("marketplace.api.urls_challenges")),
    path("api/v1/", include("collab.api.urls")),
    path("api/v1/", include("marketplace.teams.urls")),
    path("api/v1/", include("chat.api.urls")),
    path("api/v1/", include("marketplace.payments.urls")),
    path("stripe/webhook/", include("marketplace.payments.urls_webhook")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "api/docs/",
        # Our template moves drf-spectacular's inline <style> into a stylesheet (site CSP).
        SpectacularSwaggerSplitView.as_view(
            url_name="schema", template_name="frontend/api/swagger_ui.html"
        ),
        name="api_docs",
    ),
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("frontend.urls")),
    prefix_default_language=False,
)

# Over a rate limit (allauth's account pages too): a page in the reader's language.
handler429 = "frontend.rate_limits.too_many_requests"
