"""Journey 3: the owner invites a judge and judges too; both score the proposal with the
rubric; the owner sends the submitter feedback, grants the prize place and marks the
challenge awarded."""

from __future__ import annotations

import re

import pytest

from marketplace.models import Assignment, Award, Feedback
from marketplace.models.challenges import Status
from tests.e2e.conftest import sign_in
from tests.e2e.worlds import judge_user, proposal_under_evaluation
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_owner_and_judge_score_then_feedback_and_award(site, open_page, capture):
    world = proposal_under_evaluation()
    assert world.proposal is not None
    judge = judge_user()
    owner_page = open_page("en")
    sign_in(owner_page, site, world.owner.email, PASSWORD, "en")

    # The owner invites the judge, and themself, then assigns both to every proposal.
    owner_page.goto(site.at(world.challenge.get_absolute_url(), "en"))
    owner_page.locator("main").get_by_role("link", name="Judges, panels and ranking").click()
    owner_page.wait_for_load_state()
    capture(owner_page, "j3-judging")
    for email in (judge.email, world.owner.email):
        invite = owner_page.locator("form[action$='/judging/judges/']")
        invite.locator("input[name=email]").fill(email)
        invite.get_by_role("button", name="Invite a judge").click()
        owner_page.wait_for_load_state()
    judge_page = open_page("en")
    sign_in(judge_page, site, judge.email, PASSWORD, "en")
    judge_page.goto(site.at("/judging/", "en"))
    capture(judge_page, "j3-judge-home")
    # Both accept before the assignment (only active judges are assigned).
    for page in (judge_page, owner_page):
        page.goto(site.at("/judging/", "en"))
        page.locator("main").get_by_role("link", name=re.compile("Robotlassen")).first.click()
        page.wait_for_load_state()
        page.get_by_label(re.compile("I declare that I have listed every conflict")).check()
        page.get_by_role("button", name="Accept and judge").click()
        page.wait_for_load_state()
    owner_page.goto(site.at(f"/challenges/{world.challenge.pk}/judging/", "en"))
    assign = owner_page.locator("form[action$='/judging/assignments/']")
    assign.locator("input[name=per_proposal]").fill("2")
    assign.get_by_role("button", name="Assign").click()
    owner_page.wait_for_load_state()

    # Both score.
    for page, score in ((judge_page, "4"), (owner_page, "3")):
        page.goto(site.at("/judging/", "en"))
        page.locator("main").get_by_role("link", name=world.proposal.title).click()
        page.wait_for_load_state()
        if page is judge_page:
            capture(page, "j3-score")
        form = page.locator("form.scoring-form")
        for field in form.locator("input[name^=score_]").all():
            field.fill(score)
        for comment in form.locator("textarea[name^=comment_]").all():
            comment.fill("Sterke aanpak met een proefreeks in het eigen atelier.")
        form.get_by_label("My evaluation is complete").check()
        form.get_by_role("button", name="Save scores").click()
        page.wait_for_load_state()
    evaluated = Assignment.objects.filter(proposal=world.proposal, evaluated_at__isnull=False)
    assert evaluated.count() == 2

    # The ranking shows the proposal; the owner sends feedback.
    owner_page.goto(site.at(f"/challenges/{world.challenge.pk}/judging/", "en"))
    owner_page.locator("main").get_by_role("link", name=world.proposal.title).first.click()
    owner_page.wait_for_load_state()
    owner_page.locator("main").get_by_role("link", name="Send feedback").click()
    owner_page.wait_for_load_state()
    capture(owner_page, "j3-feedback")
    owner_page.locator("textarea[name=reason]").fill(
        "Uw voorstel scoort het best op aanpak en haalbaarheid: de proefreeks overtuigde."
    )
    owner_page.locator("main form").get_by_role("button", name="Send feedback").click()
    owner_page.wait_for_load_state()
    assert Feedback.objects.filter(proposal=world.proposal).exists()

    # The award: a place, granted to the proposal, then the challenge is awarded.
    owner_page.goto(site.at(f"/challenges/{world.challenge.pk}/awards/", "en"))
    place = owner_page.locator("form[action$='/awards/places/']")
    place.locator("input[name=rank]").fill("1")
    place.locator("input[name=title]").fill("Winnaar")
    place.get_by_role("button", name="Add").click()
    owner_page.wait_for_load_state()
    grant = owner_page.locator("form[action$='/awards/grant/']")
    grant.locator("select[name=place]").select_option(label="1. Winnaar")
    grant.locator("select[name=proposal]").select_option(str(world.proposal.pk))
    grant.get_by_role("button", name="Grant").click()
    owner_page.wait_for_load_state()
    assert Award.objects.filter(proposal=world.proposal, revoked_at__isnull=True).exists(), (
        owner_page.locator("main").inner_text()
    )
    capture(owner_page, "j3-awards")
    owner_page.goto(site.at(world.challenge.get_absolute_url(), "en"))
    owner_page.get_by_role("button", name=re.compile("Move to “Awarded”")).click()
    owner_page.wait_for_load_state()
    world.challenge.refresh_from_db()
    assert world.challenge.status == Status.AWARDED, owner_page.locator("main").inner_text()
