"""An independent check of suggestion reasons against the data they were made from.

Given the organisations and past projects as they were imported (bulk-format dicts) and the
queries, :func:`check_answers` verifies every reason of every answer line: it has evidence, and
each fact in it holds in the data (projects of the candidate, and of both for a past
partnership; partners via whom worked with both; a region shared at NUTS-2 or finer; shared
tags and call topics; technologies and words found in both texts; counts and years). It does
not use the engine's index: the facts are re-derived from the raw records.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marketplace.matching.analysis import LANGUAGES, analyze, stem, words
from marketplace.matching.concepts import ConceptMatcher
from marketplace.matching.vectors import tag_keys

IO_DIR = Path(__file__).resolve().parents[3] / "marketplace" / "data" / "io"
NEEDS_QUERY_ORG = {
    "past_partner",
    "partner_on_similar_project",
    "partner_of_partner",
    "same_region",
    "complementary_role",
    "value_chain",
}


@dataclass
class World:
    organisations: dict[str, dict[str, Any]]
    projects: dict[str, dict[str, Any]]
    lexicon: Mapping[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.projects_of: dict[str, set[str]] = defaultdict(set)
        for ref, project in self.projects.items():
            for p in project["participants"]:
                self.projects_of[p["org"]].add(ref)
        self.matcher = ConceptMatcher(self.lexicon)

    def members(self, project: str) -> set[str]:
        return {p["org"] for p in self.projects[project]["participants"]}

    def year(self, project: str) -> int | None:
        start = self.projects[project].get("start")
        return int(start[:4]) if start else None

    def texts(self, org: str) -> list[str]:
        o = self.organisations.get(org, {})
        out = [o.get("description") or ""]
        for ref in self.projects_of[org]:
            p = self.projects[ref]
            out.append(f"{p.get('title', '')}\n{p.get('summary', '')}")
        return out

    def stems(self, org: str) -> set[str]:
        return {t for text in self.texts(org) for t in analyze(text)}

    def concepts(self, org: str) -> set[str]:
        return {c for text in self.texts(org) for c in self.matcher.find(analyze(text))}


def _io_shares() -> tuple[dict[tuple[str, str], float], dict[tuple[str, str], float], dict]:
    inputs: dict[tuple[str, str], float] = {}
    sales: dict[tuple[str, str], float] = {}
    with open(IO_DIR / "belgium_io_nace64_links_long.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            key = (r["supplier_sector"], r["customer_sector"])
            inputs[key] = float(r["share_of_customer_intermediate_inputs"])
            sales[key] = float(r["share_of_supplier_intermediate_sales"])
    divisions: dict[str, str] = {}
    with open(IO_DIR / "sectors_nace64.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            first, _, last = r["sector"].partition("-")
            for d in range(int(first), int(last or first) + 1):
                divisions[f"{d:02d}"] = r["sector"]
    return inputs, sales, divisions


class Problems(list[str]):
    def add(self, qid: Any, cand: str, code: str, what: str) -> None:
        self.append(f"query {qid}, {cand}, {code}: {what}")


def check_answers(
    world: World, queries: Iterable[Mapping[str, Any]], answers: Iterable[Mapping[str, Any]]
) -> tuple[int, Problems]:
    """Check every reason; returns (reasons checked, problems found)."""
    inputs, sales, divisions = _io_shares()
    problems = Problems()
    checked = 0
    for query, answer in zip(queries, answers, strict=True):
        qid = query.get("id")
        q = query.get("org") if query.get("org") in world.organisations else None
        for s in answer.get("suggestions") or []:
            c = s["org"]
            for reason in s["reasons"]:
                checked += 1
                code, e = reason["code"], reason.get("evidence") or {}
                say = lambda what, q=qid, c=c, code=code: problems.add(q, c, code, what)  # noqa: E731
                if not e:
                    say("no evidence")
                    continue
                if not reason.get("text") or reason["text"] == code:
                    say("no sentence")
                if code in NEEDS_QUERY_ORG and q is None:
                    say("a fact about the asker, but the query names no known organisation")
                    continue
                _check_projects(world, q, c, code, e, say)
                _check_via(world, q, c, code, e, say)
                _check_place(world, q, c, e, say)
                _check_tags(world, query, c, e, say)
                _check_texts(world, query, c, e, say)
                _check_counts(world, q, c, code, e, say)
                if code == "value_chain":
                    _check_value_chain(world, q, c, e, say, inputs, sales, divisions)
                if code == "complementary_role":
                    if e.get("kind") != world.organisations[c].get("kind", ""):
                        say(f"kind {e.get('kind')!r} is not the candidate's")
                    if e.get("query_kind") != world.organisations[q].get("kind", ""):
                        say(f"kind {e.get('query_kind')!r} is not the asker's")
    return checked, problems


def _check_projects(world: World, q: str | None, c: str, code: str, e: dict, say: Any) -> None:
    for ref in e.get("projects") or []:
        if ref not in world.projects:
            say(f"unknown project {ref}")
        elif c not in world.members(ref):
            say(f"{c} did not take part in {ref}")
        elif code in {"past_partner", "partner_on_similar_project"} and q not in world.members(ref):
            say(f"the asker did not take part in {ref}")


def _partners(world: World, org: str) -> set[str]:
    return {m for ref in world.projects_of[org] for m in world.members(ref)} - {org}


def _check_via(world: World, q: str | None, c: str, code: str, e: dict, say: Any) -> None:
    via = e.get("via") or []
    for v in via:
        if v in {q, c}:
            say(f"via {v} is one of the two themselves")
        if v not in _partners(world, c):
            say(f"via {v} never worked with the candidate")
        if code == "partner_of_partner" and (q is None or v not in _partners(world, q)):
            say(f"via {v} never worked with the asker")
    if code == "partner_of_partner" and int(e.get("count") or 0) < len(via):
        say("count of shared partners below the partners named")
    for ref in e.get("via_projects") or []:
        if ref not in world.projects or not set(via) & world.members(ref):
            say(f"{ref} has none of the organisations named")


def _check_place(world: World, q: str | None, c: str, e: dict, say: Any) -> None:
    if "nuts" in e:
        code = str(e["nuts"])
        if len(code) < 4:
            say(f"region {code} is coarser than NUTS-2")
        for org in (q, c):
            if not str(world.organisations[org].get("nuts") or "").startswith(code):
                say(f"{org} is not in {code}")
    if "country" in e:
        for org in (q, c):
            if world.organisations[org].get("country") != e["country"]:
                say(f"{org} is not in {e['country']}")


def _candidate_tag_keys(world: World, c: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for ref in world.projects_of[c]:
        for tag in world.projects[ref].get("tags") or []:
            for key in tag_keys(tag):
                out[key].add(ref)
    return out


def _check_tags(world: World, query: Mapping[str, Any], c: str, e: dict, say: Any) -> None:
    if not e.get("tags") and not e.get("topics"):
        return
    theirs = _candidate_tag_keys(world, c)
    ours = {k for t in query.get("tags") or [] for k in tag_keys(t)}
    for tag in e.get("tags") or []:
        key = "=" + tag.strip().lower()
        if key not in ours:
            say(f"tag {tag} is not the query's")
        if key not in theirs:
            say(f"no project of the candidate carries {tag}")
    for topic in e.get("topics") or []:
        key = "^" + topic.lower()
        if key not in ours:
            say(f"topic {topic} is not the query's")
        if key not in theirs:
            say(f"no project of the candidate is under {topic}")


def _check_texts(world: World, query: Mapping[str, Any], c: str, e: dict, say: Any) -> None:
    text = str(query.get("text") or "")
    if e.get("technologies"):
        asked = world.matcher.find(analyze(text))
        theirs = world.concepts(c)
        for tech in e["technologies"]:
            if tech not in asked:
                say(f"{tech} is not in the query's text")
            if tech not in theirs:
                say(f"{tech} is not in the candidate's texts")
    if e.get("words"):
        query_words = set(words(text))
        query_stems = set(analyze(text))
        stems = world.stems(c)
        for word in e["words"]:
            variants = {stem(word, language) for language in LANGUAGES}
            if word not in query_words:
                say(f"word {word!r} is not in the query")
            elif not variants & query_stems & stems:
                say(f"word {word!r} is not in the candidate's texts")


def _check_counts(world: World, q: str | None, c: str, code: str, e: dict, say: Any) -> None:
    if "count" not in e or code == "partner_of_partner":
        return
    if code == "past_partner":
        assert q is not None
        pool = world.projects_of[c] & world.projects_of[q]
    elif code == "active_track_record":
        pool = world.projects_of[c]
    elif code == "works_with_smes":
        pool = world.projects_of[c]
        if e["count"] > len(pool):
            say("more projects with SMEs than projects")
        return
    else:
        return
    if e["count"] != len(pool):
        say(f"count {e['count']} but the data has {len(pool)}")
    years = [y for y in (world.year(p) for p in pool) if y is not None]
    if "year" in e and (not years or e["year"] != max(years)):
        say(f"year {e['year']} but the last project started in {max(years, default=None)}")
    for ref in e.get("projects") or []:
        if ref not in pool:
            say(f"{ref} is not among the projects counted")


def _check_value_chain(
    world: World, q: str | None, c: str, e: dict, say: Any, inputs: dict, sales: dict, divisions
) -> None:
    def sectors(org: str | None) -> set[str]:
        codes = world.organisations.get(org or "", {}).get("nace") or []
        return {divisions[x[:2]] for x in codes if x[:2] in divisions}

    supplier, customer = e.get("supplier_sector"), e.get("customer_sector")
    if e.get("direction") == "supplier":
        mine, theirs, table = customer, supplier, inputs
    else:
        mine, theirs, table = supplier, customer, sales
    if mine not in sectors(q):
        say(f"the asker is not in sector {mine}")
    if theirs not in sectors(c):
        say(f"the candidate is not in sector {theirs}")
    share = table.get((supplier, customer))
    if share is None or abs(share - float(e.get("share") or 0)) > 1e-3:
        say(f"share {e.get('share')} is not the table's {share}")
