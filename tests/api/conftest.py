"""The fake Stripe of the payment tests, for the fuzzing of the payment operations."""

from tests.marketplace.payments.conftest import fake, fake_server

__all__ = ["fake", "fake_server"]
