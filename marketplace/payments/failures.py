"""What a person is told when Stripe did not do what they asked: true to the cause, since
"try again in a moment" helps only when Stripe could not be reached. An installation without
a Stripe account (the demo, a fresh `make run`) says so; a request Stripe refused (a wrong
key, parameters it rejects) will fail again, so it does not invite a retry."""

from __future__ import annotations

from django.utils.translation import gettext as _

from marketplace.payments.stripe_api import NOT_CONFIGURED, StripeFailure


def failure_kind(exc: StripeFailure) -> str:
    """``payments_not_configured``, ``stripe_unavailable`` (worth a retry) or ``stripe_refused``."""
    if exc.code == NOT_CONFIGURED:
        return "payments_not_configured"
    return "stripe_unavailable" if exc.retryable else "stripe_refused"


def failure_sentence(exc: StripeFailure) -> str:
    """The sentence for ``exc``, in the active language."""
    kind = failure_kind(exc)
    if kind == "payments_not_configured":
        return _(
            "Payments are not set up on this Kruispunt: no Stripe account is connected. "
            "Nothing was sent to Stripe; ask the platform's administrator."
        )
    if kind == "stripe_refused":
        return _(
            "Stripe refused the request: it did not happen, and trying again will not help. "
            "Ask the platform's administrator."
        )
    return _("Stripe could not complete the request; try again in a moment.")
