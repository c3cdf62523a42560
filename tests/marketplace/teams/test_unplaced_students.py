"""A student the teams cannot take is never dropped silently: the educator sees who and why
and must confirm before publishing; the student gets a notification and an e-mail in their
language with the reason and what happens next, and their pages say so."""

from __future__ import annotations

import html

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.utils import translation

from marketplace.models import Notification
from marketplace.teams import publishing, reasons_i18n
from tests.factories import UserFactory
from tests.marketplace.teams.run_builders import (
    add_challenge,
    add_student,
    educator_of,
    make_run,
    run_with_one_left_out,
    solve,
    university,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def full():
    return run_with_one_left_out()


def _publish(run, educator, **flags):
    with TestCase.captureOnCommitCallbacks(execute=True):
        publishing.run_publish(actor=educator, run=run, **flags)
    run.refresh_from_db()


def test_publishing_with_a_student_in_no_team_needs_confirmation(full):
    run, educator, left_out = full["run"], full["educator"], full["unplaced"]
    with pytest.raises(ValidationError) as err:
        _publish(run, educator)
    assert "accept_unplaced" in err.value.message_dict
    assert left_out.name in err.value.message_dict["accept_unplaced"][0]
    assert not run.is_published and not Notification.objects.exists()


def test_api_refuses_then_publishes_with_confirmation(api, full):
    run, educator = full["run"], full["educator"]
    url = f"/api/v1/team-runs/{run.pk}/publish/"
    refused = api(educator).post(url, {}, format="json")
    assert refused.status_code == 400 and "accept_unplaced" in refused.json()
    with TestCase.captureOnCommitCallbacks(execute=True):
        ok = api(educator).post(url, {"accept_unplaced": True}, format="json")
    assert ok.status_code == 200 and ok.json()["published_at"]


def test_the_student_in_no_team_is_told_why_in_their_language(full):
    run, educator, left_out = full["run"], full["educator"], full["unplaced"]
    mail.outbox.clear()
    _publish(run, educator, accept_unplaced=True)
    note = Notification.objects.get(user=left_out.user)
    assert note.kind == "team_not_placed"
    assert note.emailed_at is not None
    assert f"/teamvorming/{run.pk}/enquete/" in note.url
    sent = [m for m in mail.outbox if m.to == [left_out.user.email]]
    assert len(sent) == 1
    if left_out.user.preferred_language == "fr":
        assert "Vous ne faites partie d’aucune équipe" in sent[0].subject
    # the reason (the one team was full), in the student's language, and who will follow up
    run.refresh_from_db()
    reason = next(
        r for r in run.unassigned if (r.get("params") or {}).get("student") == left_out.solver_id
    )
    assert reason["code"] == "capacity"
    with translation.override(left_out.user.preferred_language):
        why = reasons_i18n.unplaced_for_student(reason)
    assert why in note.body and why in sent[0].body
    assert educator.display_name in note.body and educator.email in sent[0].body
    placed = [s for s in full["students"] if s.pk != left_out.pk]
    assert Notification.objects.filter(
        user__in=[s.user for s in placed], kind="team_published"
    ).count() == len(placed)


def test_a_french_student_reads_the_notice_in_french():
    org = university()
    educator = educator_of(org)
    run = make_run(educator, org, team_size_min=2, team_size_max=2)
    add_challenge(run, teams=1)
    for d in ["0713", "0311"]:
        add_student(run, d)
    solve(run)
    # answers after the teams were formed: in no team
    late = add_student(run, "0421", user=UserFactory(preferred_language="fr", first_name="Élodie"))
    mail.outbox.clear()
    _publish(run, educator, accept_unplaced=True)
    (sent,) = [m for m in mail.outbox if m.to == [late.user.email]]
    assert sent.subject == "Vous ne faites partie d’aucune équipe pour Design 2"
    assert "Vous avez répondu à l’enquête après la formation des équipes." in sent.body
    assert educator.email in sent.body


@pytest.mark.parametrize(("prefix", "language"), [("", "nl"), ("/en", "en"), ("/fr", "fr")])
def test_the_stored_notice_reads_in_the_language_of_the_page(full, client, prefix, language):
    run, educator, left_out = full["run"], full["educator"], full["unplaced"]
    _publish(run, educator, accept_unplaced=True)
    reason = next(
        r for r in run.unassigned if (r.get("params") or {}).get("student") == left_out.solver_id
    )
    with translation.override(language):
        why = reasons_i18n.unplaced_for_student(reason)
    client.force_login(left_out.user)
    page = html.unescape(client.get(f"{prefix}/notifications/").content.decode())
    assert why in page
