"""Places in reasons are named in the reader's language (a Dutch name is a foreign word on an
English page)."""

import pytest
from django.utils import translation

from marketplace.matching.explanations import reason_names, reason_text
from marketplace.models import NutsRegion

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def gent():
    # No row for the country itself: its name must not depend on the NUTS table (a fresh
    # installation without it said "Also in BE.").
    NutsRegion.objects.filter(code="BE").delete()
    NutsRegion.objects.update_or_create(
        code="BE234",
        defaults={
            "level": 3,
            "country": "BE",
            "label": "Arr. Gent",
            "label_nl": "Arr. Gent",
            "label_fr": "Arr. de Gand",
        },
    )


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("en", "Also in Belgium."),
        ("nl", "Ook in België."),
        ("fr", "Dans le même pays : Belgique."),
    ],
)
def test_a_shared_country_is_named_in_the_readers_language(language, sentence):
    reason = {"code": "same_region", "evidence": {"country": "BE"}}
    with translation.override(language):
        assert reason_text(reason, reason_names([reason])) == sentence


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("en", "Also in Arr. of Ghent."),  # the English name of the NUTS data
        ("nl", "Ook in Arr. Gent."),
        ("fr", "Dans la même région : Arr. de Gand."),
    ],
)
def test_a_shared_region_is_named_not_coded(language, sentence):
    reason = {"code": "same_region", "evidence": {"nuts": "BE234"}}
    with translation.override(language):
        assert reason_text(reason, reason_names([reason])) == sentence
