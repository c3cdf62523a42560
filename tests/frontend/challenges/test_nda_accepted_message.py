"""Accepting the NDA ends on the challenge with a message that says what was accepted, for
whom, and (while proposals are open) the next step."""

from __future__ import annotations

import pytest

from marketplace.models import NdaTerms
from marketplace.models.organisations import Role
from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_accepting_the_nda_confirms_it_and_links_to_a_proposal(client_for, outsider, challenge):
    terms = NdaTerms.objects.current()
    response = client_for(outsider).post(
        f"/en/challenges/{challenge.pk}/nda/",
        {"terms_version": terms.version, "agree": "on"},
        follow=True,
    )
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/en/challenges/{challenge.pk}/"
    assert (
        f"You accepted the confidentiality terms (version {terms.version}) for "
        f"“{challenge.title}”. The confidential detail is now shown on the challenge."
    ) in html
    assert f'<a href="/en/challenges/{challenge.pk}/proposals/new/">Write a proposal</a>' in html


def test_accepting_for_an_organisation_names_it(client_for, outsider, challenge):
    company = OrganisationFactory(name="Lasbedrijf Peeters")
    MembershipFactory(organisation=company, user=outsider, role=Role.MEMBER)
    terms = NdaTerms.objects.current()
    html = (
        client_for(outsider)
        .post(
            f"/en/challenges/{challenge.pk}/nda/",
            {"terms_version": terms.version, "agree": "on", "organisation": company.pk},
            follow=True,
        )
        .content.decode()
    )
    assert "on behalf of Lasbedrijf Peeters" in html


def test_a_refused_acceptance_shows_no_success(client_for, outsider, challenge):
    response = client_for(outsider).post(
        f"/en/challenges/{challenge.pk}/nda/", {"terms_version": "0", "agree": "on"}
    )
    assert response.status_code == 400
    assert "You accepted the confidentiality terms" not in response.content.decode()
