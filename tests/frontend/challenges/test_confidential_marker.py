"""A marker planted in every confidential field — the challenge's confidential detail and a
proposal's content — never appears on any page an outsider or a visitor can reach."""

from __future__ import annotations

import pytest

from marketplace.models import Notification
from tests.frontend.challenges.conftest import MARKER
from tests.marketplace.challenges.factories import make_proposal

pytestmark = pytest.mark.django_db


def test_marker_never_reaches_outsiders(page, owner, submitter, outsider, challenge):
    proposal = make_proposal(
        submitter,
        challenge,
        title=f"Title {MARKER}",
        summary=f"Summary {MARKER}",
        approach=f"Approach {MARKER}",
        answers={c.key: f"Answer {MARKER}" for c in challenge.criteria.all()},
    )
    assert MARKER in page(owner, f"/en/proposals/{proposal.pk}/").content.decode()
    urls = [
        "/en/challenges/",
        "/en/challenges/?q=hourly",
        "/en/challenges/?q=drawings",
        f"/en/challenges/{challenge.pk}/",
        f"/challenges/{challenge.pk}/",
        f"/fr/challenges/{challenge.pk}/",
        f"/en/challenges/{challenge.pk}/nda/",
        f"/en/challenges/{challenge.pk}/proposals/",
        f"/en/challenges/{challenge.pk}/review/",
        f"/en/challenges/{challenge.pk}/edit/confidentiality/",
        f"/en/challenges/{challenge.pk}/judging/",
        f"/en/challenges/{challenge.pk}/awards/",
        f"/en/challenges/{challenge.pk}/ndas/",
        f"/en/challenges/{challenge.pk}/solvers/",
        f"/en/proposals/{proposal.pk}/",
        f"/en/proposals/{proposal.pk}/receipt/",
        "/en/proposals/",
        "/en/judging/",
        "/en/notifications/",
        "/en/good-practices/",
        "/en/",
    ]
    for user in (outsider, None):
        for url in urls:
            response = page(user, url, follow=True)
            assert response.status_code in {200, 403, 404}, url
            assert MARKER not in response.content.decode(), url
    assert not Notification.objects.filter(title__contains=MARKER).exists()
    # Search does not look into the confidential detail either.
    assert "0 challenges" in page(outsider, "/en/challenges/?q=hourly").content.decode()
