"""The ledger in the admin, read-only: money moves only through the services and webhooks."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from marketplace.payments.models import (
    ConnectAccount,
    PaidAssignment,
    Payment,
    PrizeFunding,
    Refund,
    TeamShare,
    Transfer,
    WebhookEvent,
)


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(PrizeFunding)
class PrizeFundingAdmin(ReadOnly):
    list_display = ["challenge", "sponsor", "total_cents", "state", "funded_at", "hold_until"]
    list_filter = ["state", "vat_treatment"]


@admin.register(Payment)
class PaymentAdmin(ReadOnly):
    list_display = ["idempotency_key", "amount_cents", "state", "surplus", "paid_at"]
    list_filter = ["state", "surplus"]


@admin.register(Transfer)
class TransferAdmin(ReadOnly):
    list_display = ["idempotency_key", "amount_cents", "state", "stripe_transfer_id", "paid_at"]
    list_filter = ["state"]


@admin.register(Refund)
class RefundAdmin(ReadOnly):
    list_display = ["idempotency_key", "reason", "amount_cents", "state", "settled_at"]
    list_filter = ["state", "reason"]


@admin.register(ConnectAccount)
class ConnectAccountAdmin(ReadOnly):
    list_display = ["stripe_account_id", "organisation", "user", "state", "payouts_enabled"]
    list_filter = ["state"]


@admin.register(WebhookEvent)
class WebhookEventAdmin(ReadOnly):
    list_display = ["event_id", "type", "outcome", "received_at"]
    list_filter = ["type", "outcome"]
    search_fields = ["event_id", "object_id"]


admin.site.register(TeamShare, ReadOnly)
admin.site.register(PaidAssignment, ReadOnly)
