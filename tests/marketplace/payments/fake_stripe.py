"""A fake Stripe API on 127.0.0.1 for the tests: the subset Kruispunt calls (Checkout Sessions,
PaymentIntents, Accounts and account links, Transfers, Refunds, Balance), with Stripe's own
example objects (stripe_fixtures.json) as response templates.

Like Stripe, it keeps idempotent results: the same Idempotency-Key with the same parameters
replays the first response; with other parameters it answers 400 `idempotency_error`. It
keeps a platform balance (payments in, transfers and refunds out) and refuses transfers the
balance cannot cover. What Stripe would announce by webhook is queued in `events`; tests
deliver those signed with the real scheme (`signed`), in any order, as often as they like.

Faults (`fail_next`): Stripe unreachable (503 from in front of its API: nothing done, nothing
remembered) or an answer that comes too late (the work is done and remembered under the
idempotency key, the answer arrives after the client gave up).
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import hmac
import itertools
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

FIXTURES = Path(__file__).with_name("stripe_fixtures.json")


class StripeError(Exception):
    def __init__(
        self, status: int, message: str, *, type: str = "invalid_request_error", code: str = ""
    ) -> None:
        super().__init__(message)
        self.status = status
        self.body = {"error": {"type": type, "code": code or None, "message": message}}


def parse_form(body: str) -> dict[str, Any]:
    """Decode Stripe's form encoding (a[b][0][c]=v) into nested dicts and lists."""
    root: dict[str, Any] = {}
    for key, value in parse_qsl(body, keep_blank_values=True):
        parts = re.findall(r"[^\[\]]+", key)
        node = root
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value

    def listify(node: Any) -> Any:
        if isinstance(node, dict):
            node = {k: listify(v) for k, v in node.items()}
            if node and all(k.isdigit() for k in node):
                return [node[k] for k in sorted(node, key=int)]
        return node

    return listify(root)


def _public(obj: Any) -> Any:
    """A copy without the fake's private bookkeeping keys (those starting with "_")."""
    if isinstance(obj, dict):
        return {k: _public(v) for k, v in obj.items() if not k.startswith("_")}
    if isinstance(obj, list):
        return [_public(v) for v in obj]
    return obj


def _int(value: Any, name: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise StripeError(
            400, f"Invalid integer: {name}", code="parameter_invalid_integer"
        ) from None


class FakeStripe:
    def __init__(self) -> None:
        self.templates = json.loads(FIXTURES.read_text())["resources"]
        self.lock = threading.RLock()
        self.server: ThreadingHTTPServer | None = None
        self.faults_delay = 0.0
        self.reset()

    # --- lifecycle -------------------------------------------------------------------------

    def reset(self) -> None:
        with self.lock:
            self.objects: dict[str, dict[str, Any]] = {}
            self.idempotency: dict[str, tuple[str, int, str]] = {}
            self.events: list[dict[str, Any]] = []
            self.requests: list[dict[str, Any]] = []
            self.available = 0
            self.refund_status = "succeeded"
            self.fail_transfers_with: StripeError | None = None
            self.faults: dict[str, list[Any]] = {}  # path -> [mode, times left, delay]
            self._ids = itertools.count(1)
            self._last_event_time = 0

    def start(self) -> str:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                fake._handle(self, "GET")

            def do_POST(self) -> None:
                fake._handle(self, "POST")

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self.url

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    @property
    def url(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    # --- HTTP ------------------------------------------------------------------------------

    def _handle(self, request: BaseHTTPRequestHandler, method: str) -> None:
        length = int(request.headers.get("Content-Length") or 0)
        body = request.rfile.read(length).decode() if length else ""
        parts = urlsplit(request.path)
        params = parse_form(body if method == "POST" else parts.query)
        key = request.headers.get("Idempotency-Key")
        replayed = False
        fault = self._take_fault(method, parts.path)
        if fault == "unavailable":
            with self.lock:
                self.requests.append(
                    {
                        "method": method,
                        "path": parts.path,
                        "params": params,
                        "idempotency_key": key,
                        "unavailable": True,
                    }
                )
            self._answer(request, 503, StripeError(503, "Service unavailable", type="api_error"))
            return
        with self.lock:
            self.requests.append(
                {
                    "method": method,
                    "path": parts.path,
                    "params": params,
                    "idempotency_key": key,
                    "stripe_version": request.headers.get("Stripe-Version"),
                }
            )
            auth = request.headers.get("Authorization", "")
            fingerprint = json.dumps([method, parts.path, params], sort_keys=True)
            if not auth.startswith("Bearer sk_test_"):
                status, payload = 401, StripeError(401, "Invalid API Key provided").body
            elif method == "POST" and key and key in self.idempotency:
                stored_fingerprint, status, text = self.idempotency[key]
                if stored_fingerprint != fingerprint:
                    status, payload = (
                        400,
                        StripeError(
                            400,
                            "Keys for idempotent requests can only be used with the same "
                            "parameters they were first used with.",
                            type="idempotency_error",
                        ).body,
                    )
                else:
                    payload, replayed = json.loads(text), True
            else:
                try:
                    status, payload = 200, _public(self._route(method, parts.path, params, key))
                except StripeError as exc:
                    status, payload = exc.status, exc.body
                if method == "POST" and key and status != 401:
                    self.idempotency[key] = (fingerprint, status, json.dumps(payload))
        if fault == "timeout":
            time.sleep(self.faults_delay)
        with contextlib.suppress(OSError):  # the client may have given up waiting
            self._write(request, status, payload, replayed)

    def _answer(self, request: BaseHTTPRequestHandler, status: int, error: StripeError) -> None:
        data = json.dumps(error.body).encode()
        request.send_response(status)
        request.send_header("Content-Type", "application/json")
        request.send_header("Content-Length", str(len(data)))
        request.end_headers()
        request.wfile.write(data)

    def _take_fault(self, method: str, path: str) -> str | None:
        with self.lock:
            fault = self.faults.get(path) if method == "POST" else None
            if not fault or fault[1] <= 0:
                return None
            fault[1] -= 1
            self.faults_delay = fault[2]
            return str(fault[0])

    def fail_next(self, path: str, mode: str, *, times: int = 1, delay: float = 2.0) -> None:
        """The next `times` POSTs to `path` fail: mode "unavailable" (503, nothing done) or
        "timeout" (done, answered after `delay` seconds)."""
        assert mode in {"unavailable", "timeout"}
        with self.lock:
            self.faults[path] = [mode, times, delay]

    def _write(
        self, request: BaseHTTPRequestHandler, status: int, payload: Any, replayed: bool
    ) -> None:
        data = json.dumps(payload).encode()
        request.send_response(status)
        request.send_header("Content-Type", "application/json")
        request.send_header("Content-Length", str(len(data)))
        request.send_header("Request-Id", f"req_{next(self._ids)}")
        if replayed:
            request.send_header("Idempotent-Replayed", "true")
        if status >= 400:
            request.send_header("Stripe-Should-Retry", "false")
        request.end_headers()
        request.wfile.write(data)

    def _route(self, method: str, path: str, params: dict[str, Any], key: str | None) -> Any:
        routes: list[tuple[str, str, Any]] = [
            ("POST", r"/v1/checkout/sessions", self._session_create),
            ("POST", r"/v1/checkout/sessions/([^/]+)/expire", self._session_expire),
            ("GET", r"/v1/checkout/sessions", lambda p: self._list("checkout.session", p)),
            (
                "GET",
                r"/v1/checkout/sessions/([^/]+)",
                lambda p, i: self._get(i, "checkout.session"),
            ),
            ("GET", r"/v1/payment_intents/([^/]+)", lambda p, i: self._get(i, "payment_intent")),
            ("POST", r"/v1/accounts", self._account_create),
            ("GET", r"/v1/accounts/([^/]+)", lambda p, i: self._get(i, "account")),
            ("POST", r"/v1/account_links", self._account_link_create),
            ("POST", r"/v1/transfers", self._transfer_create),
            ("GET", r"/v1/transfers", lambda p: self._list("transfer", p)),
            ("GET", r"/v1/transfers/([^/]+)", lambda p, i: self._get(i, "transfer")),
            ("POST", r"/v1/refunds", self._refund_create),
            ("GET", r"/v1/refunds", lambda p: self._list("refund", p)),
            ("GET", r"/v1/refunds/([^/]+)", lambda p, i: self._get(i, "refund")),
            ("GET", r"/v1/balance", lambda p: self._balance()),
        ]
        for verb, pattern, handler in routes:
            match = re.fullmatch(pattern, path)
            if verb == method and match:
                return handler(params, *match.groups())
        raise StripeError(404, f"Unrecognized request URL ({method}: {path}).")

    # --- objects ---------------------------------------------------------------------------

    def _new(self, kind: str, prefix: str, **fields: Any) -> dict[str, Any]:
        obj = copy.deepcopy(self.templates[kind])
        obj.update(
            id=f"{prefix}_test_{next(self._ids):06d}", created=int(time.time()), livemode=False
        )
        obj.update(fields)
        self.objects[obj["id"]] = obj
        return obj

    def _get(self, obj_id: str, kind: str) -> dict[str, Any]:
        obj = self.objects.get(obj_id)
        if obj is None or obj.get("object") != kind:
            raise StripeError(404, f"No such {kind}: '{obj_id}'", code="resource_missing")
        return obj

    def _list(self, kind: str, params: dict[str, Any]) -> dict[str, Any]:
        rows = [o for o in self.objects.values() if o.get("object") == kind][::-1]
        after = params.get("starting_after")
        if after:
            ids = [o["id"] for o in rows]
            rows = rows[ids.index(after) + 1 :] if after in ids else []
        limit = _int(params.get("limit", 10), "limit")
        return {
            "object": "list",
            "data": rows[:limit],
            "has_more": len(rows) > limit,
            "url": "/v1/" + kind.replace(".", "/") + "s",
        }

    def _balance(self) -> dict[str, Any]:
        balance = copy.deepcopy(self.templates["balance"])
        balance["available"] = [
            {"amount": self.available, "currency": "eur", "source_types": {"card": self.available}}
        ]
        balance["pending"] = [{"amount": 0, "currency": "eur", "source_types": {"card": 0}}]
        balance["connect_reserved"] = [{"amount": 0, "currency": "eur"}]
        return balance

    def _session_create(self, params: dict[str, Any]) -> dict[str, Any]:
        items = params.get("line_items") or []
        if not items or params.get("mode") != "payment" or not params.get("success_url"):
            raise StripeError(400, "Missing required param: line_items.", code="parameter_missing")
        total, currencies = 0, set()
        for item in items:
            data = item.get("price_data") or {}
            amount = _int(data.get("unit_amount"), "unit_amount")
            if amount < 0:
                raise StripeError(
                    400, "unit_amount must be positive", code="parameter_invalid_integer"
                )
            total += amount * _int(item.get("quantity", 1), "quantity")
            currencies.add(data.get("currency"))
        if len(currencies) != 1 or total > 99_999_999:
            raise StripeError(400, "Invalid amount or currency", code="amount_too_large")
        return self._new(
            "checkout.session",
            "cs",
            amount_subtotal=total,
            amount_total=total,
            currency=currencies.pop(),
            status="open",
            payment_status="unpaid",
            payment_intent=None,
            mode="payment",
            metadata=params.get("metadata") or {},
            client_reference_id=params.get("client_reference_id"),
            customer_email=params.get("customer_email"),
            success_url=params["success_url"],
            cancel_url=params.get("cancel_url"),
            url="https://checkout.stripe.test/c/pay/session",
            expires_at=int(time.time()) + 86400,
            _payment_intent_data=params.get("payment_intent_data") or {},
        )

    def _session_expire(self, params: dict[str, Any], session_id: str) -> dict[str, Any]:
        session = self._get(session_id, "checkout.session")
        if session["status"] != "open":
            raise StripeError(400, "Only open sessions can be expired.", code="session_not_open")
        session["status"] = "expired"
        self._event("checkout.session.expired", session)
        return session

    def _account_create(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._new(
            "account",
            "acct",
            type=params.get("type", "express"),
            country=params.get("country", "BE"),
            email=params.get("email"),
            business_type=params.get("business_type"),
            metadata=params.get("metadata") or {},
            charges_enabled=False,
            payouts_enabled=False,
            details_submitted=False,
            capabilities={"transfers": "inactive"},
            default_currency="eur",
        )

    def _account_link_create(self, params: dict[str, Any]) -> dict[str, Any]:
        account = self._get(str(params.get("account")), "account")
        link = copy.deepcopy(self.templates["account_link"])
        link.update(
            created=int(time.time()),
            expires_at=int(time.time()) + 300,
            url=f"https://connect.stripe.test/setup/{account['id']}/{next(self._ids)}",
        )
        return link

    def _transfer_create(self, params: dict[str, Any]) -> dict[str, Any]:
        if self.fail_transfers_with is not None:
            raise self.fail_transfers_with
        amount = _int(params.get("amount"), "amount")
        destination = self.objects.get(str(params.get("destination")))
        if amount <= 0 or params.get("currency") != "eur":
            raise StripeError(400, "Invalid amount or currency.", code="parameter_invalid_integer")
        if destination is None or destination.get("object") != "account":
            raise StripeError(400, "No such destination.", code="resource_missing")
        if destination["capabilities"].get("transfers") != "active":
            raise StripeError(
                400,
                "The destination cannot receive transfers.",
                code="insufficient_capabilities_for_transfer",
            )
        if amount > self.available:
            raise StripeError(
                400, "Insufficient funds in your Stripe balance.", code="balance_insufficient"
            )
        self.available -= amount
        transfer = self._new(
            "transfer",
            "tr",
            amount=amount,
            amount_reversed=0,
            currency="eur",
            destination=destination["id"],
            metadata=params.get("metadata") or {},
            transfer_group=params.get("transfer_group"),
            description=params.get("description"),
            reversed=False,
        )
        self._event("transfer.created", transfer)
        return transfer

    def _refund_create(self, params: dict[str, Any]) -> dict[str, Any]:
        intent = self.objects.get(str(params.get("payment_intent")))
        if intent is None or intent.get("object") != "payment_intent":
            raise StripeError(400, "No such payment_intent.", code="resource_missing")
        already = sum(
            o["amount"]
            for o in self.objects.values()
            if o.get("object") == "refund"
            and o["payment_intent"] == intent["id"]
            and o["status"] in {"succeeded", "pending"}
        )
        amount = _int(params.get("amount", intent["amount_received"] - already), "amount")
        if amount <= 0 or amount > intent["amount_received"] - already:
            raise StripeError(
                400, "Refund amount is greater than unrefunded amount.", code="amount_too_large"
            )
        self.available -= amount
        refund = self._new(
            "refund",
            "re",
            amount=amount,
            currency="eur",
            payment_intent=intent["id"],
            charge=intent["latest_charge"],
            metadata=params.get("metadata") or {},
            reason=params.get("reason"),
            status=self.refund_status,
        )
        self._event("refund.created", refund)
        return refund

    # --- events and test controls ----------------------------------------------------------

    def _event(self, type: str, obj: dict[str, Any]) -> dict[str, Any]:
        self._last_event_time = max(int(time.time()), self._last_event_time + 1)
        event = copy.deepcopy(self.templates["event"])
        public = {k: v for k, v in obj.items() if not k.startswith("_")}
        event.update(
            id=f"evt_test_{next(self._ids):06d}",
            type=type,
            created=self._last_event_time,
            api_version="2026-10-28.endive",
            data={"object": copy.deepcopy(public)},
            pending_webhooks=1,
            request={"id": None, "idempotency_key": None},
        )
        self.events.append(event)
        return event

    def complete_checkout(self, session_id: str, *, payment_status: str = "paid") -> dict:
        """The customer paid: a PaymentIntent and its charge exist, the balance grows, and
        checkout.session.completed is queued (returned)."""
        with self.lock:
            session = self._get(session_id, "checkout.session")
            charge_id = f"ch_test_{next(self._ids):06d}"
            intent = self._new(
                "payment_intent",
                "pi",
                amount=session["amount_total"],
                amount_received=session["amount_total"] if payment_status == "paid" else 0,
                currency=session["currency"],
                status="succeeded" if payment_status == "paid" else "processing",
                latest_charge=charge_id,
                metadata=session["_payment_intent_data"].get("metadata", {}),
                transfer_group=session["_payment_intent_data"].get("transfer_group"),
                last_payment_error=None,
            )
            session.update(
                status="complete", payment_status=payment_status, payment_intent=intent["id"]
            )
            if payment_status == "paid":
                self.available += session["amount_total"]
            return self._event("checkout.session.completed", session)

    def expire_checkout(self, session_id: str) -> dict:
        with self.lock:
            self._session_expire({}, session_id)
            return self.events[-1]

    def activate_account(self, account_id: str) -> dict:
        """The winner finished onboarding: transfers become possible; account.updated."""
        with self.lock:
            account = self._get(account_id, "account")
            account.update(
                details_submitted=True,
                payouts_enabled=True,
                charges_enabled=False,
                capabilities={"transfers": "active"},
                requirements={
                    **account.get("requirements", {}),
                    "currently_due": [],
                    "disabled_reason": None,
                },
            )
            return self._event("account.updated", account)

    def reverse_transfer(self, transfer_id: str) -> dict:
        with self.lock:
            transfer = self._get(transfer_id, "transfer")
            transfer.update(reversed=True, amount_reversed=transfer["amount"])
            self.available += transfer["amount"]
            return self._event("transfer.reversed", transfer)

    def settle_refund(self, refund_id: str, status: str = "succeeded") -> dict:
        with self.lock:
            refund = self._get(refund_id, "refund")
            if status == "failed" and refund["status"] != "failed":
                self.available += refund["amount"]
            refund["status"] = status
            return self._event("refund.updated", refund)

    def of_type(self, kind: str) -> list[dict[str, Any]]:
        with self.lock:
            return [o for o in self.objects.values() if o.get("object") == kind]

    def events_of(self, type: str) -> list[dict[str, Any]]:
        with self.lock:
            return [e for e in self.events if e["type"] == type]

    def posts(self, path: str) -> list[dict[str, Any]]:
        with self.lock:
            return [r for r in self.requests if r["method"] == "POST" and r["path"] == path]


def sign(payload: str, secret: str, timestamp: int | None = None) -> str:
    """Stripe's signing scheme, written out: t=<unix time>,v1=HMAC-SHA256(secret, "t.payload")."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"
