"""Journey 5: an educator creates a team-formation run across two institutions, invites three
students by e-mail; they join through the link and answer the survey; the educator forms the
teams and publishes them; the student left out reads why."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from marketplace.models import IscedField
from marketplace.teams.models import RunStudent, TeamRun
from tests.e2e.conftest import sign_in
from tests.factories import PASSWORD, OrganisationFactory, PersonProfileFactory, UserFactory
from tests.marketplace.teams.run_builders import educator_of, university

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

RUN_TITLE = "Slimme fabriek over de campussen"


def test_cross_institution_run_from_survey_to_published_teams(site, open_page, capture):
    own = university()
    partner = OrganisationFactory(kind="university", name="Universiteit Gent")
    educator = educator_of(own)
    students = []
    for first, last, institution in (
        ("Lotte", "Janssens", own),
        ("Milan", "De Smet", own),
        ("Noor", "Vandamme", partner),
    ):
        user = UserFactory(first_name=first, last_name=last)
        PersonProfileFactory(user=user, institution=institution)
        students.append(user)
    disciplines = list(IscedField.objects.order_by("code").values_list("pk", flat=True)[:2])

    teacher = open_page("en")
    sign_in(teacher, site, educator.email, PASSWORD, "en")
    teacher.goto(site.at("/teamvorming/", "en"))
    capture(teacher, "j5-runs")
    teacher.goto(site.at("/teamvorming/nieuw/", "en"))
    capture(teacher, "j5-run-new")
    teacher.locator("input[name=title]").fill(RUN_TITLE)
    teacher.locator("input[name=course]").fill("Industrie 4.0-lab")
    teacher.locator("select[name=organisation]").select_option(str(own.pk))
    teacher.get_by_label("Universiteit Gent").check()
    teacher.locator("input[name=team_size_min]").fill("2")
    teacher.locator("input[name=team_size_max]").fill("2")
    teacher.locator("main form button[type=submit]").click()
    teacher.wait_for_load_state()
    run = TeamRun.objects.get(title=RUN_TITLE)
    assert list(run.partner_organisations.all()) == [partner]

    # One challenge with one team of two: one of the three students cannot be placed.
    teacher.locator("main summary", has_text="Add a challenge").click()
    add = teacher.locator("form[action$='/uitdagingen/']")
    add.locator("input[name=title]").fill("Lascel voor kleine series")
    add.locator("input[name=teams]").fill("1")
    add.get_by_role("button", name="Add").click()
    teacher.wait_for_load_state()
    invite = teacher.locator("form[action$='/uitnodigen/']")
    invite.locator("textarea[name=emails]").fill(", ".join(s.email for s in students))
    invite.get_by_role("button", name="Send invitations").click()
    teacher.wait_for_load_state()
    capture(teacher, "j5-run")
    assert sorted(m.to[0] for m in mail.outbox) == sorted(s.email for s in students)

    # Each student follows the link in their e-mail and answers the survey.
    pages = {}
    for n, student in enumerate(students):
        message = next(m for m in mail.outbox if m.to == [student.email])
        link = re.search(r"https?://\S+/teamvorming/deelnemen/\S+/", message.body)
        assert link, message.body
        page = open_page("en", width=390)
        sign_in(page, site, student.email, PASSWORD, "en")
        page.goto(site.url + re.sub(r"^https?://[^/]+", "", link.group(0)))
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(re.compile(r"/enquete/$"))
        if n == 0:
            capture(page, "j5-survey")
            # Some thirty languages, each named in itself, in columns even on a phone.
            nederlands = page.get_by_label("Nederlands", exact=True).bounding_box()
            english = page.get_by_label("English", exact=True).bounding_box()
            assert nederlands and english and abs(nederlands["y"] - english["y"]) < 4
            page.get_by_label("Türkçe", exact=True).check()
        page.locator("select[name=discipline]").select_option(str(disciplines[n % 2]))
        page.locator("select[name=rank_1]").select_option(index=1)
        page.locator("main form button[type=submit]").last.click()
        page.wait_for_load_state()
        assert "Thank you, your answers are saved." in page.get_by_role("status").inner_text()
        pages[student.pk] = page
    assert RunStudent.objects.filter(run=run, discipline__isnull=False).count() == 3
    assert "tr" in RunStudent.objects.get(run=run, user=students[0]).languages

    # Form and publish.
    teacher.locator("main").get_by_role("link", name="Teams").first.click()
    teacher.wait_for_load_state()
    teacher.get_by_role("button", name="Form the teams").click()
    publish = teacher.locator("form[action$='/publiceren/']")
    publish.wait_for()
    capture(teacher, "j5-teams")
    for box in publish.locator("input[type=checkbox]").all():
        box.check()
    publish.get_by_role("button", name="Publish the teams").click()
    teacher.wait_for_load_state()
    run.refresh_from_db()
    assert run.is_published, teacher.locator("main").inner_text()

    # The student left out sees why.
    placed = set(
        RunStudent.objects.filter(run=run, membership__isnull=False).values_list(
            "user_id", flat=True
        )
    )
    unplaced = [s for s in students if s.pk not in placed]
    assert len(unplaced) == 1
    page = pages[unplaced[0].pk]
    page.goto(site.at(f"/teamvorming/{run.pk}/mijn-team/", "en"))
    why = page.locator("#unplaced")
    assert "you are not in a team" in why.inner_text()
    assert educator.last_name in why.inner_text()  # who to ask
    capture(page, "j5-unplaced")
