"""What a sponsor or winner is told when Stripe did not do what they asked, true to the cause:
an installation without a Stripe account says so (it is no outage, a retry will not help), a
request Stripe refused (here: a key Stripe does not accept) does not invite a retry, and only
an unreachable Stripe says "try again in a moment". On the pages and through the API, in the
reader's language."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from marketplace.payments.models import ConnectAccount
from tests.marketplace.payments.builders import challenge_with_places

pytestmark = pytest.mark.django_db

NOT_SET_UP = (
    "Payments are not set up on this Kruispunt: no Stripe account is connected. "
    "Nothing was sent to Stripe; ask the platform's administrator."
)
REFUSED = (
    "Stripe refused the request: it did not happen, and trying again will not help. "
    "Ask the platform's administrator."
)


def _fund_through_the_api(api, owner, challenge, language="en"):
    return api(owner).post(
        f"/api/v1/challenges/{challenge.pk}/funding/",
        {"prize_amount": "1000.00", "currency": "EUR"},
        format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )


def _fund_on_the_page(client, owner, challenge, language):
    client.force_login(owner)
    with translation.override(language):
        url = reverse("payments_funding", args=[challenge.pk])
    return client.post(url, {"vat_number": ""}, follow=True).content.decode()


def test_without_a_stripe_account_the_api_says_payments_are_not_set_up(
    api, owner, organisation, fake, settings
):
    settings.STRIPE_SECRET_KEY = ""
    challenge = challenge_with_places(owner, organisation, (1000,))
    response = _fund_through_the_api(api, owner, challenge)
    assert response.status_code == 503
    assert response.json()["detail"] == NOT_SET_UP
    assert fake.posts("/v1/checkout/sessions") == []
    dutch = _fund_through_the_api(api, owner, challenge, "nl").json()["detail"]
    assert dutch.startswith("Betalingen zijn op dit Kruispunt niet ingesteld")


def test_a_request_stripe_refuses_is_not_offered_as_worth_a_retry(
    api, owner, organisation, fake, settings
):
    settings.STRIPE_SECRET_KEY = "sk_live_not_accepted"  # the fake accepts only sk_test_: 401
    challenge = challenge_with_places(owner, organisation, (1000,))
    response = _fund_through_the_api(api, owner, challenge)
    assert response.status_code == 502
    assert response.json()["detail"] == REFUSED
    assert "try again in a moment" not in response.content.decode()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", NOT_SET_UP),
        ("nl", "Betalingen zijn op dit Kruispunt niet ingesteld: er is geen Stripe-account"),
        ("fr", "Les paiements ne sont pas configurés sur ce Kruispunt"),
    ],
)
def test_the_funding_page_says_payments_are_not_set_up(
    client, owner, organisation, fake, settings, language, expected
):
    settings.STRIPE_SECRET_KEY = ""
    challenge = challenge_with_places(owner, organisation, (1000,))
    html = _fund_on_the_page(client, owner, challenge, language).replace("&#x27;", "'")
    assert expected in html
    assert "Stripe could not be reached" not in html


def test_payout_set_up_without_a_stripe_account_says_so(client, owner, fake, settings):
    settings.STRIPE_SECRET_KEY = ""
    client.force_login(owner)
    with translation.override("en"):
        url = reverse("payments_onboard")
    html = client.post(url, follow=True).content.decode().replace("&#x27;", "'")
    assert NOT_SET_UP in html
    assert not ConnectAccount.objects.exists()
