"""The challenge page speaks to its reader: the seeker's people read what the IP regime means
for them and the funding instruments their organisation may apply for; a solver (or a visitor)
reads what the regime means for a solver, and no funding hints about the seeker."""

from __future__ import annotations

import pytest

from marketplace.models.challenges import Status
from tests.marketplace.challenges.factories import make_challenge

pytestmark = pytest.mark.django_db

SEEKER_IP = "U krijgt een optie op een licentie"
SOLVER_IP = "U blijft eigenaar van uw oplossing"
FUNDING = "KMO-portefeuille"


@pytest.fixture
def licence_challenge(owner, organisation):
    organisation.nuts_id = "BE211"  # an SME in Flanders: the KMO-portefeuille rule applies
    organisation.save()
    return make_challenge(owner, organisation, Status.OPEN, ip_regime="solver_keeps_licence")


@pytest.mark.parametrize("reader", ["owner", "member"])
def test_the_seeker_reads_the_seeker_texts(page, people, licence_challenge, reader):
    html = page(people[reader], f"/challenges/{licence_challenge.pk}/").content.decode()
    assert SEEKER_IP in html
    assert SOLVER_IP not in html
    assert FUNDING in html
    assert "is een kmo" in html


@pytest.mark.parametrize("reader", ["submitter", "outsider", "anonymous"])
def test_a_solver_reads_what_the_regime_means_for_a_solver(page, people, licence_challenge, reader):
    html = page(people.get(reader), f"/challenges/{licence_challenge.pk}/").content.decode()
    assert SOLVER_IP in html
    assert SEEKER_IP not in html
    assert FUNDING not in html
    assert "is een kmo" not in html
    assert "Keep inventive detail out of the public summary" not in html


def test_every_regime_has_a_text_for_each_side_in_each_language():
    from django.utils import translation

    from marketplace.models import IpRegimeGuide

    guides = list(IpRegimeGuide.objects.all())
    assert len(guides) == 4
    for language in ("nl", "en", "fr"):
        with translation.override(language):
            for guide in guides:
                seeker, solver = (
                    guide.localised("explanation"),
                    guide.localised("solver_explanation"),
                )
                assert seeker and solver and seeker != solver, (language, guide.regime)
                assert guide.localised("solver_warning"), (language, guide.regime)
