"""The NDA gate on pages: the confidential detail is absent before acceptance, present after,
absent again after the owner revokes; the terms page shows the version; the owner's log."""

from __future__ import annotations

import pytest

from marketplace.models import NdaAcceptance, NdaTerms
from tests.frontend.challenges.conftest import MARKER
from tests.marketplace.challenges.factories import accept_nda

pytestmark = pytest.mark.django_db


def test_confidential_detail_behind_the_nda_and_gone_after_revocation(
    client_for, page, owner, outsider, challenge
):
    detail = f"/en/challenges/{challenge.pk}/"
    before = page(outsider, detail).content.decode()
    assert MARKER not in before
    assert "Read and accept the NDA" in before

    terms = NdaTerms.objects.current()
    nda_page = page(outsider, detail + "nda/").content.decode()
    assert f"Terms, version {terms.version}" in nda_page
    assert MARKER not in nda_page

    response = client_for(outsider).post(
        detail + "nda/", {"terms_version": terms.version, "agree": "on"}
    )
    assert response.status_code == 302
    acceptance = NdaAcceptance.objects.get(challenge=challenge, user=outsider)
    assert acceptance.terms == terms
    assert MARKER in page(outsider, detail).content.decode()

    log = page(owner, detail + "ndas/").content.decode()
    assert outsider.email in log
    client_for(owner).post(detail + f"ndas/{acceptance.pk}/revoke/", {"reason": "Left the job"})
    after = page(outsider, detail).content.decode()
    assert MARKER not in after
    assert "Your access to the confidential detail was withdrawn" in after


def test_accepting_needs_the_tick_and_the_current_version(client_for, outsider, challenge):
    url = f"/en/challenges/{challenge.pk}/nda/"
    client = client_for(outsider)
    assert (
        client.post(url, {"terms_version": NdaTerms.objects.current().version}).status_code == 400
    )
    response = client.post(url, {"terms_version": "0.0-old", "agree": "on"})
    assert response.status_code == 400
    assert "The NDA terms changed." in response.content.decode()
    assert not NdaAcceptance.objects.exists()


def test_second_acceptance_is_not_offered(page, client_for, outsider, challenge):
    accept_nda(outsider, challenge)
    html = page(outsider, f"/en/challenges/{challenge.pk}/nda/").content.decode()
    assert "You accepted version" in html
    response = client_for(outsider).post(
        f"/en/challenges/{challenge.pk}/nda/",
        {"terms_version": NdaTerms.objects.current().version, "agree": "on"},
    )
    assert response.status_code == 400
    assert NdaAcceptance.objects.count() == 1


def test_signing_for_another_organisation_is_refused(client_for, outsider, organisation, challenge):
    response = client_for(outsider).post(
        f"/en/challenges/{challenge.pk}/nda/",
        {
            "terms_version": NdaTerms.objects.current().version,
            "agree": "on",
            "organisation": organisation.pk,
        },
    )
    assert response.status_code == 400
    assert not NdaAcceptance.objects.exists()


def test_insiders_and_judges_read_it_without_nda(page, owner, member, judge, challenge):
    for user in (owner, member, judge):
        assert MARKER in page(user, f"/en/challenges/{challenge.pk}/").content.decode()


@pytest.mark.parametrize("role", ["member", "outsider", "judge"])
def test_nda_log_is_for_managers(page, people, challenge, role):
    assert page(people[role], f"/en/challenges/{challenge.pk}/ndas/").status_code == 403


def test_nda_pages_for_anonymous_go_to_sign_in(page, challenge):
    assert page(None, f"/en/challenges/{challenge.pk}/nda/").status_code == 302
    assert page(None, f"/en/challenges/{challenge.pk}/ndas/").status_code == 302


def test_revoke_of_unknown_acceptance_is_404(client_for, owner, challenge):
    response = client_for(owner).post(f"/en/challenges/{challenge.pk}/ndas/999999/revoke/")
    assert response.status_code == 404
