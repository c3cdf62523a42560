"""python manage.py demo_challenges — demo challenges in several lifecycle states (idempotent).

Needs `python manage.py demo` (the demo organisations and people) and `load_challenge_content`
first. Each challenge is created once, identified by its organisation and title; the lifecycle
runs through the same services the application uses, with the clock moved for proposals that
must have been submitted before a deadline that has passed.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from marketplace.models import AwardPlace, Challenge, NdaTerms, Organisation, Technology, User
from marketplace.models.challenges import Status
from marketplace.services import awards, challenges, judging, ndas, participation, proposals

IMPACT = {
    "impact_work_organisation": "Operatoren sturen de nieuwe installatie zelf aan; de planning "
    "verandert niet voor de ploegen.",
    "impact_skills": "Twee medewerkers volgen een opleiding; iedereen krijgt een introductie.",
    "impact_safety": "Minder tilwerk en minder herhaalde bewegingen.",
    "impact_privacy": "Er worden geen gegevens per persoon bijgehouden.",
}

DEMO: list[dict[str, Any]] = [
    {
        "org": "demo:leiehout",
        "owner": "demo@kruispunt.example",
        "type": "prototype",
        "sector": "furniture",
        "target": Status.OPEN,
        "budget": 40_000,
        "title": "Online configurator die rechtstreeks CNC-programma's maakt",
        "summary": "Wij maken maatwerkkasten en -tafels in kleine series. Elke bestelling vraagt "
        "twee uur tekenwerk en manuele CNC-programmatie. We zoeken een partner die een "
        "configurator bouwt die meteen een correct programma voor onze nestingmachine maakt.",
        "goal": "De doorlooptijd van offerte tot productie terugbrengen van 10 naar 3 werkdagen.",
        "scope": "Een werkend prototype voor één kastfamilie, gekoppeld aan onze CNC, met "
        "documentatie en een opleiding voor twee medewerkers.",
        "confidential": "Onze huidige marges per kastfamilie en de naam van onze grootste klant.",
        "ip": "solver_keeps_licence",
        "tech": ["product-configurators", "cnc-automation"],
    },
    {
        "org": "demo:hoogveld-staalbouw",
        "owner": "marc.dirkx@demo.kruispunt.example",
        "type": "proof_of_concept",
        "sector": "metal",
        "target": Status.EVALUATING,
        "budget": 25_000,
        "title": "Robotlassen voor series van vijf stuks",
        "summary": "Onze lassers zijn schaars en onze series klein. We willen aantonen dat een "
        "lasrobot met offline programmatie uit het 3D-model ook kleine series rendabel last.",
        "goal": "Programmeertijd per nieuw onderdeel onder 30 minuten, lasnaden ISO 5817 B.",
        "scope": "Proefopstelling met drie typische onderdelen, rapport met business case.",
        "confidential": "Tekeningen van de drie onderdelen en onze uurkost.",
        "ip": "transfer_on_award",
        "tech": ["industrial-robots", "simulation"],
        "solvers": [
            ("arne.coppens@demo.kruispunt.example", "demo:isp"),
            ("lucas.martens@demo.kruispunt.example", None),
        ],
    },
    {
        "org": "demo:de-zwaluw",
        "owner": "stijn.desmet@demo.kruispunt.example",
        "type": "micro_assignment",
        "sector": "graphic",
        "target": Status.AWARDED,
        "budget": 4_000,
        "title": "Web-to-print-koppeling met ons MIS",
        "summary": "Bestellingen uit onze webshop moeten automatisch in ons MIS en bij prepress "
        "terechtkomen. We zoeken iemand die in enkele dagen een robuuste koppeling bouwt.",
        "goal": "80 % van de webbestellingen zonder manuele tussenkomst naar de pers.",
        "scope": "Koppeling, tests met 50 echte bestellingen, overdracht aan onze IT-partner.",
        "confidential": "",
        "ip": "non_confidential",
        "tech": ["web-to-print", "low-code-rpa"],
        "solvers": [("laura.cools@demo.kruispunt.example", None)],
    },
    {
        "org": "demo:lindenhof",
        "owner": "els.vanhoutte@demo.kruispunt.example",
        "type": "course_project",
        "sector": "clothing",
        "target": Status.OPEN,
        "budget": 1_500,
        "visibility": "invited",
        "title": "Maatwerkmantels sneller met 3D-bodyscans",
        "summary": "Een studententeam onderzoekt hoe 3D-bodyscans en digitale patronen ons "
        "maatwerk sneller maken, met onze patroontekenaars als klankbord.",
        "goal": "Een pasbeurt minder per maatwerkbestelling.",
        "scope": "Verkenning van scanners, proef met tien klanten, advies en opleidingsplan.",
        "confidential": "Onze patroonbibliotheek en klantenbestand blijven in huis.",
        "ip": "university_agreement",
        "tech": ["3d-scanning", "cad-cam"],
    },
    {
        "org": "demo:goudkorst",
        "owner": "bart.ceulemans@demo.kruispunt.example",
        "type": "idea",
        "sector": "food",
        "target": Status.DRAFT,
        "budget": None,
        "title": "Minder energie voor onze ovens",
        "summary": "Onze ovens staan vaak op temperatuur zonder product.",
        "goal": "",
        "scope": "",
        "confidential": "",
        "ip": "non_confidential",
        "tech": ["energy-monitoring"],
    },
]


def _place_description(budget: int | None) -> str:
    if not budget:
        return "Vervolgopdracht na gunning"
    return f"Vervolgopdracht na gunning, budget ongeveer € {budget:,}".replace(",", ".")


class Command(BaseCommand):
    help = "Create demo challenges in several lifecycle states (after `demo`)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not NdaTerms.objects.exists():
            call_command("load_challenge_content", verbosity=0)
        created = 0
        for spec in DEMO:
            organisation = Organisation.objects.filter(ref=spec["org"]).first()
            owner = User.objects.filter(email=spec["owner"]).first()
            if organisation is None or owner is None:
                raise CommandError("Run `python manage.py demo` first.")
            if Challenge.objects.filter(organisation=organisation, title=spec["title"]).exists():
                continue
            with transaction.atomic():
                self._build(spec, organisation, owner)
            created += 1
        if options["verbosity"]:
            self.stdout.write(f"Demo challenges: {created} created, {len(DEMO) - created} kept.")

    def _build(self, spec: dict[str, Any], organisation: Organisation, owner: User) -> None:
        now = timezone.now()
        challenge = challenges.challenge_create(
            actor=owner,
            organisation=organisation,
            type=spec["type"],
            title=spec["title"],
            summary=spec["summary"],
            goal=spec["goal"],
            scope=spec["scope"],
            confidential_detail=spec["confidential"],
            sector=spec["sector"],
            budget_eur=spec["budget"],
            ip_regime=spec["ip"],
            language="nl",
            visibility=spec.get("visibility", "public"),
            nuts=organisation.nuts,
            deadline=now + timedelta(weeks=6),
            feedback_deadline=(now + timedelta(weeks=10)).date(),
            technologies=Technology.objects.filter(slug__in=spec["tech"]),
            **IMPACT,
        )
        worker = organisation.memberships.filter(user__profile__kind="worker").first()
        if worker is not None:
            participation.endorsement_add(
                user=worker.user,
                challenge=challenge,
                anonymous=True,
                comment="Goed idee, we doen dit nu met de hand.",
            )
        if spec["target"] == Status.DRAFT:
            return
        AwardPlace.objects.create(
            challenge=challenge,
            rank=1,
            title="Winnaar",
            # The demo runs without Stripe: a money place would have to be funded through
            # Checkout before opening, so the demo's places are agreements, not payouts.
            description=_place_description(spec["budget"]),
            amount_eur=None,
        )
        challenge = challenges.challenge_transition(
            actor=owner, challenge=challenge, to=Status.OPEN
        )
        submitted = []
        for email, org_ref in spec.get("solvers", []):
            solver = User.objects.get(email=email)
            org = Organisation.objects.filter(ref=org_ref).first() if org_ref else None
            terms = NdaTerms.objects.current()
            if spec["confidential"] and terms is not None:
                ndas.nda_accept(
                    user=solver, challenge=challenge, organisation=org, terms_version=terms.version
                )
            proposal = proposals.proposal_create(
                user=solver,
                challenge=challenge,
                kind="organisation" if org else "person",
                organisation=org,
                title=f"Voorstel van {org.name if org else solver.display_name}",
                summary="Onze aanpak in drie stappen: analyse, proefopstelling, overdracht.",
                approach="We starten met een werkbezoek en een analyse met de operatoren.",
                answers={c.key: "Zie onze aanpak." for c in challenge.criteria.all()},
                price_eur=spec["budget"],
            )
            submitted.append(proposals.proposal_submit(user=solver, proposal=proposal))
        if spec["target"] == Status.OPEN:
            return
        # The deadline passes (demo time travel), then judging starts.
        Challenge.objects.filter(pk=challenge.pk).update(deadline=now - timedelta(hours=1))
        challenge.refresh_from_db()
        challenge = challenges.challenge_transition(
            actor=None, challenge=challenge, to=Status.EVALUATING, note="deadline passed"
        )
        judge = judging.judge_invite(
            actor=owner,
            challenge=challenge,
            user=User.objects.get(email="geert.vanhecke@demo.kruispunt.example"),
        )
        judging.judge_respond(judge=judge, accept=True)
        judging.assignments_bulk(challenge=challenge, per_proposal=1)
        for assignment in judge.assignments.all():
            judging.evaluation_save(
                assignment=assignment,
                final=True,
                scores=[
                    {"criterion": c.key, "value": 6 + (assignment.pk % 4)}
                    for c in challenge.criteria.all()
                ],
            )
        if spec["target"] == Status.EVALUATING:
            return
        for proposal in submitted:
            judging.feedback_send(
                actor=owner,
                proposal=proposal,
                reason="Sterk voorstel met een duidelijke planning en "
                "aandacht voor de mensen op de vloer.",
            )
        awards.award_grant(actor=owner, place=challenge.award_places.get(), proposal=submitted[0])
        challenges.challenge_transition(actor=owner, challenge=challenge, to=Status.AWARDED)
