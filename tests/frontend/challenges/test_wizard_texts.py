"""The wizard's texts: no doubled "Let op:", each step's tip about that step, "uitdaging"
throughout the Dutch wizard, one name per challenge type, amounts with the reader's thousands
separator and "TRL 9" for a one-level range."""

from __future__ import annotations

import html as html_lib
import re

import pytest

from marketplace.models.challenges import ChallengeType, Status
from tests.factories import CapabilityFactory
from tests.marketplace.challenges.factories import make_challenge

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"


def _text(html: str) -> str:
    """What a reader sees: the body without tags, scripts and attributes, spaces collapsed."""
    body = html.split("<body", 1)[-1]
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", body)))


@pytest.fixture
def draft(owner, organisation):
    return make_challenge(
        owner,
        organisation,
        Status.DRAFT,
        title="Minder afval bij het lassen",
        language="nl",
        ip_regime="non_confidential",
        budget_eur=15_000,
    )


def test_the_ip_warning_says_careful_once(page, owner, draft):
    nl = _text(page(owner, f"/challenges/{draft.pk}/edit/confidentiality/").content.decode())
    assert "Let op: Wat openbaar gemaakt is" in nl
    assert "Let op: Let op" not in nl
    en = _text(page(owner, f"/en/challenges/{draft.pk}/edit/confidentiality/").content.decode())
    assert "Careful: What has been made public" in en
    assert "Beware" not in en
    fr = _text(page(owner, f"/fr/challenges/{draft.pk}/edit/confidentiality/").content.decode())
    assert "Attention : Attention" not in fr and "Attention Attention" not in fr


def test_each_step_tip_is_about_that_step(page, owner, draft):
    terms = _text(page(owner, f"/en/challenges/{draft.pk}/edit/terms/").content.decode())
    assert "the deadline for proposals and the feedback date" in terms
    assert "visibility, NDA and IP regime" not in terms.lower()
    confidentiality = _text(
        page(owner, f"/en/challenges/{draft.pk}/edit/confidentiality/").content.decode()
    )
    assert "Visibility, NDA and IP regime: who may see the challenge" in confidentiality


def test_the_dutch_wizard_says_uitdaging(page, owner, draft):
    paths = ["/challenges/new/", f"/challenges/{draft.pk}/review/"] + [
        f"/challenges/{draft.pk}/edit/{step}/"
        for step in ("type", "problem", "scope", "confidentiality", "impact", "terms")
    ]
    for path in paths:
        text = _text(page(owner, path).content.decode())
        assert not re.search(r"\bchallenges?\b", text, re.I), (path, text)
        assert "uitdaging" in text.lower(), path


@pytest.mark.parametrize("language", ["nl", "en", "fr"])
def test_type_names_are_the_same_in_the_list_and_the_guide(page, owner, language):
    from django.utils import translation

    html = page(owner, f"/{language}/challenges/new/".replace("/nl/", "/")).content.decode()
    guide = re.search(r'<dl class="facts">(.*?)</dl>', html, re.S).group(1)
    listed = re.findall(r"<dt>(.*?)</dt>", guide)
    with translation.override(language):
        labels = [html_lib.escape(str(label)) for label in ChallengeType.labels]
    assert sorted(listed) == sorted(labels)
    for label in labels:
        assert html.count(label) >= 2, label  # the radio button and the guide


@pytest.mark.parametrize(
    ("prefix", "amount"),
    [("", f"€{NBSP}15.000"), ("/en", "€15,000"), ("/fr", f"15{NBSP}000{NBSP}€")],
)
def test_amounts_have_a_thousands_separator(page, owner, draft, prefix, amount):
    review = page(owner, f"{prefix}/challenges/{draft.pk}/review/").content.decode()
    assert amount in review
    detail = page(owner, f"{prefix}/challenges/{draft.pk}/").content.decode()
    assert amount in detail
    assert "15000" not in _text(detail)


def test_the_budget_norm_of_the_type_is_an_amount(page, owner, draft):
    terms = _text(page(owner, f"/en/challenges/{draft.pk}/edit/terms/").content.decode())
    assert re.search(r"budgets are usually €[\d,]+ to €\d{1,3}(,\d{3})+", terms), terms


def test_a_one_level_trl_range_is_one_level(page, organisation):
    capability = CapabilityFactory(owner_organisation=organisation, trl_min=9, trl_max=9)
    ranged = CapabilityFactory(owner_organisation=organisation, trl_min=4, trl_max=6)
    listing = _text(page(None, "/en/capaciteiten/").content.decode())
    assert "TRL 9–9" not in listing and "TRL 9 " in listing and "TRL 4–6" in listing
    detail = _text(page(None, f"/en/capaciteiten/{capability.pk}/").content.decode())
    assert "TRL 9" in detail and "TRL 9–9" not in detail
    assert ranged.pk
