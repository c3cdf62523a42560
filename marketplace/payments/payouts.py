"""Paying winners: one transfer per award (per member for a team prize, split by the shares
the team agreed), paid fees of micro-assignments and stipends on acceptance.

`award_pay` locks the award row, so concurrent calls for one award run one after the other;
the transfer rows are unique per award and member and carry idempotency keys
`award:{id}:transfer:{member}`, so a retry — ours or the SDK's — never pays twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.models import Award, User
from marketplace.models.awards import PaymentState as AwardPaymentState
from marketplace.models.challenges import Status
from marketplace.models.proposals import ProposalKind, ProposalStatus
from marketplace.payments import notices, stripe_api
from marketplace.payments.ledger import money_out
from marketplace.payments.models import (
    AssignmentState,
    ConnectAccount,
    FundingState,
    PaidAssignment,
    PrizeFunding,
    TeamShare,
    Transfer,
    TransferState,
)
from marketplace.payments.stripe_api import StripeFailure

PAYABLE_STATES = {Status.EVALUATING, Status.AWARDED, Status.IN_PROGRESS, Status.COMPLETED}
FULL_SHARE = 10_000


class PayoutBlocked(ValidationError):
    """The award cannot be paid yet for a reason its winners can fix (onboarding, shares)."""


@dataclass(frozen=True)
class Recipient:
    member_key: str
    user: User | None
    organisation: Any
    share_bp: int


# --- Who receives what -------------------------------------------------------------------------


def team_members(proposal: Any) -> list[User]:
    users = {m.user_id: m.user for m in proposal.team_members.select_related("user")}
    if proposal.created_by_id and proposal.created_by_id not in users:
        users[proposal.created_by_id] = proposal.created_by
    return [users[k] for k in sorted(users)]


def recipients(award: Award) -> list[Recipient]:
    """The winners of an award and their shares; raises PayoutBlocked while a team has not
    agreed on its split."""
    proposal = award.proposal
    if proposal.kind == ProposalKind.ORGANISATION and proposal.organisation_id:
        return [
            Recipient(f"org-{proposal.organisation_id}", None, proposal.organisation, FULL_SHARE)
        ]
    if proposal.kind != ProposalKind.TEAM:
        if proposal.created_by is None:
            raise ValidationError(_("The winning proposal has no author to pay."))
        return [Recipient(f"user-{proposal.created_by_id}", proposal.created_by, None, FULL_SHARE)]
    members = team_members(proposal)
    if len(members) == 1:
        return [Recipient(f"user-{members[0].pk}", members[0], None, FULL_SHARE)]
    shares = {s.user_id: s for s in TeamShare.objects.filter(award=award)}
    if set(shares) != {u.pk for u in members}:
        raise PayoutBlocked(_("The team has not set how to split the prize."))
    if any(s.agreed_at is None for s in shares.values()):
        raise PayoutBlocked(_("Not every team member has agreed to the split of the prize."))
    return [Recipient(f"user-{u.pk}", u, None, shares[u.pk].share_bp) for u in members]


def split(amount_cents: int, shares: list[int]) -> list[int]:
    """Split cents by basis-point shares (summing to 10000) exactly: floors first, then the
    remaining cents to the largest remainders (ties to the earlier member)."""
    raw = [amount_cents * s for s in shares]
    parts = [r // FULL_SHARE for r in raw]
    left = amount_cents - sum(parts)
    order = sorted(range(len(shares)), key=lambda i: (-(raw[i] % FULL_SHARE), i))
    for i in order[:left]:
        parts[i] += 1
    return parts


def account_of(recipient: Recipient) -> ConnectAccount | None:
    if recipient.organisation is not None:
        return ConnectAccount.objects.filter(organisation=recipient.organisation).first()
    return ConnectAccount.objects.filter(user=recipient.user).first()


def people_of(recipient: Recipient) -> list[User]:
    if recipient.user is not None:
        return [recipient.user]
    return notices.managers(recipient.organisation)


# --- Team shares -------------------------------------------------------------------------------


def team_shares_set(*, actor: User, award: Award, shares: dict[int, int]) -> list[TeamShare]:
    """Set the team's split ({user id: basis points}); every member's agreement is cleared and
    the actor's own is given. The caller checked that `actor` is a member."""
    with transaction.atomic():
        award = (
            Award.objects.select_for_update(of=("self",))
            .select_related("proposal")
            .get(pk=award.pk)
        )
        if award.proposal.kind != ProposalKind.TEAM:
            raise ValidationError(_("Only a team prize is split."))
        if Transfer.objects.filter(award=award).exists():
            raise ValidationError(_("The prize is being paid; the split can no longer change."))
        members = {u.pk for u in team_members(award.proposal)}
        if set(shares) != members:
            raise ValidationError({"shares": _("Give a share for every team member, no one else.")})
        if any(not isinstance(v, int) or v <= 0 or v > FULL_SHARE for v in shares.values()):
            raise ValidationError({"shares": _("Each share is between 0.01 % and 100 %.")})
        if sum(shares.values()) != FULL_SHARE:
            raise ValidationError({"shares": _("The shares must add up to 100 %.")})
        TeamShare.objects.filter(award=award).delete()
        now = timezone.now()
        rows = [
            TeamShare.objects.create(
                award=award, user_id=pk, share_bp=bp, agreed_at=now if pk == actor.pk else None
            )
            for pk, bp in sorted(shares.items())
        ]
    return rows


def team_share_agree(*, actor: User, award: Award) -> TeamShare:
    """Record that `actor` agrees to the team's split; the last member to agree starts the
    payment, after commit."""
    with transaction.atomic():
        Award.objects.select_for_update().filter(pk=award.pk).first()
        share = TeamShare.objects.select_for_update().filter(award=award, user=actor).first()
        if share is None:
            raise ValidationError(_("There is no split to agree to yet."))
        if share.agreed_at is None:
            share.agreed_at = timezone.now()
            share.save(update_fields=["agreed_at"])
            if not TeamShare.objects.filter(award=award, agreed_at__isnull=True).exists():
                from marketplace.payments.tasks import award_pay_task

                award_id = award.pk
                transaction.on_commit(lambda: award_pay_task.enqueue(award_id=award_id))
    return share


# --- Paying an award ---------------------------------------------------------------------------


def _check_payable(award: Award, funding: PrizeFunding | None) -> int:
    """The award's amount in cents, or a ValidationError saying why it cannot be paid."""
    challenge = award.place.challenge
    if award.revoked_at is not None:
        raise ValidationError(_("This award was revoked."))
    if (
        award.proposal.status != ProposalStatus.SUBMITTED
        or award.proposal.challenge_id != challenge.pk
    ):
        raise ValidationError(_("Only the author of a submitted proposal can be paid."))
    if challenge.status not in PAYABLE_STATES:
        raise ValidationError(_("Awards of a challenge in this state are not paid."))
    if funding is None or funding.state != FundingState.FUNDED:
        raise ValidationError(_("The prize money of this challenge is not funded."))
    cents = funding.place_cents(award.place_id)
    if not cents:
        raise ValidationError(_("This place has no funded prize money."))
    assignment = PaidAssignment.objects.filter(award=award).first()
    if assignment is not None and assignment.state != AssignmentState.ACCEPTED:
        raise PayoutBlocked(_("The fee is paid when the deliverable is accepted."))
    return cents


def _plan(award: Award, funding: PrizeFunding, cents: int) -> list[Transfer]:
    people = recipients(award)
    found = [account_of(r) for r in people]
    accounts = [a for a in found if a is not None and a.is_active]
    if len(accounts) != len(people):
        raise PayoutBlocked(_("Every winner must set up payouts with Stripe first."))
    if money_out(funding).prize_committed + cents > funding.prize_cents:
        raise ValidationError(_("The funded prize money does not cover this award."))
    rows = []
    for r, account, part in zip(
        people, accounts, split(cents, [r.share_bp for r in people]), strict=True
    ):
        if part <= 0:
            continue
        rows.append(
            Transfer.objects.create(
                award=award,
                funding=funding,
                account=account,
                member_key=r.member_key,
                amount_cents=part,
                idempotency_key=Transfer.key_for(award.pk, r.member_key),
            )
        )
    return rows


def _send(transfer: Transfer, award: Award) -> None:
    """Create the transfer at Stripe (the row is locked by the caller)."""
    if transfer.state == TransferState.FAILED:
        # Stripe remembers a failed request under its key: a new attempt needs a new key.
        transfer.attempt += 1
        transfer.idempotency_key = Transfer.key_for(award.pk, transfer.member_key, transfer.attempt)
        transfer.state = TransferState.PENDING
        transfer.error = ""
    try:
        result = stripe_api.transfer_create(
            {
                "amount": transfer.amount_cents,
                "currency": transfer.currency,
                "destination": transfer.account.stripe_account_id,
                "transfer_group": f"challenge-{award.place.challenge_id}",
                "description": f"Kruispunt award {award.pk}",
                "metadata": {
                    "kruispunt_transfer": str(transfer.pk),
                    "kruispunt_award": str(award.pk),
                    "kruispunt_member": transfer.member_key,
                },
            },
            idempotency_key=transfer.idempotency_key,
        )
    except StripeFailure as exc:
        if exc.retryable:
            # Stripe may have made the transfer and only its answer was lost: the row stays
            # pending and the next attempt (or the transfer.created webhook) completes it with
            # the same idempotency key.
            transfer.error = _(
                "Stripe did not confirm this transfer in time. It is asked again with the same "
                "key, so it is never paid twice."
            )
        else:
            transfer.state = TransferState.FAILED
            transfer.error = str(exc)[:500]
    else:
        transfer.stripe_transfer_id = result["id"]
        transfer.state = TransferState.PAID
        transfer.paid_at = timezone.now()
    transfer.save()


def award_payment_refresh(award: Award) -> None:
    """Set the award's payment state from its transfers (the award row is locked)."""
    states = set(Transfer.objects.filter(award=award).values_list("state", flat=True))
    paid = bool(states) and states == {TransferState.PAID}
    target = AwardPaymentState.PAID if paid else AwardPaymentState.PENDING
    if award.payment_state != target:
        Award.objects.filter(pk=award.pk).update(payment_state=target)
        award.payment_state = target


def award_pay(*, actor: User | None, award: Award) -> list[Transfer]:
    """Pay an award: the place's funded amount to its winner, or split between the members of
    a winning team. Safe to call any number of times, at once: it pays once. Returns the
    award's transfers (failed ones carry their error). The caller checked that `actor` manages
    the challenge (None: the platform)."""
    with transaction.atomic():
        award = (
            Award.objects.select_for_update(of=("self",))
            .select_related("place__challenge", "proposal__organisation", "proposal__created_by")
            .get(pk=award.pk)
        )
        transfers = list(
            Transfer.objects.select_for_update(of=("self",))
            .select_related("account")
            .filter(award=award)
        )
        if transfers and all(t.state == TransferState.PAID for t in transfers):
            award_payment_refresh(award)
            return transfers
        funding = PrizeFunding.objects.filter(challenge_id=award.place.challenge_id).first()
        cents = _check_payable(award, funding)
        assert funding is not None
        if not transfers:
            transfers = _plan(award, funding, cents)
        for transfer in transfers:
            if transfer.state in {TransferState.PENDING, TransferState.FAILED}:
                _send(transfer, award)
                if transfer.state == TransferState.PAID:
                    notices.payout_sent(transfer, _people_for(award, transfer))
        award_payment_refresh(award)
    return transfers


def _people_for(award: Award, transfer: Transfer) -> list[User]:
    for r in recipients_or_none(award):
        if r.member_key == transfer.member_key:
            return people_of(r)
    return []


def recipients_or_none(award: Award) -> list[Recipient]:
    try:
        return recipients(award)
    except ValidationError:
        return []


def award_pay_quietly(*, award_id: int) -> None:
    """Pay after an award or after a winner finished onboarding; a winner who still has to
    set up payouts is told so, other reasons are left for the sponsor's page."""
    award = Award.objects.select_related("place__challenge", "proposal").filter(pk=award_id).first()
    if award is None or award.payment_state == AwardPaymentState.PAID:
        return
    try:
        award_pay(actor=None, award=award)
    except PayoutBlocked:
        with transaction.atomic():
            people = [u for r in recipients_or_none(award) for u in people_of(r)]
            if not people and award.proposal.created_by:
                people = [award.proposal.created_by]
            notices.onboarding_needed(award, people)
    except (ValidationError, StripeFailure):
        return


# --- Paid assignments and stipends -------------------------------------------------------------


def assignment_accept(*, actor: User, assignment: PaidAssignment, note: str = "") -> PaidAssignment:
    """Accept the deliverable of a paid micro-assignment or stipend and pay its fixed fee. The
    caller checked that `actor` manages the challenge. Accepting twice changes nothing."""
    with transaction.atomic():
        assignment = (
            PaidAssignment.objects.select_for_update(of=("self",))
            .select_related("award__place__challenge")
            .get(pk=assignment.pk)
        )
        challenge = assignment.award.place.challenge
        if assignment.award.revoked_at is not None:
            raise ValidationError(_("This award was revoked."))
        if challenge.status not in PAYABLE_STATES:
            raise ValidationError(_("Deliverables of a challenge in this state are not accepted."))
        if assignment.state == AssignmentState.AWAITING_DELIVERABLE:
            assignment.state = AssignmentState.ACCEPTED
            assignment.accepted_at = timezone.now()
            assignment.accepted_by = actor
            assignment.note = note[:1000]
            assignment.save()
    # Accepted stays accepted even if Stripe fails now; paying again retries.
    try:
        award_pay(actor=actor, award=assignment.award)
    except PayoutBlocked:
        award_pay_quietly(award_id=assignment.award_id)
    return assignment
