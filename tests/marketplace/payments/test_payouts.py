"""Paying winners: the whole flow from funding to payout, team prizes split by agreed shares,
retries that never pay twice, paid assignments on acceptance, bad requests, and access."""

from __future__ import annotations

import pytest
from django.core import mail

from marketplace.models import Award
from marketplace.models.awards import PaymentState as AwardPaymentState
from marketplace.models.challenges import ChallengeType
from marketplace.payments.models import (
    AssignmentState,
    PaidAssignment,
    Transfer,
    TransferState,
)
from marketplace.payments.payouts import split
from marketplace.services.awards import award_revoke
from tests.factories import UserFactory
from tests.marketplace.challenges.factories import solver
from tests.marketplace.payments.builders import (
    assert_money_invariants,
    challenge_with_places,
    fund,
    grant,
    onboard,
    open_challenge,
    propose,
    to_evaluating,
)
from tests.marketplace.payments.fake_stripe import StripeError

pytestmark = pytest.mark.django_db


def pay_url(award) -> str:
    return f"/api/v1/awards/{award.pk}/payment/"


@pytest.fixture
def contest(owner, organisation, fake, deliver):
    """A funded challenge (EUR 1000 and 500) with two submitted proposals, evaluating."""
    challenge = challenge_with_places(owner, organisation, (1000, 500))
    fund(owner, challenge, fake, deliver)
    challenge = open_challenge(owner, challenge)
    winner, _org = solver("Winner BV")
    runner_up, _org2 = solver("Runner BV")
    first = propose(winner, challenge)
    second = propose(runner_up, challenge)
    challenge = to_evaluating(owner, challenge)
    return {
        "challenge": challenge,
        "winner": winner,
        "runner_up": runner_up,
        "first": first,
        "second": second,
    }


def test_whole_flow_funding_award_onboarding_payout(api, owner, contest, fake, deliver):
    challenge, winner = contest["challenge"], contest["winner"]
    award = grant(owner, challenge, 1, contest["first"])
    # Not onboarded yet: the sponsor hears why, nothing is sent.
    response = api(owner).post(pay_url(award), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "payouts" in str(response.json())
    assert fake.posts("/v1/transfers") == []
    onboard(winner, fake, deliver)
    response = api(owner).post(pay_url(award))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["payment_state"] == "paid"
    assert body["transfers"] == [
        {"member": f"user-{winner.pk}", "amount": "1000.00", "state": "paid", "error": ""}
    ]
    (request,) = fake.posts("/v1/transfers")
    assert request["idempotency_key"] == f"award:{award.pk}:transfer:user-{winner.pk}"
    assert request["params"]["amount"] == "100000"
    # transfer.created confirms what we recorded.
    (event,) = fake.events_of("transfer.created")
    assert deliver(event).json()["outcome"] == "already_applied"
    award.refresh_from_db()
    assert award.payment_state == AwardPaymentState.PAID
    # Paying again changes nothing.
    assert api(owner).post(pay_url(award)).status_code == 200
    assert len(fake.posts("/v1/transfers")) == 1
    assert_money_invariants()


def test_onboarding_finishing_pays_the_waiting_award(
    owner, contest, fake, deliver, django_capture_on_commit_callbacks
):
    winner = contest["winner"]
    winner.preferred_language = "en"  # notices are mailed in the recipient's language
    winner.save(update_fields=["preferred_language"])
    with django_capture_on_commit_callbacks(execute=True):
        award = grant(owner, contest["challenge"], 1, contest["first"])
    assert any("Set up payouts" in m.subject for m in mail.outbox)
    assert not Transfer.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        onboard(winner, fake, deliver)
    award.refresh_from_db()
    assert award.payment_state == AwardPaymentState.PAID
    assert Transfer.objects.get().amount_cents == 100_000
    assert_money_invariants()


def test_organisation_prize_goes_to_the_organisation_account(owner, contest, fake, deliver):
    from marketplace.payments.payouts import award_pay

    challenge = contest["challenge"]
    winner, org = solver("Org Winner NV")
    # Proposals are closed; create one the way the service would have before the deadline.
    from marketplace.models import Proposal

    proposal = Proposal.objects.create(
        challenge=challenge,
        kind="organisation",
        organisation=org,
        created_by=winner,
        title="Our cell",
        status="submitted",
    )
    award = grant(owner, challenge, 2, proposal)
    account = onboard(winner, fake, deliver, organisation=org)
    (transfer,) = award_pay(actor=owner, award=award)
    assert transfer.member_key == f"org-{org.pk}" and transfer.account == account
    assert transfer.amount_cents == 50_000
    assert_money_invariants()


def test_team_prize_is_split_by_agreed_shares(
    api, owner, contest, fake, deliver, django_capture_on_commit_callbacks
):
    challenge = contest["challenge"]
    lead, mate, third = UserFactory(), UserFactory(), UserFactory()
    from marketplace.models import Proposal, ProposalTeamMember

    proposal = Proposal.objects.create(
        challenge=challenge, kind="team", created_by=lead, title="Team", status="submitted"
    )
    for user in (mate, third):
        ProposalTeamMember.objects.create(proposal=proposal, user=user)
    award = grant(owner, challenge, 1, proposal)
    for user in (lead, mate, third):
        onboard(user, fake, deliver)
    shares_url = f"/api/v1/awards/{award.pk}/shares/"
    assert api(owner).post(pay_url(award)).status_code == 400  # no split yet
    bad = [
        {"shares": [{"user": lead.pk, "percent": "50"}, {"user": mate.pk, "percent": "50"}]},
        {
            "shares": [
                {"user": lead.pk, "percent": "50"},
                {"user": mate.pk, "percent": "30"},
                {"user": third.pk, "percent": "30"},
            ]
        },
        {"shares": [{"user": lead.pk, "percent": "100.001"}]},
        {
            "shares": [
                {"user": lead.pk, "percent": "-10"},
                {"user": mate.pk, "percent": "60"},
                {"user": third.pk, "percent": "50"},
            ]
        },
        {
            "shares": [
                {"user": lead.pk, "percent": "50"},
                {"user": mate.pk, "percent": "25"},
                {"user": UserFactory().pk, "percent": "25"},
            ]
        },
    ]
    for payload in bad:
        assert api(lead).put(shares_url, payload, format="json").status_code == 400, payload
    good = {
        "shares": [
            {"user": lead.pk, "percent": "50"},
            {"user": mate.pk, "percent": "33.33"},
            {"user": third.pk, "percent": "16.67"},
        ]
    }
    assert api(owner).put(shares_url, good, format="json").status_code == 403
    assert api(UserFactory()).put(shares_url, good, format="json").status_code == 404
    response = api(lead).put(shares_url, good, format="json")
    assert response.status_code == 200, response.content
    assert [s["agreed"] for s in response.json()["shares"]] == [True, False, False]
    assert api(owner).post(pay_url(award)).status_code == 400  # not everyone agreed
    assert api(mate).post(shares_url + "agree/").status_code == 200
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert api(third).post(shares_url + "agree/").status_code == 200
    award.refresh_from_db()
    assert award.payment_state != AwardPaymentState.PAID  # not before the agreement commits
    assert len(callbacks) == 1
    callbacks[0]()
    award.refresh_from_db()
    assert award.payment_state == AwardPaymentState.PAID  # paid once all agreed
    amounts = {t.member_key: t.amount_cents for t in Transfer.objects.filter(award=award)}
    assert amounts == {
        f"user-{lead.pk}": 50_000,
        f"user-{mate.pk}": 33_330,
        f"user-{third.pk}": 16_670,
    }
    assert api(lead).put(shares_url, good, format="json").status_code == 400  # paid: fixed
    assert_money_invariants()


def test_split_is_exact():
    assert split(100, [3333, 3333, 3334]) == [33, 33, 34]
    assert split(1, [5000, 5000]) == [1, 0]
    assert sum(split(99_999, [1, 9_999])) == 99_999


def test_a_failed_transfer_is_retried_with_a_new_key_and_pays_once(
    api, owner, contest, fake, deliver
):
    award = grant(owner, contest["challenge"], 1, contest["first"])
    onboard(contest["winner"], fake, deliver)
    fake.fail_transfers_with = StripeError(400, "Insufficient funds", code="balance_insufficient")
    body = api(owner).post(pay_url(award)).json()
    assert body["payment_state"] == "pending"
    assert body["transfers"][0]["state"] == "failed"
    fake.fail_transfers_with = None
    body = api(owner).post(pay_url(award)).json()
    assert body["payment_state"] == "paid"
    keys = [r["idempotency_key"] for r in fake.posts("/v1/transfers")]
    assert keys[0].endswith(f"user-{contest['winner'].pk}") and keys[1].endswith(":retry-2")
    assert len(fake.of_type("transfer")) == 1
    assert_money_invariants()


def test_a_lost_answer_is_completed_by_the_webhook(owner, contest, fake, deliver):
    """Stripe made the transfer but our request's answer was lost: the transfer.created
    webhook records it; paying again replays the same key and creates nothing new."""
    award = grant(owner, contest["challenge"], 1, contest["first"])
    onboard(contest["winner"], fake, deliver)
    from marketplace.payments.payouts import award_pay

    award_pay(actor=owner, award=award)
    transfer = Transfer.objects.get()
    Transfer.objects.filter(pk=transfer.pk).update(
        state=TransferState.PENDING, stripe_transfer_id=None
    )
    Award.objects.filter(pk=award.pk).update(payment_state=AwardPaymentState.PENDING)
    (event,) = fake.events_of("transfer.created")
    assert deliver(event).json()["outcome"] == "applied"
    transfer.refresh_from_db()
    assert transfer.state == TransferState.PAID and transfer.stripe_transfer_id
    award.refresh_from_db()
    assert award.payment_state == AwardPaymentState.PAID
    assert len(fake.of_type("transfer")) == 1
    assert_money_invariants()


def test_replaying_the_same_key_returns_the_same_transfer(owner, contest, fake, deliver):
    award = grant(owner, contest["challenge"], 1, contest["first"])
    onboard(contest["winner"], fake, deliver)
    from marketplace.payments.payouts import award_pay

    award_pay(actor=owner, award=award)
    first = Transfer.objects.get()
    Transfer.objects.filter(pk=first.pk).update(
        state=TransferState.PENDING, stripe_transfer_id=None
    )
    award_pay(actor=owner, award=award)
    first.refresh_from_db()
    assert first.state == TransferState.PAID
    assert len(fake.of_type("transfer")) == 1
    assert_money_invariants()


def test_a_reversed_transfer_is_recorded(owner, contest, fake, deliver):
    award = grant(owner, contest["challenge"], 1, contest["first"])
    onboard(contest["winner"], fake, deliver)
    from marketplace.payments.payouts import award_pay

    (transfer,) = award_pay(actor=owner, award=award)
    assert (
        deliver(fake.reverse_transfer(transfer.stripe_transfer_id)).json()["outcome"] == "applied"
    )
    transfer.refresh_from_db()
    assert transfer.state == TransferState.REVERSED
    award.refresh_from_db()
    assert award.payment_state == AwardPaymentState.PENDING
    assert_money_invariants()


def test_revoked_award_and_unfunded_challenge_are_not_paid(
    api, owner, organisation, contest, fake, deliver
):
    award = grant(owner, contest["challenge"], 1, contest["first"])
    onboard(contest["winner"], fake, deliver)
    award_revoke(actor=owner, award=award)
    response = api(owner).post(pay_url(award), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and "revoked" in str(response.json())
    assert not Transfer.objects.exists()


def test_an_award_to_a_non_submitter_is_refused(api, owner, contest, fake, deliver):
    """A withdrawn (or never submitted) proposal cannot be granted, nor paid."""
    from django.core.exceptions import ValidationError

    from marketplace.models import Proposal

    draft = Proposal.objects.create(
        challenge=contest["challenge"], kind="person", created_by=UserFactory(), title="Draft"
    )
    with pytest.raises(ValidationError):
        grant(owner, contest["challenge"], 1, draft)
    response = api(owner).post(
        f"/api/v1/challenges/{contest['challenge'].pk}/awards/",
        {"place": contest["challenge"].award_places.get(rank=1).pk, "proposal": draft.pk},
        format="json",
    )
    assert response.status_code == 400
    award = grant(owner, contest["challenge"], 1, contest["first"])
    onboard(contest["winner"], fake, deliver)
    Award.objects.filter(pk=award.pk)  # the proposal is withdrawn behind the award's back
    type(contest["first"]).objects.filter(pk=contest["first"].pk).update(status="withdrawn")
    response = api(owner).post(pay_url(award))
    assert response.status_code == 400
    assert not Transfer.objects.exists()


@pytest.mark.parametrize(
    ("who", "expected"),
    [("owner", 200), ("member", 403), ("winner", 403), ("outsider", 404), ("anonymous", 401)],
)
def test_who_may_pay_an_award(api, owner, member, outsider, contest, fake, deliver, who, expected):
    award = grant(owner, contest["challenge"], 1, contest["first"])
    onboard(contest["winner"], fake, deliver)
    user = {
        "owner": owner,
        "member": member,
        "winner": contest["winner"],
        "outsider": outsider,
        "anonymous": None,
    }[who]
    response = api(user).post(pay_url(award))
    assert response.status_code == expected, response.content
    assert Transfer.objects.exists() == (expected == 200)


def test_paying_an_award_of_a_challenge_you_do_not_own(api, contest, fake, deliver, owner):
    award = grant(owner, contest["challenge"], 1, contest["first"])
    other_owner, _org = solver("Other Sponsor")
    assert api(other_owner).post(pay_url(award)).status_code == 404
    assert api(other_owner).get(pay_url(award)).status_code == 404
    assert api(contest["winner"]).get(pay_url(award)).status_code == 200
    assert not Transfer.objects.exists()


def test_paid_assignment_is_paid_on_acceptance(api, owner, organisation, member, fake, deliver):
    challenge = challenge_with_places(
        owner, organisation, (300,), type=ChallengeType.MICRO_ASSIGNMENT
    )
    fund(owner, challenge, fake, deliver)
    challenge = open_challenge(owner, challenge)
    student, _org = solver("Student")
    proposal = propose(student, challenge)
    challenge = to_evaluating(owner, challenge)
    award = grant(owner, challenge, 1, proposal)
    onboard(student, fake, deliver)
    assignment = PaidAssignment.objects.get(award=award)
    assert assignment.kind == "assignment"
    # Not paid before the deliverable is accepted.
    assert api(owner).post(pay_url(award)).status_code == 400
    accept = f"/api/v1/paid-assignments/{assignment.pk}/accept/"
    assert api(member).post(accept, {}, format="json").status_code == 403
    assert api(student).post(accept, {}, format="json").status_code == 403
    assert api(UserFactory()).post(accept, {}, format="json").status_code == 404
    assert not Transfer.objects.exists()
    response = api(owner).post(accept, {"note": "Report received"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["payment_state"] == "paid"
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.ACCEPTED
    assert Transfer.objects.get().amount_cents == 30_000
    assert api(owner).post(accept, {}, format="json").status_code == 200
    assert Transfer.objects.count() == 1
    assert_money_invariants()


def test_stipend_for_a_course_project(owner, organisation, fake, deliver):
    challenge = challenge_with_places(
        owner, organisation, (250,), type=ChallengeType.COURSE_PROJECT
    )
    fund(owner, challenge, fake, deliver)
    challenge = open_challenge(owner, challenge)
    student, _org = solver("Student 2")
    proposal = propose(student, challenge)
    challenge = to_evaluating(owner, challenge)
    award = grant(owner, challenge, 1, proposal)
    assert PaidAssignment.objects.get(award=award).kind == "stipend"
