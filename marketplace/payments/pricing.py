"""What a sponsor pays, shown before paying: prizes + platform fee + VAT on that fee.

VAT, kept simple on purpose (the platform is a Belgian business; the prize money passes through
to the winners and is not the platform's turnover, so VAT applies to the platform fee only):

- a business customer in another EU member state with a valid VAT number: reverse charge,
  0 % (article 196 of Directive 2006/112/EC; the customer accounts for the VAT);
- everyone else (Belgian customers, customers without a VAT number): Belgian VAT, 21 %.

Refund terms (shown on the funding page):

- cancelled before the challenge opened: everything is refunded, fee and VAT included;
- cancelled later, before the award: the prizes are refunded, the platform fee is kept;
- places not awarded when awarding is over: their prize amounts are refunded.

Funds wait on the platform's Stripe balance until they are paid out or refunded, at most
FUNDS_MAX_HOLD_DAYS. That is not escrow and is never called so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.identifiers import normalise_vat_number
from marketplace.payments.models import VatTreatment

BELGIAN_VAT_BP = 2100
# Stripe Checkout's largest amount for EUR is 999,999.99.
MAX_TOTAL_CENTS = 99_999_999
EU_VAT_PREFIXES = {
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "FR", "HR", "HU", "IE",
    "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "XI",
}  # fmt: skip


@dataclass(frozen=True)
class FundingQuote:
    prize_cents: int
    fee_cents: int
    vat_rate_bp: int
    vat_cents: int
    vat_treatment: str
    vat_number: str
    country: str
    place_amounts: dict[str, int]
    hold_days: int
    hold_warning: str

    @property
    def total_cents(self) -> int:
        return self.prize_cents + self.fee_cents + self.vat_cents


def place_amounts(challenge: object) -> dict[str, int]:
    """{place id: cents} for the challenge's award places with a money amount."""
    places = challenge.award_places.filter(amount_eur__gt=0)  # type: ignore[attr-defined]
    return {str(p.pk): int(p.amount_eur) * 100 for p in places}


def platform_fee_cents(prize_cents: int) -> int:
    percent = Decimal(str(settings.PLATFORM_FEE_PERCENT))
    variable = (Decimal(prize_cents) * percent / 100).quantize(Decimal(1), ROUND_HALF_UP)
    return int(variable) + int(settings.PLATFORM_FEE_FIXED_CENTS)


def vat_for(vat_number: str, country: str) -> tuple[str, str, int, str]:
    """(treatment, normalised VAT number, rate in basis points, customer country)."""
    country = (country or "BE").upper()
    if vat_number.strip():
        try:
            number = normalise_vat_number(vat_number)
        except ValidationError as exc:
            raise ValidationError({"vat_number": exc.messages}) from None
        prefix = number[:2]
        if prefix not in EU_VAT_PREFIXES:
            raise ValidationError({"vat_number": _("Give an EU VAT number.")})
        country = "GR" if prefix == "EL" else prefix
        if prefix != "BE":
            return VatTreatment.REVERSE_CHARGE, number, 0, country
        return VatTreatment.BELGIAN_VAT, number, BELGIAN_VAT_BP, country
    return VatTreatment.BELGIAN_VAT, "", BELGIAN_VAT_BP, country


def hold_warning(challenge: object, *, now: datetime | None = None) -> str:
    """A warning when the deadline plus the evaluation (up to the feedback date) ends after
    the maximum holding time of funds paid now; empty otherwise."""
    now = now or timezone.now()
    limit = now + timedelta(days=settings.FUNDS_MAX_HOLD_DAYS)
    deadline = getattr(challenge, "deadline", None)
    feedback = getattr(challenge, "feedback_deadline", None)
    ends = deadline
    if feedback is not None:
        feedback_end = timezone.make_aware(datetime.combine(feedback, datetime.min.time()))
        ends = max(ends, feedback_end) if ends else feedback_end
    if ends is not None and ends > limit:
        return _(
            "Funds can be held for at most %(days)d days. This challenge's deadline and "
            "evaluation end on %(end)s, later than %(limit)s: shorten them, or the funds are "
            "refunded when the holding time ends."
        ) % {
            "days": settings.FUNDS_MAX_HOLD_DAYS,
            "end": timezone.localdate(ends).isoformat(),
            "limit": timezone.localdate(limit).isoformat(),
        }
    return ""


def funding_quote(challenge: object, *, vat_number: str = "", country: str = "") -> FundingQuote:
    """The breakdown a sponsor sees before paying. Raises ValidationError for a challenge
    without money prizes, a bad VAT number or a total Stripe cannot take."""
    amounts = place_amounts(challenge)
    prize = sum(amounts.values())
    if prize <= 0:
        raise ValidationError(_("This challenge has no money prize to fund."))
    organisation = challenge.organisation  # type: ignore[attr-defined]
    treatment, number, rate, customer_country = vat_for(
        vat_number, country or organisation.country or "BE"
    )
    fee = platform_fee_cents(prize)
    vat = int((Decimal(fee) * rate / 10000).quantize(Decimal(1), ROUND_HALF_UP))
    quote = FundingQuote(
        prize_cents=prize,
        fee_cents=fee,
        vat_rate_bp=rate,
        vat_cents=vat,
        vat_treatment=treatment,
        vat_number=number,
        country=customer_country,
        place_amounts=amounts,
        hold_days=settings.FUNDS_MAX_HOLD_DAYS,
        hold_warning=hold_warning(challenge),
    )
    if quote.total_cents > MAX_TOTAL_CENTS:
        raise ValidationError(_("The total is larger than a single card payment can be."))
    return quote


def euros(cents: int) -> str:
    """1234567 → "12,345.67" style text for e-mails (pages use the template filter)."""
    return f"{Decimal(cents) / 100:,.2f}"
