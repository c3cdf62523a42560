"""Benchmark: the programme dashboard's data requests on 10,000 challenges, 50,000 proposals
and 100,000 suggestion events.

usage: python bench/dashboards.py [--rounds N]
Builds a fresh PostgreSQL database (bench/benchdb.py) with bulk inserts: organisations of
every kind across Flanders' arrondissements, challenges posted over two years with their
lifecycle log, proposals with feedback, awards, coaching requests, past joint projects and
shown suggestions with reactions. Then, as an intermediary's advisor (Django test client,
full middleware stack), it fetches each figure's CSV endpoint and the whole page under a set
of filters, many times.

The figure cache (a minute) would answer every repeat from memory, so the timed requests run
with it off (INSIGHTS_CACHE_SECONDS=0): each request runs its SQL. A short second pass with the
cache on shows what a repeated request costs. Prints the figures and the load average; ends
with one JSON line holding p95_ms (uncached figure requests).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import time
from datetime import timedelta

from benchdb import fresh_database

SECTORS = ["clothing", "food", "furniture", "metal", "graphic", "other"]
TYPES = [
    "idea",
    "proof_of_concept",
    "prototype",
    "partner_search",
    "course_project",
    "micro_assignment",
]
KINDS = ["company"] * 14 + [
    "university",
    "research_centre",
    "knowledge_centre",
    "intermediary",
    "public_body",
    "other",
]
SIZES = ["micro", "small", "medium", "large", ""]
PATHS = {
    "open": ["open"],
    "evaluating": ["open", "evaluating"],
    "awarded": ["open", "evaluating", "awarded"],
    "in_progress": ["open", "evaluating", "awarded", "in_progress"],
    "completed": ["open", "evaluating", "awarded", "in_progress", "completed"],
    "cancelled": ["open", "cancelled"],
    "draft": [],
}
FIGURES = [
    "activity",
    "newcomers",
    "regions",
    "responsiveness",
    "stalls",
    "coaching",
    "matching",
    "dismissals",
]
REASONS = [
    "already_known",
    "not_relevant",
    "wrong_sector",
    "too_far",
    "wrong_size",
    "competitor",
    "other",
]


def build(n_challenges: int, n_proposals: int, n_events: int) -> dict:
    from django.db import connection, transaction
    from django.utils import timezone

    from marketplace.matching.models import ShownSuggestion
    from marketplace.models import (
        Award,
        AwardPlace,
        BriefCoachingRequest,
        Challenge,
        ChallengeTransition,
        Collaboration,
        Feedback,
        Membership,
        NutsRegion,
        Organisation,
        Participation,
        Proposal,
        User,
    )

    rng = random.Random(17)
    now = timezone.now()
    regions = [
        *NutsRegion.objects.filter(level=3, code__startswith="BE2").values_list("code", flat=True),
        "BE100",
    ]
    with transaction.atomic():
        orgs = Organisation.objects.bulk_create(
            [
                Organisation(
                    name=f"Bench org {i}",
                    kind=rng.choice(KINDS),
                    size_class=rng.choice(SIZES),
                    nuts_id=rng.choice(regions),
                )
                for i in range(2_000)
            ],
            batch_size=2_000,
        )
        companies = [o for o in orgs if o.kind == "company"]
        intermediary = next(o for o in orgs if o.kind == "intermediary")
        users = User.objects.bulk_create(
            [User(email=f"bench{i}@example.org", password="!") for i in range(3_000)],  # noqa: S106
            batch_size=3_000,
        )
        advisor = users[0]
        Membership.objects.bulk_create(
            [Membership(organisation=intermediary, user=advisor, role="member")]
            + [
                Membership(organisation=orgs[i], user=users[i + 1], role="owner")
                for i in range(len(orgs))
            ]
        )
        projects = Collaboration.objects.bulk_create(
            [Collaboration(ref=f"bench:{i}", title=f"Project {i}") for i in range(600)]
        )
        Participation.objects.bulk_create(
            [
                Participation(collaboration=projects[i % 600], organisation=org)
                for i, org in enumerate(rng.sample(orgs, 900))
            ],
            ignore_conflicts=True,
        )
        challenges, created = [], []
        for _i in range(n_challenges):
            status = rng.choices(list(PATHS), [35, 15, 10, 8, 12, 8, 12])[0]
            posted = now - timedelta(days=rng.uniform(0, 730))
            published = None if status == "draft" else posted + timedelta(days=rng.uniform(0, 20))
            challenges.append(
                Challenge(
                    organisation=rng.choice(companies if rng.random() < 0.85 else orgs),
                    type=rng.choice(TYPES),
                    title="Bench challenge",
                    summary="summary",
                    confidential_detail="secret",
                    sector=rng.choice(SECTORS),
                    nuts_id=rng.choice(regions) if rng.random() < 0.6 else None,
                    deadline=(published or posted) + timedelta(days=30),
                    feedback_deadline=((published or posted) + timedelta(days=60)).date(),
                    status=status,
                    published_at=published,
                )
            )
            created.append(posted)
        challenges = Challenge.objects.bulk_create(challenges, batch_size=2_000)
        transitions = []
        for challenge, posted in zip(challenges, created, strict=True):
            at, previous = challenge.published_at or posted, "draft"
            for step in PATHS[challenge.status]:
                transitions.append(
                    ChallengeTransition(
                        challenge=challenge, from_status=previous, to_status=step, at=at
                    )
                )
                previous, at = step, at + timedelta(days=rng.uniform(5, 60))
        ChallengeTransition.objects.bulk_create(transitions, batch_size=5_000)
        published = [c for c in challenges if c.published_at]
        proposals = []
        for i in range(n_proposals):
            challenge = rng.choice(published)
            status = rng.choice(["submitted", "submitted", "submitted", "draft", "withdrawn"])
            by_org = rng.random() < 0.5
            proposals.append(
                Proposal(
                    challenge=challenge,
                    kind="organisation" if by_org else "person",
                    organisation=rng.choice(orgs) if by_org else None,
                    created_by=rng.choice(users),
                    title=f"Proposal {i}",
                    status=status,
                    submitted_at=None
                    if status == "draft"
                    else challenge.published_at + timedelta(days=rng.uniform(1, 30)),
                )
            )
        proposals = Proposal.objects.bulk_create(proposals, batch_size=5_000)
        submitted = [p for p in proposals if p.status == "submitted"]
        Feedback.objects.bulk_create(
            [
                Feedback(proposal=p, scores=[], reason="Bench feedback reason.")
                for p in rng.sample(submitted, len(submitted) // 2)
            ],
            batch_size=5_000,
        )
        awarded = [c for c in challenges if c.status in {"awarded", "in_progress", "completed"}]
        places = AwardPlace.objects.bulk_create(
            [AwardPlace(challenge=c, rank=1, title="First") for c in awarded], batch_size=5_000
        )
        by_challenge: dict[int, list] = {}
        for p in submitted:
            by_challenge.setdefault(p.challenge_id, []).append(p)
        Award.objects.bulk_create(
            [
                Award(place=place, proposal=by_challenge[place.challenge_id][0])
                for place in places
                if place.challenge_id in by_challenge
            ],
            batch_size=5_000,
        )
        BriefCoachingRequest.objects.bulk_create(
            [
                BriefCoachingRequest(
                    challenge=c,
                    intermediary=intermediary,
                    closed_at=None if rng.random() < 0.3 else now,
                )
                for c in rng.sample(challenges, 1_500)
            ],
            batch_size=5_000,
        )
        events = []
        for i in range(n_events):
            challenge = rng.choice(published)
            candidate = rng.choice(orgs)
            reacted = rng.random()
            events.append(
                ShownSuggestion(
                    subject=f"challenge:{challenge.pk}",
                    candidate=f"org:{candidate.pk}:{i}",
                    challenge=challenge,
                    organisation=candidate,
                    first_shown_at=challenge.published_at + timedelta(days=rng.uniform(0, 10)),
                    verdict="accepted" if reacted < 0.1 else "dismissed" if reacted < 0.25 else "",
                    reason="relevant"
                    if reacted < 0.1
                    else rng.choice(REASONS)
                    if reacted < 0.25
                    else "",
                )
            )
        ShownSuggestion.objects.bulk_create(events, batch_size=10_000)
    with connection.cursor() as cursor:
        # created_at is set by auto_now_add on insert; spread it over the two years.
        cursor.execute("CREATE TEMP TABLE posted (id bigint, at timestamptz)")
        with cursor.copy("COPY posted (id, at) FROM STDIN") as copy:
            for challenge, posted in zip(challenges, created, strict=True):
                copy.write_row((challenge.pk, posted))
        cursor.execute(
            "UPDATE marketplace_challenge c SET created_at = p.at FROM posted p WHERE p.id = c.id"
        )
        # What proposal_submit and award_grant record on a shown suggestion as they happen.
        cursor.execute("""
            UPDATE matching_shownsuggestion s SET proposed_at = x.at FROM (
              SELECT s2.id, MIN(p.submitted_at) AS at FROM matching_shownsuggestion s2
              JOIN marketplace_proposal p ON p.challenge_id = s2.challenge_id
               AND p.organisation_id = s2.organisation_id
               AND p.submitted_at >= s2.first_shown_at
              GROUP BY s2.id) x WHERE x.id = s.id""")
        cursor.execute("""
            UPDATE matching_shownsuggestion s SET won_at = x.at FROM (
              SELECT s2.id, MIN(a.awarded_at) AS at FROM matching_shownsuggestion s2
              JOIN marketplace_proposal p ON p.challenge_id = s2.challenge_id
               AND p.organisation_id = s2.organisation_id
              JOIN marketplace_award a ON a.proposal_id = p.id AND a.revoked_at IS NULL
               AND a.awarded_at >= s2.first_shown_at
              GROUP BY s2.id) x WHERE x.id = s.id""")
        cursor.execute("VACUUM FULL ANALYZE marketplace_challenge")
        cursor.execute("VACUUM ANALYZE")
    return {"advisor": advisor}


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[94]


def timed(client, path: str, params: dict) -> float:
    started = time.perf_counter()
    response = client.get(path, params)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (path, params, response.content[:300])
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--challenges", type=int, default=10_000)
    parser.add_argument("--proposals", type=int, default=50_000)
    parser.add_argument("--events", type=int, default=100_000)
    args = parser.parse_args()
    fresh_database("dashboards")
    from django.conf import settings
    from django.test import Client
    from django.utils import timezone

    from marketplace.matching.models import ShownSuggestion
    from marketplace.models import Challenge, Proposal

    started = time.perf_counter()
    people = build(args.challenges, args.proposals, args.events)
    print(
        f"built {Challenge.objects.count()} challenges, {Proposal.objects.count()} proposals "
        f"and {ShownSuggestion.objects.count()} suggestion events "
        f"({ShownSuggestion.objects.filter(proposed_at__isnull=False).count()} followed by a "
        f"proposal) in {time.perf_counter() - started:.1f} s"
    )
    client = Client()
    client.force_login(people["advisor"])
    today = timezone.localdate()
    year = {"start": (today - timedelta(days=364)).isoformat(), "end": today.isoformat()}
    filters = [
        {},
        year,
        {**year, "sector": "metal"},
        {**year, "region": "BE23"},
        {**year, "region": "BE234", "type": "prototype"},
        {**year, "kind": "company", "grain": "arrondissement"},
        {
            "start": (today - timedelta(days=729)).isoformat(),
            "end": today.isoformat(),
            "sector": "food",
            "kind": "company",
        },
    ]
    settings.INSIGHTS_CACHE_SECONDS = 0
    for figure in FIGURES:  # warm up connections and query plans
        timed(client, f"/en/dashboards/programme/{figure}.csv", {})
    per_figure: dict[str, list[float]] = {f: [] for f in FIGURES}
    pages: list[float] = []
    for _ in range(args.rounds):
        for params in filters:
            for figure in FIGURES:
                per_figure[figure].append(
                    timed(client, f"/en/dashboards/programme/{figure}.csv", params)
                )
            pages.append(timed(client, "/en/dashboards/programme/", params))
    figures = [t for values in per_figure.values() for t in values]
    for figure, values in per_figure.items():
        print(
            f"{figure:15} n={len(values)} median {statistics.median(values):6.1f} ms, "
            f"p95 {p95(values):6.1f} ms, max {max(values):6.1f} ms"
        )
    print(
        f"all figures     n={len(figures)} median {statistics.median(figures):6.1f} ms, "
        f"p95 {p95(figures):6.1f} ms"
    )
    print(
        f"whole page (all {len(FIGURES)} figures, uncached) n={len(pages)} median "
        f"{statistics.median(pages):6.1f} ms, p95 {p95(pages):6.1f} ms"
    )
    settings.INSIGHTS_CACHE_SECONDS = 60
    cached = []
    for params in filters:
        timed(client, "/en/dashboards/programme/", params)  # fills the cache
        cached += [timed(client, "/en/dashboards/programme/", params) for _ in range(5)]
    print(
        f"whole page from the cache: median {statistics.median(cached):.1f} ms, "
        f"p95 {p95(cached):.1f} ms"
    )
    load = os.getloadavg()
    print(
        f"machine: {os.cpu_count()} CPUs, load average {load[0]:.1f} during the run "
        "(other processes slow every request on a shared machine)"
    )
    print(
        json.dumps(
            {
                "challenges": args.challenges,
                "proposals": args.proposals,
                "suggestion_events": args.events,
                "requests": len(figures),
                "p50_ms": round(statistics.median(figures), 1),
                "p95_ms": round(p95(figures), 1),
                "page_p95_ms": round(p95(pages), 1),
                "cached_page_p95_ms": round(p95(cached), 1),
                "load_average": round(load[0], 1),
            }
        )
    )


if __name__ == "__main__":
    main()
