"""What the product stored is read in the reader's language: a notification is rendered
from its template and parameters when it is read (not in the language it was sent in), a
default rubric criterion in each reader's language; rows from before keep their text."""

from __future__ import annotations

import pytest
from django.utils import translation

from marketplace.models import Notification
from marketplace.models.challenges import Status
from marketplace.services.challenges import challenge_transition
from tests.marketplace.challenges.factories import make_challenge, make_proposal, solver

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("prefix", "sentence"),
    [
        ("", "Robot welding for batches of five” heeft nu de status Geannuleerd"),
        ("/en", "Robot welding for batches of five” now has the status Cancelled"),
        ("/fr", "Robot welding for batches of five » a maintenant le statut Annulé"),
    ],
)
def test_a_notification_reads_in_the_language_of_the_page(
    client_for, owner, organisation, prefix, sentence
):
    challenge = make_challenge(owner, organisation, Status.OPEN)
    submitter, _org = solver()
    make_proposal(submitter, challenge)
    submitter.preferred_language = "nl"  # sent while the recipient read Dutch
    submitter.save(update_fields=["preferred_language"])
    challenge_transition(actor=owner, challenge=challenge, to=Status.CANCELLED)
    assert Notification.objects.filter(user=submitter, kind="challenge_status").exists()
    html = client_for(submitter).get(f"{prefix}/notifications/").content.decode()
    assert sentence.replace("”", "&rdquo;") in html or sentence in html


def test_the_api_gives_the_notification_in_the_requested_language(api, owner, organisation):
    challenge = make_challenge(owner, organisation, Status.OPEN)
    submitter, _org = solver()
    make_proposal(submitter, challenge)
    challenge_transition(actor=owner, challenge=challenge, to=Status.CANCELLED)
    client = api(submitter)
    french = client.get("/api/v1/notifications/", HTTP_ACCEPT_LANGUAGE="fr").json()["results"]
    english = client.get("/api/v1/notifications/", HTTP_ACCEPT_LANGUAGE="en").json()["results"]
    assert french[0]["title"].endswith("a maintenant le statut Annulé")
    assert english[0]["title"].endswith("now has the status Cancelled")
    assert "is now Cancelled" not in english[0]["title"]  # no status label mid-sentence


def test_a_status_notification_stored_with_the_earlier_template_still_reads_in_dutch(
    client_for, outsider
):
    """Rows sent before the sentence became 'now has the status' keep their template; the
    catalogues still translate it."""
    Notification.objects.create(
        user=outsider,
        kind="challenge_status",
        title="“Lasrobot” is now Cancelled",
        title_template="“%(title)s” is now %(status)s",
        params={"title": "Lasrobot", "status": {"nl": "Geannuleerd", "en": "Cancelled"}},
    )
    html = client_for(outsider).get("/notifications/").content.decode()
    assert "Lasrobot&rdquo; heeft nu de status Geannuleerd" in html or (
        "Lasrobot” heeft nu de status Geannuleerd" in html
    )


def test_a_notification_stored_before_templates_keeps_its_text(client_for, outsider):
    Notification.objects.create(user=outsider, kind="feedback", title="Oude melding, bewaard")
    html = client_for(outsider).get("/en/notifications/").content.decode()
    assert "Oude melding, bewaard" in html


@pytest.mark.parametrize(
    ("prefix", "label", "other"),
    [
        ("", "Aansluiting bij de uitdaging", "Fit with the challenge"),
        ("/en", "Fit with the challenge", "Aansluiting bij de uitdaging"),
        ("/fr", "Adéquation au défi", "Fit with the challenge"),
    ],
)
def test_default_rubric_criteria_read_in_the_page_language(
    client_for, owner, organisation, outsider, prefix, label, other
):
    challenge = make_challenge(owner, organisation, Status.OPEN)  # written in English
    html = client_for(outsider).get(f"{prefix}{challenge.get_absolute_url()}").content.decode()
    assert label in html
    assert other not in html


def test_a_rewritten_criterion_shows_the_owners_words_to_everyone(owner, organisation):
    from marketplace.services.challenges import rubric_replace

    challenge = make_challenge(owner, organisation, Status.DRAFT)
    criteria = [
        {k: getattr(c, k) for k in ("key", "label", "prompt", "kind", "weight", "max_score")}
        for c in challenge.criteria.all()
    ]
    criteria[0]["label"] = "Past het bij onze werkplaats?"
    rubric_replace(challenge=challenge, criteria=criteria)
    first, second = list(challenge.criteria.all())[:2]
    with translation.override("fr"):
        assert first.shown_label == "Past het bij onze werkplaats?"
        assert second.shown_label == "Faisabilité et équipe"  # unchanged: kept per language
