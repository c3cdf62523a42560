"""Background work of payments (django-tasks). Each task is safe to run twice."""

from __future__ import annotations

from django_tasks import task


@task()
def award_pay_task(*, award_id: int) -> None:
    """Pay an award after it was granted, or after its winner finished onboarding."""
    from marketplace.payments.payouts import award_pay_quietly

    award_pay_quietly(award_id=award_id)


@task()
def cancel_refund_task(*, challenge_id: int) -> None:
    """Close open checkouts and refund the sponsor of a cancelled challenge by the terms."""
    from marketplace.models import Challenge
    from marketplace.payments.services import cancel_settle

    challenge = Challenge.objects.filter(pk=challenge_id).first()
    if challenge is not None:
        cancel_settle(challenge=challenge)
