"""Fixtures for the payments tests: the fake Stripe server (one per session, emptied for each
test), the SDK pointed at it, signed webhook delivery, and the people of every access test —
the sponsor (owner of the posting organisation), the winner (a submitter), another member of
the posting organisation, an outsider and the anonymous visitor."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client

from tests.marketplace.payments.fake_stripe import FakeStripe, sign

WEBHOOK_SECRET = "whsec_test_kruispunt"
WEBHOOK_URL = "/stripe/webhook/"


@pytest.fixture(scope="session")
def fake_server() -> Iterator[FakeStripe]:
    fake = FakeStripe()
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture
def fake(fake_server: FakeStripe, settings: Any) -> FakeStripe:
    """The fake Stripe, empty, with the SDK and our settings pointed at it."""
    fake_server.reset()
    settings.STRIPE_API_BASE = fake_server.url
    settings.STRIPE_SECRET_KEY = "sk_test_kruispunt"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.PLATFORM_FEE_PERCENT = 5.0
    settings.PLATFORM_FEE_FIXED_CENTS = 2500
    settings.FUNDS_MAX_HOLD_DAYS = 180
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return fake_server


@pytest.fixture
def deliver(fake: FakeStripe) -> Callable[..., Any]:
    """deliver(event) posts the event to our webhook, signed like Stripe signs it; keyword
    arguments change the timestamp, the secret or the raw header."""

    def post(
        event: dict[str, Any],
        *,
        timestamp: int | None = None,
        secret: str = WEBHOOK_SECRET,
        header: str | None = None,
        body: str | None = None,
    ) -> Any:
        payload = body if body is not None else json.dumps(event)
        signature = header if header is not None else sign(payload, secret, timestamp)
        return Client().post(
            WEBHOOK_URL,
            data=payload,
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE=signature,
        )

    return post


@pytest.fixture(autouse=True)
def _email_in_memory(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
