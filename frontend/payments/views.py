"""Payment pages: the sponsor's funding page (breakdown with fee and VAT, maximum holding time,
refund terms), the page Stripe Checkout returns to (it shows what the webhook recorded and
never marks anything paid), the winners' payout and onboarding page, and the staff overview
of payment states and problems."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from frontend.http import SignedInRequest
from marketplace.access import managed_organisations
from marketplace.payments import access, payouts, services
from marketplace.payments.failures import failure_sentence
from marketplace.payments.models import (
    ConnectAccount,
    FundingState,
    Payment,
    PrizeFunding,
    Refund,
    TeamShare,
    Transfer,
)
from marketplace.payments.notices import page_url
from marketplace.payments.pricing import funding_quote
from marketplace.payments.reconcile import problems
from marketplace.payments.stripe_api import StripeFailure

STAFF_ROWS = 100


class FundingForm(forms.Form):
    vat_number = forms.CharField(
        label=gettext_lazy("EU VAT number (businesses)"),
        max_length=20,
        required=False,
        help_text=gettext_lazy(
            "With a valid VAT number from another EU country, the reverse charge applies."
        ),
    )


def _errors(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


@login_required
def funding(request: SignedInRequest, pk: int) -> HttpResponse:
    challenge = access.challenge_for_funding(request.user, pk)
    current = PrizeFunding.objects.filter(challenge=challenge).first()
    form = FundingForm(
        request.POST or None, initial={"vat_number": current.vat_number if current else ""}
    )
    vat_number = (
        request.POST.get("vat_number", "")
        if request.method == "POST"
        else form["vat_number"].value()
    ) or ""
    quote, quote_error = None, ""
    try:
        quote = funding_quote(challenge, vat_number=str(vat_number))
    except ValidationError as exc:
        quote_error = _errors(exc)
    if request.method == "POST" and form.is_valid() and quote is not None:
        try:
            payment = services.funding_start(
                actor=request.user,
                challenge=challenge,
                prize_cents=quote.prize_cents,
                currency="eur",
                vat_number=form.cleaned_data["vat_number"],
                success_url=page_url("payments_funding_return", challenge.pk),
                cancel_url=page_url("payments_funding", challenge.pk),
            )
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        except StripeFailure as exc:
            messages.error(request, failure_sentence(exc))
        else:
            return redirect(payment.checkout_url)
    return render(
        request,
        "payments/funding.html",
        {
            "challenge": challenge,
            "funding": current,
            "quote": quote,
            "quote_error": quote_error,
            "form": form,
            "refunds": Refund.objects.filter(funding=current) if current else [],
            "hold_days": settings.FUNDS_MAX_HOLD_DAYS,
            "can_pay": quote is not None
            and challenge.status in services.FUNDABLE_STATES
            and (current is None or current.state == FundingState.AWAITING_PAYMENT),
        },
    )


@login_required
def funding_return(request: HttpRequest, pk: int) -> HttpResponse:
    """Where Stripe Checkout sends the sponsor back. Shows the ledger's state only: the
    payment counts once Stripe's webhook confirmed it."""
    challenge = access.challenge_for_funding(request.user, pk)
    current = PrizeFunding.objects.filter(challenge=challenge).first()
    return render(
        request, "payments/funding_return.html", {"challenge": challenge, "funding": current}
    )


def _award_rows(user: Any) -> list[dict[str, Any]]:
    awards = (
        access.awards_won_by(user)
        .select_related("place__challenge", "proposal")
        .order_by("-awarded_at")
    )
    transfers: dict[int, list[Transfer]] = {}
    for transfer in Transfer.objects.filter(award__in=awards).order_by("id"):
        transfers.setdefault(transfer.award_id, []).append(transfer)
    shares: dict[int, list[TeamShare]] = {}
    for share in TeamShare.objects.filter(award__in=awards).select_related("user"):
        shares.setdefault(share.award_id, []).append(share)
    return [
        {
            "award": award,
            "transfers": transfers.get(award.pk, []),
            "shares": shares.get(award.pk, []),
            "my_share": next((s for s in shares.get(award.pk, []) if s.user_id == user.pk), None),
        }
        for award in awards
    ]


@login_required
def payouts_page(request: SignedInRequest) -> HttpResponse:
    organisations = list(managed_organisations(request.user))
    accounts = {
        a.organisation_id: a for a in ConnectAccount.objects.filter(organisation__in=organisations)
    }
    return render(
        request,
        "payments/payouts.html",
        {
            "personal": ConnectAccount.objects.filter(user=request.user).first(),
            "organisations": [(org, accounts.get(org.pk)) for org in organisations],
            "rows": _award_rows(request.user),
        },
    )


@login_required
@require_POST
def onboard(request: SignedInRequest) -> HttpResponse:
    organisation = None
    if request.POST.get("organisation"):
        organisation = access.organisation_for_payouts(request.user, request.POST["organisation"])
    try:
        url = services.connect_onboard(
            actor=request.user,
            organisation=organisation,
            return_url=page_url("payments_payouts"),
            refresh_url=page_url("payments_payouts"),
        )
    except StripeFailure as exc:
        messages.error(request, failure_sentence(exc))
        return redirect("payments_payouts")
    return redirect(url)


@login_required
@require_POST
def share_agree(request: SignedInRequest, award_pk: int) -> HttpResponse:
    award = access.award_for_winner(request.user, award_pk)
    try:
        payouts.team_share_agree(actor=request.user, award=award)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("You agreed to the split of the prize."))
    return redirect("payments_payouts")


@login_required
def staff_overview(request: HttpRequest) -> HttpResponse:
    """Payment states and the problems staff must act on (from the ledger; the reconcile
    command compares with Stripe)."""
    if not access.is_payments_staff(request.user):
        raise Http404
    return render(
        request,
        "payments/staff.html",
        {
            "problems": problems(),
            "fundings": PrizeFunding.objects.select_related("challenge", "sponsor")[:STAFF_ROWS],
            "payments": Payment.objects.select_related("funding__challenge").order_by(
                "-created_at"
            )[:STAFF_ROWS],
            "transfers": Transfer.objects.select_related("funding__challenge").order_by(
                "-created_at"
            )[:STAFF_ROWS],
            "refunds": Refund.objects.select_related("funding__challenge").order_by("-created_at")[
                :STAFF_ROWS
            ],
        },
    )
