"""Management commands: load_challenge_content and demo_challenges are idempotent."""

import pytest
from django.core.management import call_command

from marketplace.models import (
    Challenge,
    ChallengeTypeGuide,
    FundingRule,
    GoodPracticeCase,
    IpRegimeGuide,
    NdaTerms,
    StarterKit,
)

pytestmark = pytest.mark.django_db


def counts():
    return [
        m.objects.count()
        for m in (
            ChallengeTypeGuide,
            IpRegimeGuide,
            StarterKit,
            FundingRule,
            GoodPracticeCase,
            NdaTerms,
        )
    ]


def test_load_challenge_content_is_idempotent_and_keeps_admin_edits():
    call_command("load_challenge_content", verbosity=0)
    before = counts()
    assert before == [6, 4, 5, 5, 12, 1]
    FundingRule.objects.create(slug="local-grant", instrument="Local grant")
    call_command("load_challenge_content", verbosity=0)
    assert counts() == [6, 4, 5, 6, 12, 1]


def test_demo_challenges_covers_the_lifecycle_and_is_idempotent():
    call_command("demo", verbosity=0)
    call_command("demo_challenges", verbosity=0)
    statuses = sorted(Challenge.objects.values_list("status", flat=True))
    assert statuses == ["awarded", "draft", "evaluating", "open", "open"]
    call_command("demo_challenges", verbosity=0)
    assert Challenge.objects.count() == 5
    awarded = Challenge.objects.get(status="awarded")
    assert awarded.transitions.count() == 3
    assert not awarded.proposals.submitted().filter(feedback__isnull=True).exists()
