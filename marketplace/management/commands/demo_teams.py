"""python manage.py demo_teams — a published demo team run and a brief to coach (idempotent).

Needs `python manage.py demo` and `demo_challenges` first. An educator of Universiteit
Dijleveld runs a course with two challenges; its students answer the survey, the solver forms
the teams and the educator publishes them (each team gets its project room). The draft brief
of Goudkorst is sent to an intermediary for coaching, so its advisors have a draft to read.
Everything goes through the services the pages use.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from marketplace.models import Challenge, IscedField, Organisation, User
from marketplace.models.challenges import Status
from marketplace.services import participation
from marketplace.teams import publishing, services
from marketplace.teams.models import SolveState, TeamRun
from marketplace.teams.tasks import run_solve_task

INSTITUTION = "demo:univ-dijleveld"
EDUCATOR = "ingrid.swinnen@demo.kruispunt.example"
RUN_TITLE = "Ontwerpproject maakindustrie"
CHALLENGES = [
    "Maatwerkmantels sneller met 3D-bodyscans",
    "Minder restgaren in het breiatelier",
]
FALLBACK_DISCIPLINE = "0713"
SLOTS = ["mon-am", "tue-pm", "thu-am"]
COACHED_BRIEF = ("demo:goudkorst", "Minder energie voor onze ovens")
COACH = "demo:innovatieloket-leie-schelde"


class Command(BaseCommand):
    help = "Create a published demo team run and a coaching request (after demo_challenges)."

    def handle(self, *args: Any, **options: Any) -> None:
        institution = Organisation.objects.filter(ref=INSTITUTION).first()
        educator = User.objects.filter(email=EDUCATOR).first()
        if institution is None or educator is None:
            raise CommandError("Run `python manage.py demo` first.")
        if not TeamRun.objects.filter(organisation=institution, title=RUN_TITLE).exists():
            run = self._run(institution, educator)
            if options["verbosity"]:
                self.stdout.write(f"Demo team run: {run.teams.count()} teams published.")
        self._coaching()

    def _run(self, institution: Organisation, educator: User) -> TeamRun:
        with transaction.atomic():
            run = services.run_create(
                actor=educator,
                organisation=institution,
                title=RUN_TITLE,
                course="Innovatie in kmo's",
                description="Studententeams werken een semester aan een vraag van een kmo.",
                team_size_min=3,
                team_size_max=4,
                time_limit=5.0,
            )
            challenges = [services.challenge_save(run=run, title=t, teams=1) for t in CHALLENGES]
            students = User.objects.filter(
                profile__kind="student", profile__institution=institution
            ).select_related("profile")
            for index, user in enumerate(students.order_by("email")):
                entry = services.run_join(user=user, run=run)
                ranked = challenges if index % 2 else challenges[::-1]
                services.survey_submit(
                    entry=entry,
                    discipline=entry.discipline
                    or IscedField.objects.filter(pk=FALLBACK_DISCIPLINE).first(),
                    skills=list(entry.skills.all()),
                    languages=entry.languages or ["nl"],
                    availability=SLOTS,
                    challenge_prefs=[c.pk for c in ranked],
                )
        run = services.run_solve(run=run)
        # With the database task backend (`make run`) nobody works the queue yet: solve here.
        if run.solve_state == SolveState.QUEUED:
            run_solve_task.call(run_id=run.pk, generation=run.solve_generation)
        run.refresh_from_db()
        if run.solve_state != SolveState.DONE:
            raise CommandError(f"The demo teams could not be formed ({run.solve_state}).")
        publishing.run_publish(actor=educator, run=run, accept_warnings=True, accept_unplaced=True)
        return run

    def _coaching(self) -> None:
        org_ref, title = COACHED_BRIEF
        brief = Challenge.objects.filter(
            organisation__ref=org_ref, title=title, status=Status.DRAFT
        ).first()
        coach = Organisation.objects.filter(ref=COACH).first()
        if brief is None or coach is None or brief.coaching_requests.exists():
            return
        owner = brief.organisation.memberships.filter(role="owner").first()
        if owner is None:
            return
        try:
            participation.coaching_request(
                actor=owner.user,
                challenge=brief,
                intermediary=coach,
                message="Kunt u meekijken of onze vraag duidelijk genoeg is voor een partner?",
            )
        except ValidationError:
            return
