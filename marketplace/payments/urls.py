"""Payments API routes, included under /api/v1/. The webhook has its own URLconf
(`urls_webhook`), mounted at /stripe/webhook/ outside i18n_patterns."""

from django.urls import URLPattern, URLResolver, path

from marketplace.payments import api

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "challenges/<int:pk>/funding/",
        api.ChallengeFundingView.as_view(),
        name="challenge-funding-payment",
    ),
    path(
        "challenges/<int:pk>/refunds/", api.ChallengeRefundsView.as_view(), name="challenge-refunds"
    ),
    path("awards/<int:pk>/payment/", api.AwardPaymentView.as_view(), name="award-payment"),
    path("awards/<int:pk>/shares/", api.AwardSharesView.as_view(), name="award-shares"),
    path(
        "awards/<int:pk>/shares/agree/",
        api.AwardSharesAgreeView.as_view(),
        name="award-shares-agree",
    ),
    path(
        "paid-assignments/<int:pk>/accept/",
        api.AssignmentAcceptView.as_view(),
        name="paid-assignment-accept",
    ),
    path("connect/onboarding/", api.ConnectOnboardingView.as_view(), name="connect-onboarding"),
]
