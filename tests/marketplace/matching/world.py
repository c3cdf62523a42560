"""A generated matching world: organisations in regions and sectors, past projects on topics
with call-topic tags, and queries with and without an asking organisation. Deterministic per
seed; written in the bulk formats of DESIGN.md."""

from __future__ import annotations

import csv
import random
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[3] / "marketplace" / "data"
TOPICS = {
    "T1": "welding robot steel frame laser cutting sheet metal automation",
    "T2": "brewery beer bottling fermentation yeast hops packaging",
    "T3": "battery recycling lithium cathode metals recovery circular",
    "T4": "sensor vision camera inspection quality machine learning defects",
    "T5": "textile fibre weaving workwear coating smart fabric",
    "T6": "furniture wood panel joinery upholstery design assembly",
    "T7": "food processing dairy cheese hygiene cold chain traceability",
    "T8": "hydrogen electrolysis fuel cell storage grid energy",
}
NACE_OF_TOPIC = {
    "T1": ["25.110", "28.990"],
    "T2": ["11.050", "46.340"],
    "T3": ["38.320", "24.450"],
    "T4": ["26.511", "62.010"],
    "T5": ["13.200", "14.120"],
    "T6": ["31.091", "16.230"],
    "T7": ["10.510", "52.100"],
    "T8": ["35.110", "27.110"],
}
KINDS = ["company"] * 5 + ["university", "research_centre", "knowledge_centre", "other"]


def _nuts3(countries: tuple[str, ...] = ("BE", "NL", "FR", "DE")) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {c: [] for c in countries}
    with open(DATA / "nuts_2016.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["level"] == "3" and row["country"] in out:
                out[row["country"]].append(row["code"])
    return out


def generate(
    seed: int, n_orgs: int = 240, n_projects: int = 420
) -> tuple[list[dict], list[dict], list[dict]]:
    """(organisations, collaborations, queries) as bulk-format dicts."""
    rng = random.Random(seed)
    regions = _nuts3()
    topics = list(TOPICS)
    orgs: list[dict[str, Any]] = []
    home: dict[str, str] = {}
    for i in range(n_orgs):
        topic = rng.choice(topics)
        country = rng.choices(list(regions), weights=[6, 2, 1, 1])[0]
        ref = f"gen:{seed}:{i}"
        home[ref] = topic
        vocabulary = TOPICS[topic].split()
        orgs.append(
            {
                "ref": ref,
                "name": f"Generated organisation {i}",
                "kind": rng.choice(KINDS),
                "country": country,
                "nuts": rng.choice(regions[country]) if rng.random() < 0.8 else "",
                "nace": rng.sample(NACE_OF_TOPIC[topic], k=rng.randint(0, 2)),
                "description": " ".join(rng.sample(vocabulary, k=rng.randint(0, 5))),
            }
        )
    by_topic = {t: [o["ref"] for o in orgs if home[o["ref"]] == t] for t in topics}
    projects = []
    for j in range(n_projects):
        topic = rng.choice(topics)
        size = rng.randint(2, 6)
        members = rng.sample(by_topic[topic], k=min(size, len(by_topic[topic])))
        if rng.random() < 0.3:
            members.append(rng.choice(orgs)["ref"])  # someone from outside the topic
        members = list(dict.fromkeys(members))
        year = rng.randint(2008, 2016)
        call = f"{topic}-{rng.randint(1, 6):02d}-{year}"
        projects.append(
            {
                "ref": f"genproj:{seed}:{j}",
                "title": " ".join(rng.sample(TOPICS[topic].split(), k=3)).capitalize(),
                "summary": " ".join(rng.sample(TOPICS[topic].split(), k=4)),
                "start": f"{year}-{rng.randint(1, 12):02d}-01",
                "tags": [call, topic],
                "participants": [
                    {"org": m, "role": "coordinator" if k == 0 else "participant"}
                    for k, m in enumerate(members)
                ],
            }
        )
    queries = []
    for k in range(70):
        topic = rng.choice(topics)
        text = " ".join(rng.sample(TOPICS[topic].split(), k=rng.randint(2, 5)))
        query: dict[str, Any] = {"id": f"q{k}", "text": text}
        if k % 3:
            query["org"] = rng.choice(by_topic[topic])
            query["tags"] = [f"{topic}-{rng.randint(1, 6):02d}-2017", topic]
        queries.append(query)
    return orgs, projects, queries
