"""The confidentiality guarantee: a marker planted in every confidential field never reaches
an outsider (a signed-in stranger, a rival submitter without NDA, the anonymous visitor) —
through any endpoint, search, notification, e-mail, export or log line — over a whole
lifecycle."""

import logging

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from marketplace.models import AwardPlace, Notification, Organisation
from marketplace.models.challenges import Status
from marketplace.services import judging
from marketplace.services.awards import award_grant
from marketplace.services.challenges import challenge_transition
from marketplace.services.ndas import nda_revoke
from marketplace.services.participation import coaching_request, invitee_add
from marketplace.services.privacy import organisation_export, person_export
from marketplace.services.proposals import attachment_add
from tests.factories import MembershipFactory, OrganisationFactory
from tests.marketplace.challenges.factories import (
    accept_nda,
    make_challenge,
    make_judge,
    make_proposal,
    pass_deadline,
    solver,
)

MARKER = "ZQX-SECRET-7731"
# The title and summary of an invited-only challenge are not secret from its invitees (their
# invitation names it) but must stay unknown to everyone else.
HIDDEN = "ZQX-HIDDEN-4410"
pytestmark = pytest.mark.django_db


def mark(text: str) -> str:
    return f"{text} {MARKER}"


@pytest.fixture
def world(owner, organisation, django_capture_on_commit_callbacks, caplog):
    """A challenge taken through its lifecycle with the marker in every confidential field."""
    caplog.set_level(logging.DEBUG)
    with django_capture_on_commit_callbacks(execute=True):
        public = make_challenge(
            owner,
            organisation,
            Status.DRAFT,
            title="Robot welding",
            confidential_detail=mark("Drawings and hourly cost"),
        )
        coach_org = OrganisationFactory(kind="intermediary")
        MembershipFactory(organisation=coach_org)
        coaching_request(
            actor=owner, challenge=public, intermediary=coach_org, message=mark("Please check")
        )
        public = challenge_transition(actor=owner, challenge=public, to=Status.OPEN)
        hidden = make_challenge(
            owner,
            organisation,
            title=f"Invited only title {HIDDEN}",
            summary=f"Invited only summary {HIDDEN}",
            visibility="invited",
            confidential_detail=mark("hidden detail"),
        )
        anonymous = make_challenge(
            owner,
            organisation,
            title="Anonymous one",
            anonymous_seeker=True,
            confidential_detail=mark("anon"),
        )
        guest = MembershipFactory().user
        invitee_add(actor=owner, challenge=hidden, user=guest)

        author, author_org = solver("Author BV")
        accept_nda(author, public)
        secret_proposal = make_proposal(
            author,
            public,
            kind="organisation",
            organisation=author_org,
            title=mark("Proposal title"),
            summary=mark("Proposal summary"),
            approach=mark("Proposal approach"),
            answers={c.key: mark("answer") for c in public.criteria.all()},
        )
        attachment_add(
            user=author,
            proposal=secret_proposal,
            upload=SimpleUploadedFile(mark("plan") + ".pdf", b"%PDF-1.4 " + MARKER.encode()),
        )
        rival = solver("Rival BV")[0]
        rival_proposal = make_proposal(rival, public, title="Rival idea")
        judge = make_judge(owner, public)
        judging.assignments_bulk(challenge=public, per_proposal=1)
        for assignment in judge.judgeships.get().assignments.all():
            judging.evaluation_save(
                assignment=assignment,
                final=True,
                private_note=mark("note"),
                scores=[
                    {"criterion": c.key, "value": 5, "comment": mark("comment")}
                    for c in public.criteria.all()
                ],
            )
        revoked = solver("Revoked BV")[0]
        acceptance = accept_nda(revoked, public)
        nda_revoke(actor=owner, acceptance=acceptance, reason=mark("competitor"))
        public = pass_deadline(public)
        public = challenge_transition(actor=owner, challenge=public, to=Status.EVALUATING)
        judging.feedback_send(
            actor=owner, proposal=secret_proposal, reason=mark("Reason long enough")
        )
        # The rival's own feedback is theirs to read, so it carries no marker.
        judging.feedback_send(
            actor=owner, proposal=rival_proposal, reason="Reason long enough for the rival."
        )
        place = AwardPlace.objects.create(challenge=public, rank=1, title="Pilot")
        award_grant(actor=owner, place=place, proposal=secret_proposal)
        challenge_transition(actor=owner, challenge=public, to=Status.AWARDED)
        from django.core.management import call_command

        call_command("challenge_daily", verbosity=0)
    return {
        "public": public,
        "hidden": hidden,
        "anonymous": anonymous,
        "rival": rival,
        "revoked": revoked,
        "proposal": secret_proposal,
        "rival_proposal": rival_proposal,
    }


def outsider_paths(world) -> list[str]:
    public, hidden, anonymous = world["public"], world["hidden"], world["anonymous"]
    paths = [
        "/api/v1/challenges/",
        f"/api/v1/challenges/?q={MARKER}",
        "/api/v1/challenges/?q=drawings",
        "/api/v1/challenges/?q=welding",
        "/api/v1/proposals/",
        "/api/v1/notifications/",
        "/api/v1/judging/assignments/",
        "/api/v1/judging/invitations/",
        "/api/v1/people/me/export/",
        "/api/v1/good-practices/",
        f"/api/v1/proposals/{world['proposal'].pk}/",
        f"/api/v1/proposals/{world['proposal'].pk}/versions/",
        f"/api/v1/proposals/{world['proposal'].pk}/feedback/",
        f"/api/v1/proposals/{world['proposal'].pk}/attachments/1/",
    ]
    for challenge in (public, hidden, anonymous):
        for suffix in [
            "",
            "similar/",
            "funding-hints/",
            "good-practices/",
            "rubric/",
            "endorsements/",
            "award-places/",
            "nda/",
            "transitions/",
            "quality/",
            "ranking/",
            "judges/",
            "assignments/",
            "awards/",
            "nda-acceptances/",
            "coauthors/",
            "invitees/",
        ]:
            paths.append(f"/api/v1/challenges/{challenge.pk}/{suffix}")
    return paths


def assert_clean(api, user, world):
    for path in outsider_paths(world):
        response = api(user).get(path)
        assert response.status_code < 500, path
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert MARKER.encode() not in body, path
        assert HIDDEN.encode() not in body, path


def test_no_outsider_endpoint_carries_the_marker(api, world, outsider):
    assert_clean(api, outsider, world)


def test_the_invitee_sees_the_invited_challenge_but_not_its_confidential_detail(api, world):
    guest = world["hidden"].invitees.get().user
    body = api(guest).get(f"/api/v1/challenges/{world['hidden'].pk}/").content.decode()
    assert HIDDEN in body
    assert MARKER not in body


def test_the_anonymous_visitor_sees_no_marker(api, world):
    assert_clean(api, None, world)


def test_a_rival_submitter_without_nda_sees_no_marker(api, world):
    assert_clean(api, world["rival"], world)


def test_a_revoked_signer_sees_no_marker(api, world):
    assert_clean(api, world["revoked"], world)


def test_similar_search_while_authoring_has_no_marker(api, world, outsider):
    response = api(outsider).post(
        "/api/v1/challenges/similar/", {"title": "Invited only title", "summary": "drawings cost"}
    )
    assert MARKER not in response.content.decode()
    assert HIDDEN not in response.content.decode()


def test_no_notification_or_email_carries_the_marker(world):
    # Not even to insiders: notifications name challenges, never their confidential content.
    for notification in Notification.objects.all():
        assert MARKER not in notification.title + notification.body
    assert mail.outbox, "the lifecycle sends e-mail"
    for message in mail.outbox:
        assert MARKER not in message.subject + message.body


def test_outsider_exports_have_no_marker(world, outsider):
    rival_org = Organisation.objects.get(name="Rival BV")
    for export in [
        person_export(user=outsider),
        person_export(user=world["rival"]),
        person_export(user=world["revoked"]),
        organisation_export(organisation=rival_org),
    ]:
        assert MARKER not in str(export)
        assert HIDDEN not in str(export)


def test_no_log_line_carries_the_marker(world, caplog, api, outsider):
    assert_clean(api, outsider, world)
    assert MARKER not in caplog.text
    assert HIDDEN not in caplog.text


def test_the_anonymous_seekers_name_stays_hidden(api, world, outsider, organisation):
    anonymous = world["anonymous"]
    for path in [
        f"/api/v1/challenges/{anonymous.pk}/",
        "/api/v1/challenges/?q=anonymous",
        f"/api/v1/challenges/?organisation={organisation.pk}",
    ]:
        body = api(outsider).get(path).content.decode()
        if str(anonymous.pk) in body and "Anonymous one" in body:
            assert organisation.name not in body, path
