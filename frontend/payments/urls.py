"""Payment pages (inside i18n_patterns: Dutch paths, /en/… and /fr/… prefixes). The names
payments_funding, payments_funding_return and payments_payouts are reversed by
marketplace.payments (Checkout return addresses, links in e-mails)."""

from django.urls import URLPattern, URLResolver, path

from frontend.payments import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("betalingen/uitdaging/<int:pk>/financiering/", views.funding, name="payments_funding"),
    path(
        "betalingen/uitdaging/<int:pk>/financiering/bedankt/",
        views.funding_return,
        name="payments_funding_return",
    ),
    path("uitbetalingen/", views.payouts_page, name="payments_payouts"),
    path("uitbetalingen/instellen/", views.onboard, name="payments_onboard"),
    path(
        "uitbetalingen/prijs/<int:award_pk>/akkoord/",
        views.share_agree,
        name="payments_share_agree",
    ),
    path("beheer/betalingen/", views.staff_overview, name="payments_staff"),
]
