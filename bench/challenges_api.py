"""Benchmark: the challenge list and search API with 10,000 challenges and 50,000 proposals.

usage: python bench/challenges_api.py [--requests N]
Builds a fresh PostgreSQL database (bench/benchdb.py), fills it with bulk inserts, then calls
GET /api/v1/challenges/ in process (Django test client, full middleware stack) as an anonymous
visitor and as a signed-in member, with and without filters, and with full-text queries.
Prints the figures and ends with one JSON line holding list_p95_ms and search_p95_ms.
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


def _words(text: str) -> list[str]:
    return text.split()


WORDS = {
    "nl": _words(
        """
        lasrobot zaagmachine oven energie verpakking etiket drukpers kwaliteit camera
        sensor onderhoud planning maatwerk configurator textiel snijden afval koeling
        traceerbaarheid cobot veiligheid ergonomie digitalisering productie lijn
        """
    ),
    "en": _words(
        """
        welding robot saw oven energy packaging label press quality camera sensor
        maintenance planning custom configurator textile cutting waste cooling
        traceability cobot safety ergonomics digitalisation production line
        """
    ),
    "fr": _words(
        """
        soudage robot scie four énergie emballage étiquette presse qualité caméra
        capteur maintenance planification sur-mesure configurateur textile découpe
        déchets froid traçabilité cobot sécurité ergonomie numérisation production
        ligne
        """
    ),
}
QUERIES = [
    "welding robot",
    "lasrobot",
    "energie oven",
    "qualité caméra",
    "packaging",
    "cobot",
    "traceability",
    "textiel snijden",
    "maintenance",
    "configurator",
]


def build(n_challenges: int, n_proposals: int) -> dict:
    from django.db import connection, transaction
    from django.utils import timezone

    from marketplace.models import (
        Challenge,
        Membership,
        NutsRegion,
        Organisation,
        Proposal,
        Technology,
        User,
    )
    from marketplace.models.search import search_text

    rng = random.Random(7)
    now = timezone.now()
    with transaction.atomic():
        orgs = Organisation.objects.bulk_create(
            [
                Organisation(name=f"Bench org {i}", kind="company", size_class="small")
                for i in range(300)
            ]
        )
        users = User.objects.bulk_create(
            [User(email=f"bench{i}@example.org", password="!") for i in range(600)]  # noqa: S106
        )
        Membership.objects.bulk_create(
            [
                Membership(
                    organisation=orgs[i % 300], user=u, role="owner" if i < 300 else "member"
                )
                for i, u in enumerate(users)
            ]
        )
        regions = list(
            NutsRegion.objects.filter(level=3, country="BE").values_list("code", flat=True)
        )
        techs = list(Technology.objects.values_list("slug", flat=True))
        challenges = []
        for i in range(n_challenges):
            lang = rng.choice(["nl", "en", "fr"])
            words = WORDS[lang]
            status = rng.choices(
                ["open", "evaluating", "awarded", "completed", "draft"], [60, 15, 10, 10, 5]
            )[0]
            challenges.append(
                Challenge(
                    organisation=orgs[i % 300],
                    type=rng.choice(TYPES),
                    language=lang,
                    title=" ".join(rng.sample(words, 4)).capitalize(),
                    summary=" ".join(rng.choices(words, k=40)),
                    goal=" ".join(rng.choices(words, k=10)),
                    confidential_detail="secret " * 20,
                    sector=rng.choice(SECTORS),
                    nuts_id=rng.choice(regions) if regions else None,
                    budget_eur=rng.choice([None, 2_000, 10_000, 25_000, 80_000]),
                    deadline=now + timedelta(days=rng.randint(-60, 120)),
                    feedback_deadline=(now + timedelta(days=150)).date(),
                    visibility=rng.choices(["public", "registered", "invited"], [80, 15, 5])[0],
                    anonymous_seeker=rng.random() < 0.05,
                    status=status,
                    published_at=None
                    if status == "draft"
                    else now - timedelta(days=rng.randint(0, 400)),
                )
            )
        challenges = Challenge.objects.bulk_create(challenges, batch_size=2000)
        through = Challenge.technologies.through
        chosen = {c.pk: rng.sample(techs, 2) for c in challenges}
        through.objects.bulk_create(
            [
                through(challenge_id=c.pk, technology_id=slug)
                for c in challenges
                for slug in chosen[c.pk]
            ],
            batch_size=5000,
        )
        # The same normalised search text the model's save path stores.
        labels = {
            t.slug: f"{t.label_nl} {t.label_en} {t.label_fr}" for t in Technology.objects.all()
        }
        for c in challenges:
            c.search_text = search_text(
                c.title, *(labels[s] for s in chosen[c.pk]), c.summary, c.goal, c.scope
            )
        Challenge.objects.bulk_update(challenges, ["search_text"], batch_size=2000)
        with connection.cursor() as cursor:
            # The same vector the model's save path stores, computed in bulk.
            cursor.execute("""
                UPDATE marketplace_challenge c SET technology_slugs = coalesce((
                      SELECT jsonb_agg(ct.technology_id ORDER BY ct.technology_id)
                      FROM marketplace_challenge_technologies ct
                      WHERE ct.challenge_id = c.id), '[]'::jsonb),
                  search_vector =
                  setweight(to_tsvector(cfg.name::regconfig, c.title), 'A') ||
                  setweight(to_tsvector(cfg.name::regconfig,
                                        c.summary || ' ' || c.goal || ' ' || c.scope), 'B') ||
                  setweight(to_tsvector('simple', coalesce((
                      SELECT string_agg(t.label_nl || ' ' || t.label_en || ' ' || t.label_fr, ' ')
                      FROM marketplace_challenge_technologies ct
                      JOIN marketplace_technology t ON t.slug = ct.technology_id
                      WHERE ct.challenge_id = c.id), '')), 'C') ||
                  setweight(to_tsvector('simple', c.title), 'D')
                FROM (VALUES ('nl', 'dutch'), ('en', 'english'), ('fr', 'french'))
                     AS cfg(lang, name)
                WHERE cfg.lang = c.language
            """)
        published = [c for c in challenges if c.status != "draft"]
        proposals = [
            Proposal(
                challenge=rng.choice(published),
                kind="person",
                created_by=rng.choice(users),
                title=f"Proposal {i}",
                summary="secret proposal " * 10,
                status=rng.choice(["submitted", "submitted", "draft", "withdrawn"]),
            )
            for i in range(n_proposals)
        ]
        Proposal.objects.bulk_create(proposals, batch_size=5000)
    with connection.cursor() as cursor:
        # The bulk UPDATE above rewrote every row at once, leaving the table twice its size; a
        # table filled row by row (with autovacuum) does not look like that. Compact it.
        cursor.execute("VACUUM FULL ANALYZE marketplace_challenge")
        cursor.execute("VACUUM ANALYZE")
    return {"member": users[350]}


def measure(client, path: str, params: dict, runs: int) -> list[float]:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(path, params)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.content[:300]
    return timings


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[94]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--challenges", type=int, default=10_000)
    parser.add_argument("--proposals", type=int, default=50_000)
    args = parser.parse_args()
    fresh_database("challenges")
    from django.test import Client

    from marketplace.models import Challenge, Proposal

    started = time.perf_counter()
    people = build(args.challenges, args.proposals)
    print(
        f"built {Challenge.objects.count()} challenges and {Proposal.objects.count()} "
        f"proposals in {time.perf_counter() - started:.1f} s"
    )
    anonymous = Client()
    member = Client()
    member.force_login(people["member"])
    rng = random.Random(11)
    url = "/api/v1/challenges/"
    list_params = [
        {},
        {"sector": "metal"},
        {"type": "prototype", "status": "open"},
        {"technology": "cobots"},
        {"ordering": "deadline"},
        {"page": "3"},
        {"region": "BE2", "has_prize": "true"},
    ]
    for client in (anonymous, member):  # warm up connections and caches
        measure(client, url, {}, 5)
        measure(client, url, {"q": "robot"}, 5)
    list_times: list[float] = []
    search_times: list[float] = []
    for i in range(args.requests):
        client = anonymous if i % 2 else member
        list_times += measure(client, url, rng.choice(list_params), 1)
        search_times += measure(client, url, {"q": rng.choice(QUERIES)}, 1)
    for name, values in [("list", list_times), ("search", search_times)]:
        print(
            f"{name}: n={len(values)} median {statistics.median(values):.1f} ms, "
            f"p95 {p95(values):.1f} ms, max {max(values):.1f} ms"
        )
    load = os.getloadavg()
    print(
        f"machine: {os.cpu_count()} CPUs, load average {load[0]:.1f} during the run "
        "(other processes slow every request on a shared machine)"
    )
    sample = anonymous.get(url, {"q": "welding robot"}).json()
    print(f"search 'welding robot': {sample['count']} hits; facets {sorted(sample['facets'])}")
    print(
        json.dumps(
            {
                "challenges": args.challenges,
                "proposals": args.proposals,
                "requests": args.requests,
                "list_p50_ms": round(statistics.median(list_times), 1),
                "list_p95_ms": round(p95(list_times), 1),
                "search_p50_ms": round(statistics.median(search_times), 1),
                "search_p95_ms": round(p95(search_times), 1),
                "load_average": round(load[0], 1),
            }
        )
    )


if __name__ == "__main__":
    main()
