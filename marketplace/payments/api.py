"""Payments API (under /api/v1/): funding a challenge's prize money, refunds, paying awards,
team prize shares, accepting paid assignments, Connect onboarding. Amounts are decimal euro
strings with at most two decimals ("250.00"); the ledger keeps integer cents."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import APIException
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.models import Award
from marketplace.payments import access, payouts, services
from marketplace.payments.failures import failure_kind, failure_sentence
from marketplace.payments.models import (
    ConnectAccount,
    PaidAssignment,
    Payment,
    PrizeFunding,
    Refund,
    TeamShare,
    Transfer,
)
from marketplace.payments.notices import page_url
from marketplace.payments.pricing import funding_quote
from marketplace.payments.stripe_api import StripeFailure
from marketplace.rest.acting import acting_user
from marketplace.rest.strict import StrictSerializer

T = TypeVar("T")
MONEY = {"max_digits": 8, "decimal_places": 2, "min_value": Decimal("0.01")}


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class StripeUnavailable(APIException):
    """Stripe could not be reached (503, worth a retry) or no Stripe account is connected
    (503, ``payments_not_configured``)."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "stripe_unavailable"


class StripeRefused(APIException):
    """Stripe refused the request: the same request will be refused again (502)."""

    status_code = status.HTTP_502_BAD_GATEWAY
    default_code = "stripe_refused"


# What an operation that goes through _run can answer besides the API's usual errors (each
# with the Error body; the schema hook adds it).
STRIPE_ANSWERS = {
    409: OpenApiResponse(
        description="The payment ledger refused it as things stand (already funded, a payment "
        "being confirmed, nothing left to refund, …); `detail` says which. Nothing changed."
    ),
    502: OpenApiResponse(
        description="Stripe refused the request (`stripe_refused`): it did not happen, and the "
        "same request will be refused again."
    ),
    503: OpenApiResponse(
        description="Stripe could not be reached (`stripe_unavailable`: try again in a moment), "
        "or this installation has no Stripe account (`payments_not_configured`). Nothing "
        "was charged or paid."
    ),
}


def _run(call: Callable[[], T]) -> T:
    """Map the ledger's refusals to 409 and Stripe trouble to 503 or 502, with a sentence true
    to the cause (other ValidationErrors become 400 in the API's exception handler)."""
    try:
        return call()
    except services.PaymentConflict as exc:
        raise Conflict({"detail": [str(m) for m in exc.messages]}) from None
    except StripeFailure as exc:
        kind = failure_kind(exc)
        error = StripeRefused if kind == "stripe_refused" else StripeUnavailable
        raise error(failure_sentence(exc), code=kind) from None


def cents(amount: Decimal) -> int:
    return int(amount * 100)


def euro(value: int) -> str:
    return f"{Decimal(value) / 100:.2f}"


# --- Funding -----------------------------------------------------------------------------------


class FundingStartSerializer(StrictSerializer):
    prize_amount = serializers.DecimalField(**MONEY)  # type: ignore[arg-type]
    currency = serializers.CharField(max_length=3)
    vat_number = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")


def funding_data(challenge: Any, funding: PrizeFunding | None, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "challenge": challenge.pk,
        "state": funding.state if funding else "not_started",
        "funded": bool(funding and funding.is_funded),
        "max_holding_days": settings.FUNDS_MAX_HOLD_DAYS,
    }
    if funding is not None:
        data |= {
            "prize_amount": euro(funding.prize_cents),
            "fee_amount": euro(funding.fee_cents),
            "vat_rate_percent": f"{funding.vat_rate_bp / 100:.2f}",
            "vat_amount": euro(funding.vat_cents),
            "vat_treatment": funding.vat_treatment,
            "total_amount": euro(funding.total_cents),
            "currency": funding.currency.upper(),
            "hold_until": funding.hold_until,
        }
    return data | extra


class ChallengeFundingView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=dict)
    def get(self, request: Request, pk: int) -> Response:
        """The funding's state, and the breakdown the sponsor would pay now."""
        challenge = access.challenge_for_funding(request.user, pk)
        funding = PrizeFunding.objects.filter(challenge=challenge).first()
        quote_data: dict[str, Any] = {}
        try:
            quote = funding_quote(challenge, vat_number=request.query_params.get("vat_number", ""))
        except ValidationError as exc:
            quote_data = {"quote_error": [str(m) for m in exc.messages]}
        else:
            quote_data = {
                "quote": {
                    "prize_amount": euro(quote.prize_cents),
                    "fee_amount": euro(quote.fee_cents),
                    "vat_rate_percent": f"{quote.vat_rate_bp / 100:.2f}",
                    "vat_amount": euro(quote.vat_cents),
                    "vat_treatment": quote.vat_treatment,
                    "total_amount": euro(quote.total_cents),
                    "currency": "EUR",
                    "holding_warning": quote.hold_warning,
                }
            }
        return Response(funding_data(challenge, funding, **quote_data))

    @extend_schema(request=FundingStartSerializer, responses={201: dict, **STRIPE_ANSWERS})
    def post(self, request: Request, pk: int) -> Response:
        """Open Stripe Checkout for the prize money. The challenge is funded only when Stripe
        confirms the payment by webhook."""
        challenge = access.challenge_for_funding(request.user, pk)
        serializer = FundingStartSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        payment: Payment = _run(
            lambda: services.funding_start(
                actor=acting_user(request),
                challenge=challenge,
                prize_cents=cents(data["prize_amount"]),
                currency=data["currency"],
                vat_number=data["vat_number"],
                success_url=page_url("payments_funding_return", challenge.pk),
                cancel_url=page_url("payments_funding", challenge.pk),
            )
        )
        return Response(
            funding_data(
                challenge,
                payment.funding,
                payment=payment.pk,
                checkout_url=payment.checkout_url,
            ),
            status=status.HTTP_201_CREATED,
        )


# --- Refunds -----------------------------------------------------------------------------------


class RefundSerializer(StrictSerializer):
    reason = serializers.ChoiceField(choices=["cancelled", "unawarded"])


def refund_data(refund: Refund) -> dict[str, Any]:
    return {
        "id": refund.pk,
        "reason": refund.reason,
        "amount": euro(refund.amount_cents),
        "prize_amount": euro(refund.prize_cents),
        "fee_amount": euro(refund.fee_cents),
        "state": refund.state,
    }


class ChallengeRefundsView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=RefundSerializer, responses={201: dict, **STRIPE_ANSWERS})
    def post(self, request: Request, pk: int) -> Response:
        challenge = access.challenge_for_funding(request.user, pk)
        serializer = RefundSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        refund = _run(
            lambda: services.challenge_refund(
                actor=acting_user(request),
                challenge=challenge,
                reason=serializer.validated_data["reason"],
            )
        )
        return Response(refund_data(refund), status=status.HTTP_201_CREATED)


# --- Awards ------------------------------------------------------------------------------------


def transfer_data(transfer: Transfer) -> dict[str, Any]:
    return {
        "member": transfer.member_key,
        "amount": euro(transfer.amount_cents),
        "state": transfer.state,
        "error": transfer.error,
    }


def award_payment_data(award: Award) -> dict[str, Any]:
    award.refresh_from_db(fields=["payment_state"])
    transfers = Transfer.objects.filter(award=award).order_by("id")
    assignment = PaidAssignment.objects.filter(award=award).first()
    return {
        "award": award.pk,
        "payment_state": award.payment_state,
        "transfers": [transfer_data(t) for t in transfers],
        "paid_assignment": (
            {"id": assignment.pk, "kind": assignment.kind, "state": assignment.state}
            if assignment
            else None
        ),
    }


class AwardPaymentView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=dict)
    def get(self, request: Request, pk: int) -> Response:
        try:
            award = access.award_for_manage(request.user, pk)
        except (PermissionDenied, Http404):
            award = access.award_for_winner(request.user, pk)
        return Response(award_payment_data(award))

    @extend_schema(request=None, responses={200: dict, **STRIPE_ANSWERS})
    def post(self, request: Request, pk: int) -> Response:
        """Pay the award (idempotent: paying again returns the same transfers)."""
        award = access.award_for_manage(request.user, pk)
        _run(lambda: payouts.award_pay(actor=acting_user(request), award=award))
        return Response(award_payment_data(award))


class ShareSerializer(StrictSerializer):
    user = serializers.IntegerField()
    percent = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=Decimal("0.01"), max_value=Decimal("100")
    )


class SharesSerializer(StrictSerializer):
    shares = ShareSerializer(many=True, allow_empty=False)


def shares_data(award: Award) -> dict[str, Any]:
    rows = TeamShare.objects.filter(award=award).select_related("user")
    return {
        "award": award.pk,
        "shares": [
            {
                "user": s.user_id,
                "name": s.user.display_name,
                "percent": f"{s.share_bp / 100:.2f}",
                "agreed": s.agreed_at is not None,
            }
            for s in rows
        ],
    }


class AwardSharesView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=dict)
    def get(self, request: Request, pk: int) -> Response:
        return Response(shares_data(access.award_for_winner(request.user, pk)))

    @extend_schema(request=SharesSerializer, responses=dict)
    def put(self, request: Request, pk: int) -> Response:
        """Set the split of a team prize; every member then agrees (the setter already did)."""
        award = access.award_for_winner(request.user, pk)
        serializer = SharesSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        shares: dict[int, int] = {}
        for row in serializer.validated_data["shares"]:
            if row["user"] in shares:
                raise serializers.ValidationError({"shares": [_("Each member once.")]})
            shares[row["user"]] = int(row["percent"] * 100)
        payouts.team_shares_set(actor=acting_user(request), award=award, shares=shares)
        return Response(shares_data(award))


class AwardSharesAgreeView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=None, responses=dict)
    def post(self, request: Request, pk: int) -> Response:
        award = access.award_for_winner(request.user, pk)
        payouts.team_share_agree(actor=acting_user(request), award=award)
        return Response(shares_data(award))


# --- Paid assignments --------------------------------------------------------------------------


class AcceptSerializer(StrictSerializer):
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class AssignmentAcceptView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=AcceptSerializer, responses={200: dict, **STRIPE_ANSWERS})
    def post(self, request: Request, pk: int) -> Response:
        """Accept the deliverable; its fixed fee is paid."""
        assignment = access.assignment_for_manage(request.user, pk)
        serializer = AcceptSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        _run(
            lambda: payouts.assignment_accept(
                actor=acting_user(request),
                assignment=assignment,
                note=serializer.validated_data["note"],
            )
        )
        return Response(award_payment_data(assignment.award))


# --- Connect -----------------------------------------------------------------------------------


class OnboardingSerializer(StrictSerializer):
    organisation = serializers.IntegerField(required=False, allow_null=True, default=None)


def account_data(account: ConnectAccount | None) -> dict[str, Any]:
    if account is None:
        return {"state": "not_started", "payouts_enabled": False}
    return {"state": account.state, "payouts_enabled": account.payouts_enabled}


class ConnectOnboardingView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=dict)
    def get(self, request: Request) -> Response:
        """The payout accounts of the user and of the organisations they manage."""
        from marketplace.access import managed_organisations

        personal = ConnectAccount.objects.filter(user=acting_user(request)).first()
        organisations = [
            {
                "organisation": org.pk,
                **account_data(ConnectAccount.objects.filter(organisation=org).first()),
            }
            for org in managed_organisations(request.user)
        ]
        return Response({"personal": account_data(personal), "organisations": organisations})

    @extend_schema(request=OnboardingSerializer, responses={201: dict, **STRIPE_ANSWERS})
    def post(self, request: Request) -> Response:
        """A Stripe onboarding link for the user (or an organisation they manage)."""
        serializer = OnboardingSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        org_pk = serializer.validated_data["organisation"]
        organisation = access.organisation_for_payouts(request.user, org_pk) if org_pk else None
        url = _run(
            lambda: services.connect_onboard(
                actor=acting_user(request),
                organisation=organisation,
                return_url=page_url("payments_payouts"),
                refresh_url=page_url("payments_payouts"),
            )
        )
        return Response({"url": url}, status=status.HTTP_201_CREATED)
