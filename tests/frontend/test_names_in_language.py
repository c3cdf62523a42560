"""Reference data is shown by name in the reader's language, never by code: NUTS regions on
challenge pages, in pickers and in funding reasons; ESCO skills by the reader's label where
ESCO has one, and marked as English where it has not."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from marketplace.models import EscoSkill, NutsRegion
from marketplace.models.challenges import Status
from marketplace.services.funding import funding_hints
from tests.factories import OrganisationFactory, PersonProfileFactory
from tests.marketplace.challenges.factories import make_challenge

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("prefix", "name"),
    [("", "Arr. Gent"), ("/en", "Arr. of Ghent"), ("/fr", "Arr. de Gand")],
)
def test_a_challenge_names_its_region_in_the_page_language(
    client_for, owner, organisation, outsider, prefix, name
):
    challenge = make_challenge(owner, organisation, Status.OPEN, nuts_id="BE234")
    html = client_for(outsider).get(f"{prefix}{challenge.get_absolute_url()}").content.decode()
    assert name in html.replace("&#x27;", "'")
    assert "BE234" not in html
    listing = client_for(outsider).get(f"{prefix}/challenges/").content.decode()
    assert name in listing.replace("&#x27;", "'")
    assert not re.search(r">\s*BE\d+ ", listing), "a region picker or card shows a code"


def test_english_pages_name_belgian_regions_in_english(client_for, outsider):
    html = client_for(outsider).get("/en/challenges/").content.decode()
    assert "Flemish Region" in html and "Prov. of East Flanders" in html
    assert "VLAAMS GEWEST" not in html


@pytest.mark.parametrize(
    ("language", "reason"),
    [("nl", "Arr. Gent"), ("en", "Arr. of Ghent"), ("fr", "Arr. de Gand")],
)
def test_a_funding_reason_names_the_region(language, reason):
    organisation = OrganisationFactory(nuts=NutsRegion.objects.get(code="BE234"))
    with translation.override(language):
        hints = funding_hints(organisation=organisation)
        why = [line for hint in hints for line in hint.why]
    assert any(reason in line for line in why), why
    assert not any("BE234" in line for line in why)


def test_skills_show_the_readers_label_where_esco_has_one(client_for, outsider):
    welding, sewing = EscoSkill.objects.order_by("pk")[:2]
    welding.label_nl = "robotlassen bedienen"
    welding.save(update_fields=["label_nl"])
    profile = PersonProfileFactory()
    profile.skills.set([welding, sewing])
    dutch = client_for(outsider).get(f"/mensen/{profile.pk}/").content.decode()
    assert '<span class="tag">robotlassen bedienen</span>' in dutch
    assert f'<span class="tag" lang="en">{sewing.label}</span>' in dutch
    assert "waar ESCO geen Nederlandse naam heeft, wordt de Engelse getoond" in dutch
    english = client_for(outsider).get(f"/en/mensen/{profile.pk}/").content.decode()
    assert f'<span class="tag">{welding.label}</span>' in english
    assert "the English one is shown" not in english


@pytest.mark.parametrize(
    ("prefix", "present", "absent"),
    [
        (
            "",
            [
                "Automatische legplannen halveren snijafval",
                "Een cobot neemt het zwaarste schuurwerk over",
            ],
            [
                "A cobot takes over the heaviest sanding",
                "Maintenance prédictive des presses plieuses",
            ],
        ),
        (
            "/en",
            [
                "A cobot takes over the heaviest sanding",
                "Automatic cutting layouts halve fabric waste",
            ],
            ["Automatische legplannen halveren snijafval", "Maintenance prédictive"],
        ),
        (
            "/fr",
            ["Maintenance prédictive des presses plieuses", "Un cobot reprend le ponçage le plus"],
            ["A cobot takes over the heaviest sanding", "Automatische legplannen"],
        ),
    ],
)
def test_good_practice_cards_read_in_one_language(client_for, prefix, present, absent):
    html = client_for(None).get(f"{prefix}/good-practices/").content.decode()
    html = html.replace("&#x27;", "'")
    for title in present:
        assert title in html
    for title in absent:
        assert title not in html
    # A card marks the language its texts are in (the page's <html lang> would always match).
    assert f'<div lang="{prefix.strip("/") or "nl"}">' in html
