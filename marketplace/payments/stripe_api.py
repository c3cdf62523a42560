"""The one module that talks to Stripe (the only `import stripe` in the project).

The API version is pinned (settings.STRIPE_API_VERSION); `STRIPE_API_BASE` points the SDK at
another server (the tests' fake Stripe). Every call that creates something carries an
idempotency key derived from our own ledger row, so a retried request never creates twice.
Callers get plain dicts back and catch `StripeFailure`.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from typing import Any

import stripe
from django.conf import settings

stripe.api_version = settings.STRIPE_API_VERSION

_clients: dict[tuple[str, str, str, int], stripe.StripeClient] = {}
_clients_lock = threading.Lock()

NOT_CONFIGURED = "not_configured"  # StripeFailure.code without a secret key


class StripeFailure(Exception):
    """Stripe refused the request or could not be reached. `retryable` is False when the
    same request will fail again (invalid parameters, insufficient balance)."""

    def __init__(self, message: str, *, code: str = "", retryable: bool = False) -> None:
        super().__init__(message)
        self.code = code
        self.retryable = retryable


class BadSignature(Exception):
    """The webhook's signature, timestamp or body is not acceptable."""


def _client() -> stripe.StripeClient:
    key = settings.STRIPE_SECRET_KEY
    if not key:
        raise StripeFailure("STRIPE_SECRET_KEY is not set.", code=NOT_CONFIGURED)
    base = settings.STRIPE_API_BASE or stripe.DEFAULT_API_BASE
    timeout = settings.STRIPE_TIMEOUT_SECONDS
    cache_key = (key, base, settings.STRIPE_API_VERSION, timeout)
    with _clients_lock:
        client = _clients.get(cache_key)
        if client is None:
            client = stripe.StripeClient(
                key,
                stripe_version=settings.STRIPE_API_VERSION,
                base_addresses={"api": base, "connect": base, "files": base},
                # Safe with idempotency keys: a retried create returns the first result.
                max_network_retries=2,
                http_client=stripe.RequestsClient(timeout=timeout),
            )
            _clients[cache_key] = client
    return client


def _plain(obj: Any) -> dict[str, Any]:
    return obj.to_dict() if hasattr(obj, "to_dict") else dict(obj)


def _call(method: Any, params: dict[str, Any], options: dict[str, Any] | None = None) -> Any:
    try:
        return method(params=params, options=options or {})
    except stripe.StripeError as exc:
        error = getattr(exc, "error", None)
        code = (getattr(error, "code", None) or getattr(error, "type", None) or "") if error else ""
        retryable = (
            isinstance(exc, stripe.APIConnectionError | stripe.RateLimitError | stripe.APIError)
            or (exc.http_status or 0) >= 500
        )
        raise StripeFailure(exc.user_message or str(exc), code=code, retryable=retryable) from exc


def _create(method: Any, params: dict[str, Any], idempotency_key: str) -> dict[str, Any]:
    return _plain(_call(method, params, {"idempotency_key": idempotency_key}))


# --- Checkout ------------------------------------------------------------------------------


def checkout_session_create(params: dict[str, Any], *, idempotency_key: str) -> dict[str, Any]:
    return _create(_client().v1.checkout.sessions.create, params, idempotency_key)


def checkout_session_expire(session_id: str) -> dict[str, Any]:
    return _plain(
        _call(
            lambda params, options: _client().v1.checkout.sessions.expire(
                session_id, params=params, options=options
            ),
            {},
        )
    )


def checkout_session_retrieve(session_id: str) -> dict[str, Any]:
    return _plain(
        _call(
            lambda params, options: _client().v1.checkout.sessions.retrieve(
                session_id, params=params, options=options
            ),
            {},
        )
    )


# --- Connect -------------------------------------------------------------------------------


def account_create(params: dict[str, Any], *, idempotency_key: str) -> dict[str, Any]:
    return _create(_client().v1.accounts.create, params, idempotency_key)


def account_retrieve(account_id: str) -> dict[str, Any]:
    return _plain(
        _call(
            lambda params, options: _client().v1.accounts.retrieve(
                account_id, params=params, options=options
            ),
            {},
        )
    )


def account_link_create(params: dict[str, Any], *, idempotency_key: str) -> dict[str, Any]:
    return _create(_client().v1.account_links.create, params, idempotency_key)


# --- Money movements -----------------------------------------------------------------------


def transfer_create(params: dict[str, Any], *, idempotency_key: str) -> dict[str, Any]:
    return _create(_client().v1.transfers.create, params, idempotency_key)


def transfer_retrieve(transfer_id: str) -> dict[str, Any]:
    return _plain(
        _call(
            lambda params, options: _client().v1.transfers.retrieve(
                transfer_id, params=params, options=options
            ),
            {},
        )
    )


def refund_create(params: dict[str, Any], *, idempotency_key: str) -> dict[str, Any]:
    return _create(_client().v1.refunds.create, params, idempotency_key)


def refund_retrieve(refund_id: str) -> dict[str, Any]:
    return _plain(
        _call(
            lambda params, options: _client().v1.refunds.retrieve(
                refund_id, params=params, options=options
            ),
            {},
        )
    )


def balance_retrieve() -> dict[str, Any]:
    return _plain(
        _call(
            lambda params, options: _client().v1.balance.retrieve(params=params, options=options),
            {},
        )
    )


def _iterate(method: Any) -> Iterator[dict[str, Any]]:
    page = _call(method, {"limit": 100})
    for item in page.auto_paging_iter():
        yield _plain(item)


def transfers_all() -> Iterator[dict[str, Any]]:
    return _iterate(_client().v1.transfers.list)


def refunds_all() -> Iterator[dict[str, Any]]:
    return _iterate(_client().v1.refunds.list)


def checkout_sessions_all() -> Iterator[dict[str, Any]]:
    return _iterate(_client().v1.checkout.sessions.list)


# --- Webhooks ------------------------------------------------------------------------------


def webhook_event(payload: bytes, signature_header: str | None) -> dict[str, Any]:
    """Verify a webhook on its raw body and return the event as a dict. Rejects a bad or
    missing signature, a timestamp older than the tolerance and one further in the future
    than the tolerance (a replay signed with a clock set ahead)."""
    secret = settings.STRIPE_WEBHOOK_SECRET
    tolerance = settings.STRIPE_WEBHOOK_TOLERANCE_SECONDS
    if not secret:
        raise BadSignature("STRIPE_WEBHOOK_SECRET is not set.")
    try:
        stripe.WebhookSignature.verify_header(payload, signature_header, secret, tolerance)
    except (stripe.SignatureVerificationError, UnicodeDecodeError, ValueError) as exc:
        raise BadSignature(str(exc)) from None
    timestamp = _signed_timestamp(signature_header or "")
    if timestamp > time.time() + tolerance:
        raise BadSignature("Timestamp too far in the future.")
    try:
        event = json.loads(payload)
    except ValueError:
        raise BadSignature("The body is not JSON.") from None
    if (
        not isinstance(event, dict)
        or event.get("object") != "event"
        or not isinstance(event.get("id"), str)
        or not isinstance(event.get("type"), str)
        or not isinstance(event.get("data"), dict)
        or not isinstance(event["data"].get("object"), dict)
    ):
        raise BadSignature("The body is not a Stripe event.")
    return event


def _signed_timestamp(header: str) -> int:
    for item in header.split(","):
        name, _sep, value = item.partition("=")
        if name.strip() == "t":
            try:
                return int(value)
            except ValueError:
                break
    raise BadSignature("No timestamp in the signature header.")


def signature_header(payload: str, secret: str, timestamp: int | None = None) -> str:
    """The Stripe-Signature header Stripe would send for `payload` (for tests and tools)."""
    return stripe.WebhookSignature.generate_signature_header(payload, secret, timestamp)
