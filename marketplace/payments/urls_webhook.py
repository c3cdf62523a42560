"""The Stripe webhook endpoint, mounted at /stripe/webhook/ (outside i18n_patterns)."""

from django.urls import URLPattern, path

from marketplace.payments.webhooks import stripe_webhook

urlpatterns: list[URLPattern] = [
    path("", stripe_webhook, name="stripe_webhook"),
]
