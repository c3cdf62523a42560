"""Payment pages: the sponsor's funding page, the Checkout return page (which never marks
anything paid), the winners' payout page and the staff overview — with their access rules."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from marketplace.payments.models import ConnectAccount, Payment, PaymentState, PrizeFunding
from tests.factories import UserFactory
from tests.marketplace.challenges.factories import solver
from tests.marketplace.payments.builders import (
    challenge_with_places,
    fund,
    grant,
    onboard,
    open_challenge,
    propose,
    start_funding,
    to_evaluating,
)

pytestmark = pytest.mark.django_db


def en_reverse(name, args=None):
    """The English URL of a page, for assertions that read English text."""
    with translation.override("en"):
        return reverse(name, args=args)


def page(client, user, url, method="get", **data):
    if user is not None:
        client.force_login(user)
    return getattr(client, method)(url, data)


def test_funding_page_shows_the_breakdown_and_holding_time(client, owner, organisation, fake):
    challenge = challenge_with_places(owner, organisation, (1000,))
    with translation.override("nl"):  # the Dutch page
        url = reverse("payments_funding", args=[challenge.pk])
    response = page(client, owner, url)
    assert response.status_code == 200
    text = response.content.decode()
    for expected in ["1.000,00", "75,00", "15,75", "1.090,75", "180"]:
        assert expected in text, expected
    assert "escrow" not in text.lower()


def test_funding_page_warns_when_the_holding_time_is_too_short(
    client, owner, organisation, fake, settings
):
    settings.FUNDS_MAX_HOLD_DAYS = 10
    challenge = challenge_with_places(owner, organisation, (1000,))
    response = page(client, owner, reverse("payments_funding", args=[challenge.pk]))
    assert 'id="hold-warning"' in response.content.decode()


def test_paying_redirects_to_checkout(client, owner, organisation, fake):
    challenge = challenge_with_places(owner, organisation, (1000,))
    response = page(
        client,
        owner,
        reverse("payments_funding", args=[challenge.pk]),
        "post",
        vat_number="NL004495445B01",
    )
    assert response.status_code == 302
    assert response["Location"].startswith("https://checkout.stripe.test/")
    assert PrizeFunding.objects.get().vat_treatment == "reverse_charge"


def test_a_bad_vat_number_is_shown_not_sent(client, owner, organisation, fake):
    challenge = challenge_with_places(owner, organisation, (1000,))
    response = page(
        client,
        owner,
        reverse("payments_funding", args=[challenge.pk]),
        "post",
        vat_number="BE0000000001",
    )
    assert response.status_code == 200
    assert not Payment.objects.exists()


def test_the_return_page_never_marks_anything_paid(client, owner, organisation, fake, deliver):
    challenge = challenge_with_places(owner, organisation, (1000,))
    payment = start_funding(owner, challenge)
    url = en_reverse("payments_funding_return", args=[challenge.pk])
    response = page(client, owner, url + "?session_id=" + payment.checkout_session_id)
    assert "waiting for Stripe" in response.content.decode()
    payment.refresh_from_db()
    assert payment.state == PaymentState.OPEN
    deliver(fake.complete_checkout(payment.checkout_session_id))
    assert "Prize funded" in page(client, None, url).content.decode()


@pytest.mark.parametrize(("who", "status"), [("member", 403), ("outsider", 404)])
def test_funding_pages_are_for_the_sponsor(
    client, owner, member, outsider, organisation, fake, who, status
):
    challenge = challenge_with_places(owner, organisation, (1000,))
    user = {"member": member, "outsider": outsider}[who]
    for name in ["payments_funding", "payments_funding_return"]:
        assert page(client, user, reverse(name, args=[challenge.pk])).status_code == status


def test_anonymous_visitors_are_sent_to_log_in(client, owner, organisation, fake):
    challenge = challenge_with_places(owner, organisation, (1000,))
    response = client.get(reverse("payments_funding", args=[challenge.pk]))
    assert response.status_code == 302 and "login" in response["Location"]
    assert client.get(reverse("payments_payouts")).status_code == 302


def test_winner_sees_prize_and_sets_up_payouts(client, owner, organisation, fake, deliver):
    challenge = challenge_with_places(owner, organisation, (1000,))
    fund(owner, challenge, fake, deliver)
    challenge = open_challenge(owner, challenge)
    winner, _org = solver("Winner")
    proposal = propose(winner, challenge)
    challenge = to_evaluating(owner, challenge)
    grant(owner, challenge, 1, proposal)
    response = page(client, winner, en_reverse("payments_payouts"))
    text = response.content.decode()
    assert challenge.title in text and "Set up payouts" in text
    response = client.post(reverse("payments_onboard"))
    assert response.status_code == 302
    assert response["Location"].startswith("https://connect.stripe.test/")
    assert ConnectAccount.objects.filter(user=winner).exists()
    # Another person sees no prize of someone else.
    other = page(client, UserFactory(), reverse("payments_payouts")).content.decode()
    assert challenge.title not in other


def test_onboarding_for_an_organisation_one_does_not_manage_is_refused(
    client, owner, organisation, member, fake
):
    response = page(
        client, member, reverse("payments_onboard"), "post", organisation=organisation.pk
    )
    assert response.status_code == 403
    assert not ConnectAccount.objects.exists()
    response = page(
        client, owner, reverse("payments_onboard"), "post", organisation=organisation.pk
    )
    assert response.status_code == 302
    assert ConnectAccount.objects.get().organisation == organisation


def test_staff_page_lists_states_and_problems(client, owner, organisation, fake, deliver):
    challenge = challenge_with_places(owner, organisation, (1000,))
    fund(owner, challenge, fake, deliver)
    Payment.objects.update(problem="Stripe reports 1 eur, expected 2")
    staff = UserFactory(is_staff=True)
    response = page(client, staff, reverse("payments_staff"))
    assert response.status_code == 200
    text = response.content.decode()
    assert challenge.title in text and "Stripe reports 1 eur" in text
    assert page(client, owner, reverse("payments_staff")).status_code == 404


def test_payout_page_lets_a_team_member_agree(
    client, owner, organisation, fake, deliver, django_capture_on_commit_callbacks
):
    from marketplace.models import Proposal, ProposalTeamMember
    from marketplace.payments.payouts import team_shares_set

    challenge = challenge_with_places(owner, organisation, (1000,))
    fund(owner, challenge, fake, deliver)
    challenge = to_evaluating(owner, open_challenge(owner, challenge))
    lead, mate = UserFactory(), UserFactory()
    proposal = Proposal.objects.create(
        challenge=challenge, kind="team", created_by=lead, title="T", status="submitted"
    )
    ProposalTeamMember.objects.create(proposal=proposal, user=mate)
    award = grant(owner, challenge, 1, proposal)
    team_shares_set(actor=lead, award=award, shares={lead.pk: 6000, mate.pk: 4000})
    onboard(lead, fake, deliver)
    onboard(mate, fake, deliver)
    text = page(client, mate, en_reverse("payments_payouts")).content.decode()
    assert "I agree to this split" in text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("payments_share_agree", args=[award.pk]))
    assert response.status_code == 302
    award.refresh_from_db()
    assert award.payment_state == "paid"
    outsider_response = page(
        client, UserFactory(), reverse("payments_share_agree", args=[award.pk]), "post"
    )
    assert outsider_response.status_code == 404


def test_erasing_a_winner_keeps_the_payment_records(owner, organisation, fake, deliver):
    from marketplace.payments import ledger
    from marketplace.payments.models import Transfer
    from marketplace.payments.payouts import award_pay
    from marketplace.services.privacy import account_erase

    challenge = challenge_with_places(owner, organisation, (1000,))
    fund(owner, challenge, fake, deliver)
    challenge = to_evaluating(owner, open_challenge(owner, challenge))
    winner = UserFactory()
    from marketplace.models import Proposal

    proposal = Proposal.objects.create(
        challenge=challenge, kind="person", created_by=winner, title="P", status="submitted"
    )
    award = grant(owner, challenge, 1, proposal)
    account = onboard(winner, fake, deliver)
    award_pay(actor=owner, award=award)
    account_erase(user=winner)
    account.refresh_from_db()
    assert account.user is None and account.stripe_account_id
    assert Transfer.objects.get().account == account
    assert ledger.organisation_deletion_error(organisation) is not None
